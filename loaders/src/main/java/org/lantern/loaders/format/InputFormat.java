package org.lantern.loaders.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file format that {@code lantern load} reads. Each format knows how to recognise its own
 * content and how to stream its records.
 *
 * <p>Thread-safety: implementations are immutable and stateless; readers carry the state.
 */
public interface InputFormat {
  /** The name {@code --format} takes, e.g. {@code pytx-csv}. */
  String name();

  /** One line for {@code lantern load --help}: what the format is and what a record looks like. */
  String description();

  /**
   * How sure this format is that an input is its own, from 0 (not mine) to 100 (certain).
   *
   * @param logicalName the file name, lower case, without {@code .gz}
   * @param head the first bytes of the decompressed content (up to {@link InputSource#HEAD_BYTES};
   *     empty for a directory)
   * @param directory whether the input is a directory
   */
  int detect(String logicalName, byte[] head, boolean directory);

  /**
   * Opens a reader over {@code content} (already decompressed; {@code null} for a directory).
   *
   * @param source the input, for its name in messages and, for a directory, its path
   */
  RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException;
}
