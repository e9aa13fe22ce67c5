package org.lantern.core.store;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The hashes of one index, by ordinal: the bits live here once, and every index structure refers
 * to them by {@code int} ordinal (ordinals are the ids callers see; they are never reused).
 *
 * <p>Files in the index directory:
 *
 * <ul>
 *   <li>{@code state.dat} — one page: magic, format version, width, the published size, the
 *       removal sequence, the number of link slots per record and the pending size: the end of the batch being linked into the index structures. If the
 *       process dies while linking, ordinals {@code [size, pending)} may be half-linked; the next
 *       writer asks each structure to unlink them ({@link #pendingRange()});
 *   <li>{@code records.dat} — one record per ordinal: the hash ({@code words} longs, most
 *       significant first), then {@code linkSlots} ints reserved for an index structure. The
 *       multi-index keeps its per-table bucket links there, so that checking a candidate's bits
 *       and following its bucket list touch the same cache lines — one random memory access per
 *       candidate instead of two;
 *   <li>{@code removed.dat} — one int per ordinal: 0 while live, else the removal sequence number
 *       that removed it.
 * </ul>
 *
 * <p><b>Visibility.</b> A reader takes a {@link Snapshot} (one volatile read) and sees exactly the
 * ordinals below {@code snapshot.size()} that were not removed at or before {@code
 * snapshot.removeSeq()}. The writer writes an entry's bits (and the structures link it) before it
 * publishes a snapshot that includes it, so a reader never sees a torn hash, and every query sees
 * one consistent prefix of the writer's operations.
 *
 * <p>Thread-safety: one writer at a time (callers serialize writes; {@code PlannedIndex} does),
 * any number of concurrent readers.
 */
public final class HashStore implements AutoCloseable {
  /** Removals are numbered with ints in {@code removed.dat}: at most this many in a store's life. */
  public static final int MAX_REMOVALS = Integer.MAX_VALUE - 1;

  private static final long MAGIC = 0x4C4E54524E485331L; // "LNTRNHS1"
  private static final int FORMAT_VERSION = 1;
  private static final int OFFSET_MAGIC = 0;
  private static final int OFFSET_VERSION = 8;
  private static final int OFFSET_BITS = 12;
  private static final int OFFSET_SIZE = 16;
  private static final int OFFSET_REMOVE_SEQ = 24;
  private static final int OFFSET_PENDING = 40;
  private static final int OFFSET_LINK_SLOTS = 48;

  private final MappedArray state;
  private final MappedRecords records;
  private final MappedArray removed;
  private final int bits;
  private final int words; // words per hash: 1 or 4
  private final int linkSlots; // ints after the hash in each record, for an index structure
  private final boolean writable;
  private volatile Snapshot snapshot;

  /** What one reader sees: a prefix of the appends and of the removals. */
  public record Snapshot(int size, int removeSeq, long version) {}

  private HashStore(
      MappedArray state,
      MappedRecords records,
      MappedArray removed,
      int bits,
      int linkSlots,
      boolean writable,
      Snapshot snapshot) {
    this.state = state;
    this.records = records;
    this.removed = removed;
    this.bits = bits;
    this.words = bits / 64;
    this.linkSlots = linkSlots;
    this.writable = writable;
    this.snapshot = snapshot;
  }

  /**
   * Opens the store in {@code dir}, creating it when {@code writable} and absent.
   *
   * @param expectedCapacity sizes the file chunks; must be the same on every open of a directory
   * @param linkSlots ints reserved after each hash for an index structure; fixed at creation
   * @throws StoreFormatException if the files are not a store of {@code bits}-bit hashes with
   *     that many link slots
   */
  public static HashStore open(
      Path dir, int bits, long expectedCapacity, int linkSlots, boolean writable) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("hash width must be 64 or 256 bits, got " + bits);
    }
    Path statePath = dir.resolve("state.dat");
    boolean exists = statePath.toFile().exists();
    if (!exists && !writable) {
      throw new StoreFormatException(dir + " holds no hash store (no state.dat)");
    }
    if (linkSlots < 0 || linkSlots > 64) {
      throw new IllegalArgumentException("link slots must be in 0..64, got " + linkSlots);
    }
    int recordBytes = (bits / 8 + 4 * linkSlots + 7) & ~7;
    MappedArray state = MappedArray.open(statePath, 12, writable);
    MappedRecords records = null;
    MappedArray removed = null;
    try {
      records = MappedRecords.open(dir.resolve("records.dat"), recordBytes, expectedCapacity, writable);
      removed =
          MappedArray.open(
              dir.resolve("removed.dat"), MappedArray.chunkShiftFor(expectedCapacity * 4L), writable);
      if (!exists || state.capacity() == 0) {
        state.ensureCapacity(4096);
        state.putInt(OFFSET_VERSION, FORMAT_VERSION);
        state.putInt(OFFSET_BITS, bits);
        state.putLong(OFFSET_SIZE, 0);
        state.putLong(OFFSET_REMOVE_SEQ, 0);
        state.putInt(OFFSET_LINK_SLOTS, linkSlots);
        state.putLongOrdered(OFFSET_MAGIC, MAGIC); // last: a torn creation is detected
      }
      validate(statePath, state, bits);
      int storedSlots = state.getInt(OFFSET_LINK_SLOTS);
      if (storedSlots != linkSlots) {
        throw new StoreFormatException(
            statePath + ": records hold " + storedSlots + " link slots, opened with " + linkSlots);
      }
      long size = state.getLong(OFFSET_SIZE);
      long removeSeq = state.getLong(OFFSET_REMOVE_SEQ);
      if (size < 0 || size > Integer.MAX_VALUE || size > records.capacity()) {
        throw new StoreFormatException(
            statePath + ": size " + size + " does not fit records.dat (" + records.capacity()
                + " records)");
      }
      if (removeSeq < 0 || removeSeq > size) {
        throw new StoreFormatException(
            statePath + ": removal count " + removeSeq + " is outside 0.." + size);
      }
      return new HashStore(
          state,
          records,
          removed,
          bits,
          linkSlots,
          writable,
          new Snapshot((int) size, (int) removeSeq, 0));
    } catch (RuntimeException e) {
      state.close();
      if (records != null) {
        records.close();
      }
      if (removed != null) {
        removed.close();
      }
      throw e;
    }
  }

  private static void validate(Path statePath, MappedArray state, int bits) {
    if (state.capacity() < 4096) {
      throw new StoreFormatException(statePath + ": too short for a store header");
    }
    long magic = state.getLong(OFFSET_MAGIC);
    if (magic != MAGIC) {
      throw new StoreFormatException(
          statePath + ": bad magic 0x" + Long.toHexString(magic) + " (not a Lantern hash store)");
    }
    int version = state.getInt(OFFSET_VERSION);
    if (version != FORMAT_VERSION) {
      throw new StoreFormatException(
          statePath + ": format version " + version + ", this build reads " + FORMAT_VERSION);
    }
    int storedBits = state.getInt(OFFSET_BITS);
    if (storedBits != bits) {
      throw new StoreFormatException(
          statePath + ": holds " + storedBits + "-bit hashes, opened as " + bits + "-bit");
    }
  }

  /** Hash width in bits. */
  public int bits() {
    return bits;
  }

  /** Words per hash: 1 or 4. */
  public int words() {
    return words;
  }

  /** The current view for readers: one volatile read. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** Hashes ever appended (live or removed). */
  public int size() {
    return snapshot.size();
  }

  /** Hashes appended and not removed. */
  public int liveCount() {
    Snapshot s = snapshot;
    return s.size() - s.removeSeq();
  }

  /** Link slots per record (see {@code records.dat}). */
  public int linkSlots() {
    return linkSlots;
  }

  /** Bytes of the hash at the start of each record: 8 or 32. Link slot s is at this + 4s. */
  public int codeBytes() {
    return words * 8;
  }

  /**
   * The buffer holding the record of {@code ordinal}: for index structures' hot loops, which
   * read the hash words at {@link #recordOffset} and their link slots after them.
   */
  public UnsafeBuffer recordChunk(int ordinal) {
    return records.chunk(ordinal);
  }

  /**
   * Records per chunk (a power of two): ordinals {@code c * recordsPerChunk() ..} are contiguous
   * in one {@link #recordChunk}, {@link #recordBytes()} apart — what a sequential scan walks.
   */
  public int recordsPerChunk() {
    return records.recordsPerChunk();
  }

  /** Bytes per record: the hash, then the link slots, rounded up to 8. */
  public int recordBytes() {
    return records.recordBytes();
  }

  /** Where the record of {@code ordinal} starts in its {@link #recordChunk}. */
  public int recordOffset(int ordinal) {
    return records.offsetInChunk(ordinal);
  }

  /** Link slot {@code slot} of the record of {@code ordinal}. */
  public int link(int ordinal, int slot) {
    return records.chunk(ordinal).getInt(records.offsetInChunk(ordinal) + words * 8 + 4 * slot);
  }

  /** Word {@code w} (most significant first) of the hash at {@code ordinal}. */
  public long word(int ordinal, int w) {
    return records.chunk(ordinal).getLong(records.offsetInChunk(ordinal) + 8 * w);
  }

  /** Copies the hash at {@code ordinal} into {@code target[offset ..]}. */
  public void copyWords(int ordinal, long[] target, int offset) {
    UnsafeBuffer chunk = records.chunk(ordinal);
    int base = records.offsetInChunk(ordinal);
    for (int w = 0; w < words; w++) {
      target[offset + w] = chunk.getLong(base + 8 * w);
    }
  }

  /** Distance from the hash at {@code ordinal} to {@code query} (same width). */
  public int distance(int ordinal, long[] query) {
    UnsafeBuffer chunk = records.chunk(ordinal);
    int offset = records.offsetInChunk(ordinal);
    if (words == 4) {
      return Long.bitCount(chunk.getLong(offset) ^ query[0])
          + Long.bitCount(chunk.getLong(offset + 8) ^ query[1])
          + Long.bitCount(chunk.getLong(offset + 16) ^ query[2])
          + Long.bitCount(chunk.getLong(offset + 24) ^ query[3]);
    }
    return Long.bitCount(chunk.getLong(offset) ^ query[0]);
  }

  /** True if {@code ordinal} is part of {@code s}: appended before it and not removed by it. */
  public boolean isVisible(int ordinal, Snapshot s) {
    if (ordinal >= s.size()) {
      return false;
    }
    int removedAt = removed.getInt((long) ordinal << 2);
    return removedAt == 0 || removedAt > s.removeSeq();
  }

  /** True if {@code ordinal} was appended and is not removed in the latest snapshot. */
  public boolean isLive(int ordinal) {
    return ordinal >= 0 && isVisible(ordinal, snapshot);
  }

  // ---------------------------------------------------------------- writer side

  /**
   * Writes {@code count} hashes from {@code words} (packed, {@link #words()} per hash) at ordinals
   * {@code size() ..}; they stay invisible until {@link #publish}. Returns the first ordinal.
   */
  public int appendUnpublished(long[] source, int count) {
    checkWritable();
    long first = snapshot.size();
    if (first + count > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "a hash store holds at most " + Integer.MAX_VALUE + " hashes; " + first + " are stored");
    }
    records.ensureCapacity(first + count);
    removed.ensureCapacity((first + count) << 2);
    for (int i = 0; i < count; i++) {
      int ordinal = (int) first + i;
      UnsafeBuffer chunk = records.chunk(ordinal);
      int base = records.offsetInChunk(ordinal);
      for (int w = 0; w < words; w++) {
        chunk.putLong(base + 8 * w, source[i * words + w]);
      }
    }
    return (int) first;
  }

  /** Sets link slot {@code slot} of an appended record. Writer only. */
  public void putLink(int ordinal, int slot, int value) {
    records.chunk(ordinal).putInt(records.offsetInChunk(ordinal) + words * 8 + 4 * slot, value);
  }

  /**
   * Records that ordinals up to {@code pendingSize} are about to be linked into the structures,
   * so a crash while linking can be repaired. Call after {@link #appendUnpublished}, before
   * linking.
   */
  public void beginLinking(int pendingSize) {
    checkWritable();
    state.putLongOrdered(OFFSET_PENDING, pendingSize);
  }

  /**
   * After an unclean stop: the ordinals {@code [from, to)} that may be half-linked into the
   * structures (empty when the last batch was published). Their codes are readable with {@link
   * #copyWords} even though they are not visible.
   */
  public int[] pendingRange() {
    long pending = state.getLong(OFFSET_PENDING);
    int size = snapshot.size();
    if (pending <= size || pending > records.capacity()) {
      return new int[] {size, size};
    }
    return new int[] {size, (int) pending};
  }

  /** Makes ordinals below {@code newSize} visible, durably against process death. */
  public void publish(int newSize) {
    checkWritable();
    Snapshot s = snapshot;
    state.putLongOrdered(OFFSET_SIZE, newSize);
    snapshot = new Snapshot(newSize, s.removeSeq(), s.version() + 1);
  }

  /** Removes {@code ordinal}; false if it was never appended or is already removed. */
  public boolean remove(int ordinal) {
    checkWritable();
    Snapshot s = snapshot;
    if (ordinal < 0 || ordinal >= s.size() || removed.getInt((long) ordinal << 2) != 0) {
      return false;
    }
    if (s.removeSeq() >= MAX_REMOVALS) {
      throw new IllegalStateException("this store has used all of its " + MAX_REMOVALS + " removals");
    }
    int seq = s.removeSeq() + 1;
    removed.putIntOrdered((long) ordinal << 2, seq);
    state.putLongOrdered(OFFSET_REMOVE_SEQ, seq);
    snapshot = new Snapshot(s.size(), seq, s.version() + 1);
    return true;
  }

  private void checkWritable() {
    if (!writable) {
      throw new IllegalStateException("this hash store is open read-only");
    }
  }

  /** Bytes mapped by this store's files. */
  public long mappedBytes() {
    return records.mappedBytes() + removed.mappedBytes() + state.mappedBytes();
  }

  /** Writes every dirty page to the device. */
  public void force() {
    records.force();
    removed.force();
    state.force();
  }

  /** Unmaps the files. Readers must have stopped. */
  @Override
  public void close() {
    records.close();
    removed.close();
    state.close();
  }
}
