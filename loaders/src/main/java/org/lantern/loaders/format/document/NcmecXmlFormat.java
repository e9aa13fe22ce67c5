package org.lantern.loaders.format.document;

import java.io.IOException;
import java.io.InputStream;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;

/**
 * {@code ncmec-xml}: a response of NCMEC's hash-sharing API (v2 {@code <queryResult>}), read as
 * {@link NcmecXmlReader} and {@link NcmecEntry} describe.
 *
 * <p>Thread-safety: immutable.
 */
public final class NcmecXmlFormat implements InputFormat {
  @Override
  public String name() {
    return "ncmec-xml";
  }

  @Override
  public String description() {
    return "NCMEC hash-sharing XML (v2 <queryResult>): one signal per md5/sha1/sha256/pdq fingerprint of each <image>/<video>; "
        + "<deletedImage>/<deletedVideo> fingerprints are retracted, PhotoDNA is counted as unsupported";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    Head text = Head.of(head);
    if (text.first() != '<') {
      return 0;
    }
    if (text.contains("hashsharing.ncmec.org") || text.contains("<queryResult")) {
      return 95;
    }
    // Some other XML: this is the only XML format, and its reader names the root it found.
    return 30;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    return new NcmecXmlReader(source.name(), content);
  }
}
