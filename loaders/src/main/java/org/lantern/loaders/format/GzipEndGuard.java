package org.lantern.loaders.format;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Sits between a {@link java.util.zip.GZIPInputStream} and the buffer above it, for two reasons.
 *
 * <p>First, it names the problem: a gzip stream cut short surfaces from the JDK as a bare {@link
 * EOFException} ("Unexpected end of ZLIB input stream", or no message at all when the cut falls in
 * the trailer), which reads like a bug. This turns it into an {@link IOException} that says the
 * input is truncated, and a {@link ZipException} into one that says it is corrupt.
 *
 * <p>Second, it keeps the bytes decompressed before the cut. {@link java.io.BufferedInputStream}
 * fills a caller's array by reading its source again while {@code available() > 0}, and an
 * exception on such a second read loses the bytes the first read already delivered.
 * {@code InflaterInputStream.available()} says 1 until the end, so without this class the last
 * few kilobytes before a cut would vanish with the exception. Answering {@code available()} with
 * 0 (allowed: it is only an estimate) makes every buffered read stop after one read of this
 * stream, so the exception arrives on a read that has delivered nothing yet, after all the
 * records before the cut.
 *
 * <p>Thread-safety: not thread-safe, like the stream it wraps.
 */
final class GzipEndGuard extends FilterInputStream {
  private final String name;
  private long delivered; // decompressed bytes returned so far, for the message

  GzipEndGuard(InputStream gzip, String name) {
    super(gzip);
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = in.read();
      if (b >= 0) {
        delivered++;
      }
      return b;
    } catch (IOException e) {
      throw explain(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      if (n > 0) {
        delivered += n;
      }
      return n;
    } catch (IOException e) {
      throw explain(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = in.skip(n);
      delivered += skipped;
      return skipped;
    } catch (IOException e) {
      throw explain(e);
    }
  }

  @Override
  public int available() {
    return 0;
  }

  private IOException explain(IOException e) {
    if (e instanceof EOFException) {
      return new IOException(
          name + ": the input is truncated: the gzip stream ends early, after " + delivered
              + " decompressed bytes (an interrupted download or copy?)", e);
    }
    if (e instanceof ZipException) {
      return new IOException(
          name + ": the gzip stream is corrupt after " + delivered + " decompressed bytes: " + e.getMessage(), e);
    }
    return e;
  }
}
