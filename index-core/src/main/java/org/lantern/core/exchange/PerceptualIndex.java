package org.lantern.core.exchange;

import java.nio.file.Path;
import java.util.Arrays;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.search.HitFilter;
import org.lantern.core.search.SearchResult;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.store.MappedArray;

/**
 * One perceptual type's shared Hamming index — the hashes of active signals shared with all;
 * restricted ones live in {@link RestrictedHashes} — plus the map from its ordinals to signal ids
 * ({@code signal-ids.dat}: 16 bytes per ordinal, beside the index files).
 *
 * <p>Order of writes, so that a crash anywhere leaves nothing a reader could misread: the ids of
 * new ordinals are written first, then the hashes are appended and published. An ordinal is thus
 * never visible without its id. An id written for an ordinal that never got published is simply
 * overwritten by the next append. A published ordinal whose signal record does not name it (the
 * process died between append and record update) is filtered out by the exchange at query time.
 *
 * <p>Thread-safety: queries from any thread; writes serialized by the caller. A reader must read
 * an ordinal from a published search result before reading its id, which orders the id's write
 * before the read (the index publishes with release semantics).
 */
final class PerceptualIndex implements AutoCloseable {
  static final String IDS_FILE = "signal-ids.dat";

  private final HashType type;
  private final PlannedIndex index;
  private final MappedArray ids;
  /** Who may see each ordinal's signal: the lookups' in-search filter reads it. */
  private final OrdinalAudiences audiences;

  private PerceptualIndex(HashType type, PlannedIndex index, MappedArray ids) {
    this.type = type;
    this.index = index;
    this.ids = ids;
    this.audiences = new OrdinalAudiences(index.ordinals());
  }

  static PerceptualIndex open(Path dir, HashType type, long capacity) {
    PlannedIndex index = PlannedIndex.open(dir, type.bits(), IndexOptions.defaults(capacity));
    try {
      MappedArray ids =
          MappedArray.open(dir.resolve(IDS_FILE), MappedArray.chunkShiftFor(capacity * SignalIds.BYTES), true);
      return new PerceptualIndex(type, index, ids);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  HashType type() {
    return type;
  }

  /** Live hashes. */
  int size() {
    return index.size();
  }

  /** Ordinals ever assigned; the next append gets this one. */
  int ordinals() {
    return index.ordinals();
  }

  /**
   * Appends {@code count} hashes ({@code words}, packed) for the signals {@code signalIds}, whose
   * audience ids are {@code audienceIds}, and returns the first ordinal they got.
   */
  int append(long[] words, byte[][] signalIds, int[] audienceIds, int count) {
    int first = index.ordinals();
    ids.ensureCapacity((long) (first + count) * SignalIds.BYTES);
    for (int i = 0; i < count; i++) {
      writeId(first + i, signalIds[i]);
      audiences.set(first + i, audienceIds[i]); // before the ordinal is published: never seen without it
    }
    long got = index.addBatch(words, count);
    if (got != first) {
      throw new IllegalStateException("index " + type.label() + " appended at " + got + ", expected " + first);
    }
    return first;
  }

  /** True if ordinal {@code ordinal} is live and belongs to signal {@code id}. */
  boolean holds(long ordinal, byte[] id) {
    return ordinal >= 0
        && ordinal < index.ordinals()
        && index.get(ordinal) != null
        && Arrays.equals(idAt(ordinal), id);
  }

  void remove(long ordinal) {
    audiences.set(ordinal, 0);
    index.remove(ordinal);
  }

  /** Sets the audience id of a live ordinal (its signal's visibility changed, or on open). */
  void setAudience(long ordinal, int audience) {
    audiences.set(ordinal, audience);
  }

  /** The audience id of {@code ordinal}; 0 if none may see it. */
  int audienceAt(int ordinal) {
    return audiences.get(ordinal);
  }

  /** The hash at a live ordinal, or null. */
  Hash hashAt(long ordinal) {
    return index.get(ordinal);
  }

  /** The signal id (binary) of ordinal {@code ordinal}. */
  byte[] idAt(long ordinal) {
    long offset = ordinal * SignalIds.BYTES;
    byte[] id = new byte[SignalIds.BYTES];
    if (offset + SignalIds.BYTES > ids.capacity()) {
      return id; // all zero: no signal
    }
    long hi = ids.getLong(offset);
    long lo = ids.getLong(offset + 8);
    for (int i = 7; i >= 0; i--) {
      id[i] = (byte) hi;
      id[8 + i] = (byte) lo;
      hi >>>= 8;
      lo >>>= 8;
    }
    return id;
  }

  private void writeId(long ordinal, byte[] id) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (id[i] & 0xFF);
      lo = (lo << 8) | (id[8 + i] & 0xFF);
    }
    long offset = ordinal * SignalIds.BYTES;
    ids.putLong(offset, hi);
    ids.putLong(offset + 8, lo);
  }

  SearchResult search(Hash query, int k, int maxDistance) {
    return index.search(query, k, maxDistance);
  }

  /** The {@code k} nearest hashes within {@code maxDistance} that {@code filter} accepts, in one pass. */
  SearchResult search(Hash query, int k, int maxDistance, HitFilter filter) {
    return index.search(query, k, maxDistance, filter);
  }

  void force() {
    index.force();
    ids.force();
  }

  @Override
  public void close() {
    try {
      index.close();
    } finally {
      ids.close();
    }
  }
}
