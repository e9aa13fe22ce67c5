package org.lantern.server.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.signal.SignalIds;

/**
 * HMA's {@code bank_content_id}s for Lantern signals: stable integers that resolve back to the
 * signal id.
 *
 * <p>Derivation: a signal id is already the first 128 bits of an HMAC (uniform, and meaningless
 * without the exchange's secret), so its first 53 bits are the candidate integer — 53 so that
 * JavaScript clients read it exactly. Two ids can share a candidate (about one pair among 10
 * million signals, birthday bound at 2^26.5), so every integer handed out is recorded, with its
 * id, in {@value #FILE} in the data directory, and the second id of a colliding pair takes its
 * next candidate (a mix of its other bits). Recording happens before the integer is sent, so an
 * integer once seen always resolves to the same signal, across restarts.
 *
 * <p>Nothing here leaks: the integer depends only on the signal's own id, never on how many
 * signals exist or were looked up before; only signals returned to someone are recorded.
 *
 * <p>File format: records of 24 bytes (8-byte integer, 16-byte binary id), appended; a torn last
 * record (a kill mid-append) is dropped on load — its integer was never sent.
 *
 * <p>Thread-safety: thread-safe; assignment is serialized, lookups are lock-free.
 */
final class ContentIds {
  static final String FILE = "hma-content-ids.bin";
  private static final int RECORD = 8 + SignalIds.BYTES;
  private static final long MASK = (1L << 53) - 1;
  private static final Map<Exchange, ContentIds> OPEN = new WeakHashMap<>();

  private final Path file;
  private final ConcurrentHashMap<Long, String> byInteger = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> displaced = new ConcurrentHashMap<>(); // ids not on their first candidate

  private ContentIds(Path file) {
    this.file = file;
  }

  /** The mapping of {@code exchange}'s data directory (loaded on first use). */
  static ContentIds of(Exchange exchange) {
    synchronized (OPEN) {
      return OPEN.computeIfAbsent(exchange, e -> load(e.dataDir().resolve(FILE)));
    }
  }

  /** The content id of signal {@code id}, recorded on first use. */
  long contentId(String id) {
    long first = candidate(id, 0);
    if (id.equals(byInteger.get(first))) {
      return first;
    }
    Long moved = displaced.get(id);
    return moved != null ? moved : assign(id);
  }

  /** The signal id behind {@code contentId}, or {@code null} if no signal was ever given it. */
  String signalId(long contentId) {
    return byInteger.get(contentId);
  }

  private synchronized long assign(String id) {
    for (int attempt = 0; ; attempt++) {
      long candidate = candidate(id, attempt);
      String owner = byInteger.get(candidate);
      if (id.equals(owner)) {
        return candidate;
      }
      if (owner == null) {
        append(candidate, id);
        byInteger.put(candidate, id);
        if (attempt > 0) {
          displaced.put(id, candidate);
        }
        return candidate;
      }
    }
  }

  /** The {@code attempt}-th candidate integer of {@code id}: in 1..2^53-1. */
  static long candidate(String id, int attempt) {
    byte[] b = SignalIds.decode(id);
    long high = ByteBuffer.wrap(b, 0, 8).getLong();
    long low = ByteBuffer.wrap(b, 8, 8).getLong();
    long value = high;
    for (int i = 0; i < attempt; i++) {
      value = mix(value ^ low ^ (0x9E3779B97F4A7C15L * (i + 1)));
    }
    value &= MASK;
    return value == 0 ? 1 : value;
  }

  /** SplitMix64's finalizer: every output bit depends on every input bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void append(long contentId, String id) {
    ByteBuffer record = ByteBuffer.allocate(RECORD).putLong(contentId).put(SignalIds.decode(id)).flip();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (record.hasRemaining()) {
        out.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a content id in " + file, e);
    }
  }

  private static ContentIds load(Path file) {
    ContentIds ids = new ContentIds(file);
    try {
      if (!Files.exists(file)) {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
        return ids;
      }
      byte[] all = Files.readAllBytes(file);
      int whole = all.length / RECORD * RECORD;
      ByteBuffer in = ByteBuffer.wrap(all, 0, whole);
      byte[] binary = new byte[SignalIds.BYTES];
      while (in.remaining() >= RECORD) {
        long contentId = in.getLong();
        in.get(binary);
        String id = SignalIds.encode(binary);
        ids.byInteger.put(contentId, id);
        if (candidate(id, 0) != contentId) {
          ids.displaced.put(id, contentId);
        }
      }
      if (whole != all.length) {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
          out.truncate(whole);
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the content ids in " + file, e);
    }
  }
}
