package org.lantern.loaders.format.document;

import java.io.IOException;
import java.io.InputStream;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;

/**
 * {@code stopncii-json}: pages of StopNCII's FetchHashes API, as saved from it: one page per file,
 * pages concatenated, JSON Lines of pages, or of bare hash records. Records as {@link
 * StopNciiRecords} describes; layout as {@link JsonRecordReader} describes.
 *
 * <p>Thread-safety: immutable.
 */
public final class StopNciiJsonFormat implements InputFormat {
  /** Pages ({@code "hashRecords"} in the head): certain. */
  private static final int PAGES = 95;

  /**
   * JSON Lines of bare records ({@code "signalType"} and {@code "hashValue"}): above the generic
   * JSON Lines format (at most 90), which would read them as something else.
   */
  private static final int BARE_RECORDS = 93;

  @Override
  public String name() {
    return "stopncii-json";
  }

  @Override
  public String description() {
    return "StopNCII FetchHashes pages (JSON, pages concatenated or JSON Lines): one signal per hashRecords entry, "
        + "ImagePDQ as pdq, VideoMD5 as md5, category ncii; Withdrawn/Deleted hashes are retracted";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    Head text = Head.of(head);
    if (!text.looksLikeJson()) {
      return 0;
    }
    if (text.contains("\"" + StopNciiRecords.RECORDS_FIELD + "\"")) {
      return PAGES;
    }
    return text.contains("\"signalType\"") && text.contains("\"hashValue\"") ? BARE_RECORDS : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    return new JsonRecordReader(source.name(), content, StopNciiRecords.RECORDS_FIELD, new StopNciiRecords());
  }
}
