package org.lantern.loaders.format.images;

import java.io.IOException;
import java.io.InputStream;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;

/**
 * {@code images}: a directory of image files, hashed here with PDQ, pHash and dHash, as {@link
 * ImageDirectoryReader} describes. Detected for any directory, and only for directories.
 *
 * <p>Thread-safety: immutable.
 */
public final class ImageDirectoryFormat implements InputFormat {
  private final ImageDecoder decoder;

  /** Decodes with the default pixel limit ({@link ImageDecoder#DEFAULT_MAX_PIXELS}). */
  public ImageDirectoryFormat() {
    this(new ImageDecoder());
  }

  public ImageDirectoryFormat(ImageDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return "images";
  }

  @Override
  public String description() {
    return "a directory of images (" + ImageDirectoryReader.EXTENSIONS_TEXT + ", walked recursively in name order): "
        + "pdq, phash and dhash of each image, the relative path as note; PDQ below --min-quality is rejected";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    return directory ? 90 : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    if (!source.isDirectory()) {
      throw new IOException(source.name() + " is not a directory; the images format reads a directory of image files");
    }
    return new ImageDirectoryReader(source.path(), options, decoder);
  }
}
