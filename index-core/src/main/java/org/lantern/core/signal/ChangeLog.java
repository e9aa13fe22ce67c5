package org.lantern.core.signal;

import java.nio.file.Path;
import org.lantern.core.store.MappedArray;
import org.lantern.core.store.StoreFormatException;

/**
 * The exchange's commit order: an append-only, memory-mapped list of the ids of changed signals.
 * Entry {@code s} (1-based) is the signal whose change got sequence number {@code s}.
 *
 * <p>Why it exists: the signal store is the source of truth and the indexes are derived from it,
 * but they are separate files that a {@code kill -9} can leave out of step. Every change is logged
 * <em>before</em> the record is written, and every index remembers the last sequence it applied; on
 * open the exchange re-applies the log from there, reading each logged signal's current record, so
 * a change is either fully visible everywhere or (if its record was never written) nowhere.
 * Re-applying is idempotent, so applying too much is harmless. The same log is the delta feed's
 * order.
 *
 * <p>Layout: bytes 0–7 magic, 8–15 entry count (published with release semantics after the entry),
 * 16–23 the sequence up to which the memory-mapped indexes have applied the log, entries of 16
 * bytes from byte 64.
 *
 * <p>Thread-safety: one writer; readers may read entries {@code 1..size()} concurrently.
 */
public final class ChangeLog implements AutoCloseable {
  private static final long MAGIC = 0x4C414E5443484731L; // "LANTCHG1"
  private static final long COUNT_OFFSET = 8;
  private static final long APPLIED_OFFSET = 16;
  private static final long ENTRIES_OFFSET = 64;

  private final MappedArray file;
  private volatile long size;

  private ChangeLog(MappedArray file, long size) {
    this.file = file;
    this.size = size;
  }

  public static ChangeLog open(Path path) {
    MappedArray file = MappedArray.open(path, MappedArray.chunkShiftFor(1L << 24), true);
    try {
      file.ensureCapacity(ENTRIES_OFFSET);
      long magic = file.getLong(0);
      if (magic == 0) {
        file.putLong(0, MAGIC);
        return new ChangeLog(file, 0);
      }
      if (magic != MAGIC) {
        throw new StoreFormatException(path + " is not a Lantern change log (bad magic)");
      }
      long count = file.getLong(COUNT_OFFSET);
      if (count < 0 || ENTRIES_OFFSET + count * SignalIds.BYTES > file.capacity()) {
        throw new StoreFormatException(path + " claims " + count + " entries but is shorter");
      }
      return new ChangeLog(file, count);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Appends {@code id} (binary) and returns its sequence number. Writer only. */
  public long append(byte[] id) {
    long seq = size + 1;
    long offset = ENTRIES_OFFSET + (seq - 1) * SignalIds.BYTES;
    file.ensureCapacity(offset + SignalIds.BYTES);
    file.putLong(offset, bytesToLong(id, 0));
    file.putLong(offset + 8, bytesToLong(id, 8));
    file.putLongOrdered(COUNT_OFFSET, seq);
    size = seq;
    return seq;
  }

  /** The id (binary) logged at sequence {@code seq}, 1 ≤ seq ≤ size(). */
  public byte[] idAt(long seq) {
    if (seq < 1 || seq > size) {
      throw new IndexOutOfBoundsException("sequence " + seq + " outside 1.." + size);
    }
    long offset = ENTRIES_OFFSET + (seq - 1) * SignalIds.BYTES;
    byte[] id = new byte[SignalIds.BYTES];
    longToBytes(file.getLong(offset), id, 0);
    longToBytes(file.getLong(offset + 8), id, 8);
    return id;
  }

  /**
   * Records that the memory-mapped indexes (Hamming, digest) reflect every change up to {@code
   * seq}. They survive a process death with the writes already made, so this mark does too.
   */
  public void markApplied(long seq) {
    file.putLongOrdered(APPLIED_OFFSET, seq);
  }

  /** The last {@link #markApplied} mark (0 when none). */
  public long appliedSequence() {
    return file.getLong(APPLIED_OFFSET);
  }

  /** The last sequence number handed out (0 when empty). */
  public long size() {
    return size;
  }

  public void force() {
    file.force();
  }

  @Override
  public void close() {
    file.close();
  }

  private static long bytesToLong(byte[] b, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[from + i] & 0xFF);
    }
    return v;
  }

  private static void longToBytes(long v, byte[] b, int from) {
    for (int i = 7; i >= 0; i--) {
      b[from + i] = (byte) v;
      v >>>= 8;
    }
  }
}
