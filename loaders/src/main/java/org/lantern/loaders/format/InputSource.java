package org.lantern.loaders.format;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * One input of a load: a file (plain or gzip-compressed, told apart by its first two bytes, not
 * its name), a directory, or standard input.
 *
 * <p>Thread-safety: immutable; every {@link #open()} returns a new stream.
 */
public final class InputSource {
  /** How many decompressed bytes {@link #head()} reads for format detection. */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;

  private final String name;
  private final Path path; // null for standard input
  private final InputStream stdin;

  private InputSource(String name, Path path, InputStream stdin) {
    this.name = name;
    this.path = path;
    this.stdin = stdin;
  }

  public static InputSource of(Path path) {
    return new InputSource(path.toString(), path, null);
  }

  /** Standard input (or any one-shot stream): it can be opened once, so it cannot be resumed by skipping. */
  public static InputSource ofStream(String name, InputStream in) {
    return new InputSource(name, null, in);
  }

  /** The name used in messages and reject files: the path as given, or {@code <stdin>}. */
  public String name() {
    return name;
  }

  /** The file or directory, or {@code null} for standard input. */
  public Path path() {
    return path;
  }

  public boolean isDirectory() {
    return path != null && Files.isDirectory(path);
  }

  /** The file name without a trailing {@code .gz}, lower case, for detection by name. */
  public String logicalName() {
    String file = path == null ? name : String.valueOf(path.getFileName());
    file = file.toLowerCase(Locale.ROOT);
    return file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
  }

  /** Opens the content, decompressed if it is gzip. Not for directories. */
  public InputStream open() throws IOException {
    return open(null);
  }

  /**
   * As {@link #open()}, counting into {@code rawBytes} the bytes read from the file itself
   * (before decompression), which is what progress against the file's size needs.
   */
  public InputStream open(AtomicLong rawBytes) throws IOException {
    if (isDirectory()) {
      throw new IOException(name + " is a directory");
    }
    InputStream file = path != null ? Files.newInputStream(path) : stdin;
    if (rawBytes != null) {
      file = new CountingStream(file, rawBytes);
    }
    InputStream raw = new BufferedInputStream(file, 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
      GZIPInputStream gzip;
      try {
        gzip = new GZIPInputStream(raw, 1 << 16); // reads the gzip header
      } catch (EOFException e) {
        raw.close();
        throw new IOException(name + ": the input is truncated: it ends inside the gzip header", e);
      }
      return new BufferedInputStream(new GzipEndGuard(gzip, name), 1 << 16);
    }
    return raw;
  }

  /**
   * The first {@link #HEAD_BYTES} of a stream from {@link #open()}, for detection, without
   * consuming them: the stream is reset to its start.
   */
  public byte[] head(InputStream opened) throws IOException {
    opened.mark(HEAD_BYTES + 1);
    byte[] head = opened.readNBytes(HEAD_BYTES);
    opened.reset();
    return head;
  }

  /** Counts the bytes read through it. */
  private static final class CountingStream extends FilterInputStream {
    private final AtomicLong count;

    CountingStream(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }
  }
}
