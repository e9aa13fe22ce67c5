package org.lantern.loaders.format.document;

import java.io.IOException;
import java.io.InputStream;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;

/**
 * {@code tat-json}: the Tech Against Terrorism hash list (TCAP): the list file (a JSON array of
 * entries), pages of the paginated API ({@code {"count": ..., "next": ..., "results": [...]}}),
 * concatenated or as JSON Lines. Entries as {@link TatRecords} describes; layout as {@link
 * JsonRecordReader} describes.
 *
 * <p>Thread-safety: immutable.
 */
public final class TatJsonFormat implements InputFormat {
  @Override
  public String name() {
    return "tat-json";
  }

  @Override
  public String description() {
    return "Tech Against Terrorism hash list (JSON array or API pages with results): one signal per entry "
        + "(hash_digest, algorithm MD5/SHA1/SHA256/PDQ); deleted entries are retracted";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    Head text = Head.of(head);
    return text.looksLikeJson() && text.contains("\"hash_digest\"") ? 95 : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    return new JsonRecordReader(source.name(), content, TatRecords.RECORDS_FIELD, new TatRecords());
  }
}
