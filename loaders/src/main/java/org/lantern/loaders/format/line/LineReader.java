package org.lantern.loaders.format.line;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.lantern.loaders.format.SourceRecord;

/**
 * Splits a UTF-8 byte stream into lines and counts them: the hot loop under every line format.
 *
 * <p>A line ends at {@code \n}; a {@code \r} just before it (CRLF files) is dropped, and a UTF-8
 * byte-order mark at the very start of the stream is skipped. A lone {@code \r} does not end a
 * line. The last line needs no terminator.
 *
 * <p>Memory is bounded whatever the input: one buffer of 64 KiB that grows to at most {@link
 * #MAX_LINE_BYTES} + 1 bytes for a long line. A longer line is not held: its first {@link
 * SourceRecord#MAX_ORIGINAL} bytes become its text, the rest is skipped up to the next {@code \n},
 * and {@link #problem()} says so. A line that is not valid UTF-8 is returned decoded with
 * replacement characters, and {@link #problem()} gives the byte where decoding failed: the reader
 * above turns either case into a rejected record, so no line disappears.
 *
 * <p>Why not {@link java.io.BufferedReader#readLine()}: it has no bound on line length, replaces
 * malformed UTF-8 without telling, and ends lines at a lone {@code \r}. Pure-ASCII lines (all hex
 * lists) skip the charset decoder: their bytes are copied into a Latin-1 string.
 *
 * <p>Thread-safety: not thread-safe; one reader per stream.
 */
final class LineReader implements Closeable {
  /** Longest line read whole, in bytes including a trailing {@code \r}; longer lines are rejected. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private static final int INITIAL_BUFFER = 1 << 16;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buffer = new byte[INITIAL_BUFFER];
  private int start; // first byte of the current, unread line
  private int end; // one past the last byte read from the stream
  private boolean endOfStream;
  private boolean atStreamStart = true; // the BOM check is still to do
  private long number; // 1-based number of the line last returned
  private String problem;

  LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next line, without its terminator, or {@code null} at the end of the stream.
   *
   * @throws IOException when the stream fails; the message adds the last line read whole
   */
  String next() throws IOException {
    problem = null;
    int scanned = 0; // bytes after start already known to hold no '\n'
    while (true) {
      final byte[] b = buffer;
      final int limit = end;
      for (int i = start + scanned; i < limit; i++) {
        if (b[i] == '\n') {
          String line = take(start, i);
          start = i + 1;
          return line;
        }
      }
      scanned = limit - start;
      if (endOfStream) {
        if (scanned == 0) {
          return null;
        }
        String line = take(start, limit);
        start = limit;
        return line;
      }
      if (scanned > MAX_LINE_BYTES) {
        return skipLongLine();
      }
      makeRoom();
      fill();
    }
  }

  /** The 1-based number of the line {@link #next()} returned last (0 before the first). */
  long number() {
    return number;
  }

  /**
   * Why the line {@link #next()} returned last is not its exact text (longer than {@link
   * #MAX_LINE_BYTES}, or not valid UTF-8), or {@code null} when it is.
   */
  String problem() {
    return problem;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Decodes bytes {@code [from, to)} as the next line, minus a trailing CR and a leading BOM. */
  private String take(int from, int to) {
    number++;
    if (atStreamStart) {
      atStreamStart = false;
      if (to - from >= 3 && buffer[from] == (byte) 0xEF && buffer[from + 1] == (byte) 0xBB && buffer[from + 2] == (byte) 0xBF) {
        from += 3;
      }
    }
    if (to > from && buffer[to - 1] == '\r') {
      to--;
    }
    return decode(from, to);
  }

  private String decode(int from, int to) {
    final byte[] b = buffer;
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return decodeUtf8(from, to);
      }
    }
    // ASCII: every byte is its own char, and Latin-1 strings are stored as these very bytes.
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private String decodeUtf8(int from, int to) {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, from, to - from);
    CharBuffer chars = CharBuffer.allocate(to - from);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (result.isUnderflow()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      problem = "not valid UTF-8: byte " + (bytes.position() - from + 1) + " of the line (0x"
          + Integer.toHexString(buffer[bytes.position()] & 0xFF) + ") cannot start or continue a character";
      return new String(buffer, from, to - from, StandardCharsets.UTF_8);
    }
    chars.flip();
    return chars.toString();
  }

  /**
   * The current line is longer than {@link #MAX_LINE_BYTES}: keeps its start as the text,
   * discards the rest up to and including the next {@code \n}.
   */
  private String skipLongLine() throws IOException {
    int keep = Math.min(end - start, SourceRecord.MAX_ORIGINAL + 1);
    String head = take(start, start + keep);
    problem = "the line is longer than " + MAX_LINE_BYTES + " bytes (1 MiB); it was not read";
    start = end;
    while (!endOfStream) {
      fill();
      for (int i = start; i < end; i++) {
        if (buffer[i] == '\n') {
          start = i + 1;
          return head;
        }
      }
      start = end;
    }
    return head;
  }

  /** Makes space after {@code end}: moves the current line to the front, or grows the buffer. */
  private void makeRoom() {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      byte[] bigger = new byte[Math.min(buffer.length * 2, MAX_LINE_BYTES + 1)];
      System.arraycopy(buffer, 0, bigger, 0, end);
      buffer = bigger;
    }
  }

  private void fill() throws IOException {
    if (start == end) {
      start = 0;
      end = 0;
    }
    int n;
    try {
      n = in.read(buffer, end, buffer.length - end);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + " (last whole line read: " + number + ")", e);
    }
    if (n < 0) {
      endOfStream = true;
    } else {
      end += n;
    }
  }
}
