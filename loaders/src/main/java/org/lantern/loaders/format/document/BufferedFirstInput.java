package org.lantern.loaders.format.document;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads from a {@link java.io.BufferedInputStream} without ever asking for more than it holds, so
 * that when the stream under it fails (a truncated gzip file) every byte before the failure has
 * reached the parser first, and with it every record before the cut.
 *
 * <p>Why: {@code BufferedInputStream.read(byte[], int, int)} copies what it holds, then, while the
 * stream under it reports {@code available() > 0} (a {@code GZIPInputStream} reports 1 until its
 * end), reads again to fill the caller's array. If that second read throws, the bytes of the first
 * are gone: up to a buffer of data, and the records in it, would be lost before the error. Asking
 * for {@code available() - 1} bytes at most (the buffered ones; the extra 1 is the gzip stream's
 * "maybe more") ends each call after its first copy; an empty buffer is refilled by a 1-byte
 * request, which either fails before copying anything or fills the buffer for the next calls.
 *
 * <p>It also remembers the first failure of the stream under it ({@link #failure()}): a parser may
 * report that as a plain end of input ("premature end of file"), and the reader should say what
 * really happened.
 *
 * <p>Thread-safety: not thread-safe, like the stream it wraps.
 */
final class BufferedFirstInput extends FilterInputStream {
  private IOException failure;

  BufferedFirstInput(InputStream in) {
    super(in);
  }

  /** The first exception a read of the wrapped stream threw, or {@code null}. */
  IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    try {
      int ready = in.available();
      int ask = ready > 1 ? Math.min(len, ready - 1) : 1;
      return in.read(b, off, ask);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  private IOException remember(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping is never used by the parsers; reading keeps the guarantee above.
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }
}
