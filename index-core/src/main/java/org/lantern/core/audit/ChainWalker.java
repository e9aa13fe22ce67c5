package org.lantern.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a log from entry 1 on, segment after segment, checking every line as it goes, and hands
 * each intact entry to a {@link Sink}. Stops at the first fault. This is {@link AuditLog#verify},
 * {@link AuditLog#export} and {@link AuditLog#read}; they differ only in the sink.
 *
 * <p>Checks per line, in this order (the first that fails names the entry): the line ends with
 * {@code '\n'}; its fixed suffix and own {@code hash} match its bytes; it is the JSON of an entry;
 * {@code seq} is the expected position; {@code prev} is the SHA-256 of the previous line; {@code
 * time} is not earlier than the previous entry's by more than {@link AuditLog#TIME_TOLERANCE}.
 * Per segment: numbers run from 1 without gaps, and only the newest may be empty or end without a
 * line end.
 *
 * <p>A writer may be appending meanwhile (in this process or another): the walk checks the log as
 * it finds it, up to the end of the segment that is the newest when the walk reaches that end.
 * An unfinished last line is then the writer's entry in flight, not a torn one, and is left for
 * the next walk; only when no writer holds the lock is it reported as torn.
 *
 * <p>Thread-safety: each walk has its own state; walks may run concurrently with each other and
 * with the writer.
 */
final class ChainWalker {
  /** Receives each intact entry with its exact line bytes ({@code '\n'} included). */
  interface Sink {
    void accept(AuditEntry entry, byte[] line, int from, int length) throws IOException;
  }

  /** The report, and whether its only fault is a torn last entry (no entry before it harmed). */
  record Result(VerifyReport report, boolean tornTailOnly) {}

  private ChainWalker() {}

  static Result walk(Path dir, Sink sink) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no audit log: " + dir + " is not a directory");
    }
    Chain chain = new Chain(sink);
    byte[] buffer = new byte[1 << 16];
    for (long n = 1; ; n++) {
      FileChannel channel;
      try {
        channel = FileChannel.open(Segments.path(dir, n), StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        Long later = Segments.list(dir).higher(n);
        return later == null
            ? chain.intact()
            : chain.broken(chain.at() + "segment " + Segments.name(n) + " is missing (" + Segments.name(later) + " follows)", false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + Segments.path(dir, n), e);
      }
      try (channel) {
        LineReader lines = new LineReader(channel, buffer);
        boolean empty = true;
        boolean newest;
        boolean finalPass = false;
        while (true) {
          while (lines.next()) {
            empty = false;
            String fault = chain.next(lines.buffer(), lines.lineStart(), lines.lineLength());
            if (fault != null) {
              return chain.broken(fault, false);
            }
          }
          newest = Segments.list(dir).higher(n) == null;
          if (newest || finalPass) {
            break;
          }
          // A newer segment exists, so the writer has finished this one; but it may have written
          // more to it after we reached its end. One more pass reads it to its final end.
          finalPass = true;
        }
        int torn = lines.remainder();
        if (newest) {
          // The end of the log as it was when we got here; a writer may go on meanwhile.
          if (torn == 0 || Segments.writerAlive(dir)) {
            return chain.intact(); // a partial line of a live writer is its entry in flight
          }
          return chain.broken("torn last entry (" + torn + " bytes without a line end)", true);
        }
        if (torn > 0) {
          return chain.broken(chain.at() + "segment " + Segments.name(n) + " ends in a torn entry (" + torn
              + " bytes without a line end)", false);
        }
        if (empty) {
          return chain.broken(chain.at() + "segment " + Segments.name(n) + " is empty", false);
        }
        buffer = lines.buffer(); // keep a grown buffer for the next segment
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + Segments.path(dir, n), e);
      }
    }
  }

  /** The state of one walk: where the chain stands after the entries checked so far. */
  private static final class Chain {
    private final Sink sink;
    private final MessageDigest sha = AuditFormat.sha256();
    private long expected = 1; // the position of the next entry
    private String previousHash = AuditLog.NO_PREVIOUS;
    private Instant previousTime; // null before entry 1

    Chain(Sink sink) {
      this.sink = sink;
    }

    /** Checks the next line and passes it on; returns what is wrong with it, or null. */
    String next(byte[] b, int from, int length) {
      AuditEntry entry;
      try {
        entry = AuditFormat.decode(b, from, length, sha).entry();
      } catch (AuditFormat.BadLine bad) {
        return "entry " + expected + ": " + bad.getMessage();
      }
      if (entry.sequence() != expected) {
        return "entry " + expected + ": sequence " + entry.sequence() + " out of order";
      }
      if (!entry.previousHash().equals(previousHash)) {
        return expected == 1
            ? "entry 1: previous_hash is not 64 zeros (the first entry has no predecessor)"
            : "entry " + expected + ": previous_hash does not match entry " + (expected - 1);
      }
      if (previousTime != null && entry.time().isBefore(previousTime.minus(AuditLog.TIME_TOLERANCE))) {
        return "entry " + expected + ": time " + entry.time() + " is more than "
            + AuditLog.TIME_TOLERANCE.toMillis() + " ms before entry " + (expected - 1) + "'s (" + previousTime + ")";
      }
      try {
        sink.accept(entry, b, from, length);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot pass on entry " + expected, e);
      }
      previousHash = AuditFormat.sha256Hex(sha, b, from, length);
      previousTime = entry.time();
      expected++;
      return null;
    }

    /** "entry 17: ", the prefix of a fault at the next position. */
    String at() {
      return "entry " + expected + ": ";
    }

    Result intact() {
      return new Result(new VerifyReport(expected - 1, true, -1, null, previousHash), false);
    }

    Result broken(String reason, boolean tornTailOnly) {
      return new Result(new VerifyReport(expected - 1, false, expected, reason, previousHash), tornTailOnly);
    }
  }

  /** Splits a channel into lines ending in {@code '\n'}; keeps what follows the last one. */
  static final class LineReader {
    private final FileChannel channel;
    private byte[] buf;
    private int start; // first byte not yet returned
    private int end; // end of the bytes read
    private int scanned; // bytes before this (from start) hold no '\n'
    private int lineStart;
    private int lineLength;

    LineReader(FileChannel channel, byte[] buffer) {
      this.channel = channel;
      this.buf = buffer;
    }

    /** Advances to the next complete line; false at the end of the channel. */
    boolean next() throws IOException {
      while (true) {
        for (int i = scanned; i < end; i++) {
          if (buf[i] == '\n') {
            lineStart = start;
            lineLength = i + 1 - start;
            start = i + 1;
            scanned = start;
            return true;
          }
        }
        scanned = end;
        if (start > 0) { // move the unfinished line to the front
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          scanned -= start;
          start = 0;
        }
        if (end == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int read = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
        if (read < 0) {
          return false;
        }
        end += read;
      }
    }

    byte[] buffer() {
      return buf;
    }

    int lineStart() {
      return lineStart;
    }

    int lineLength() {
      return lineLength;
    }

    /** Bytes after the last complete line (at the end of the channel: a torn line). */
    int remainder() {
      return end - start;
    }
  }
}
