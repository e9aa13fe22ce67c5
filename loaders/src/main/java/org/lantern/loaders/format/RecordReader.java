package org.lantern.loaders.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the records of one input. Readers hold a bounded amount of memory whatever the size of
 * the input (a reader never loads a whole file), and return the same records in the same order
 * every time the same input is read: a resumed load skips the records it already loaded by
 * count.
 *
 * <p>Thread-safety: not thread-safe; one thread reads.
 */
public interface RecordReader extends Closeable {
  /**
   * The next record, or {@code null} at the end of the input. A malformed record is returned as
   * {@link SourceRecord.Rejected}, and reading goes on after it where the format allows.
   *
   * @throws IOException when the input itself cannot be read further (a truncated gzip stream, an
   *     XML document that is not well-formed past this point); the message says where
   */
  SourceRecord next() throws IOException;
}
