package org.lantern.core.index;

import org.agrona.concurrent.UnsafeBuffer;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;

/**
 * Brute force: the distance to every stored hash, in storage order.
 *
 * <p>Exact for every radius and k; costs one sequential pass over the codes (32 bytes per PDQ
 * hash, so memory bandwidth bound: about 13–18 ms at 10M on our machines). It is the oracle every
 * other index is tested against, and the planner's choice for small sets and large radii. It has
 * no files and nothing to link.
 *
 * <p>Thread-safety: searches from any number of threads; no per-query allocation.
 */
final class FlatIndex implements IndexStructure {
  private final HashStore store;

  FlatIndex(HashStore store) {
    this.store = store;
  }

  @Override
  public IndexKind kind() {
    return IndexKind.FLAT;
  }

  @Override
  public void link(int from, int to) {}

  @Override
  public void repair(int from, int to) {}

  @Override
  public void search(
      long[] query, HashStore.Snapshot snapshot, HitCollector collector, SearchStats stats) {
    int size = snapshot.size();
    if (store.words() == 4) {
      scan256(query, snapshot, size, collector);
    } else {
      scan64(query[0], snapshot, size, collector);
    }
    stats.addCandidates(size);
  }

  private void scan256(long[] query, HashStore.Snapshot snapshot, int size, HitCollector collector) {
    final long q0 = query[0];
    final long q1 = query[1];
    final long q2 = query[2];
    final long q3 = query[3];
    final int stride = store.recordBytes();
    final int perChunk = store.recordsPerChunk();
    int maxDistance = collector.maxDistance();
    for (int first = 0; first < size; first += perChunk) {
      final UnsafeBuffer chunk = store.recordChunk(first);
      final int end = Math.min(size - first, perChunk);
      for (int i = 0, offset = 0; i < end; i++, offset += stride) {
        final int distance =
            Long.bitCount(chunk.getLong(offset) ^ q0)
                + Long.bitCount(chunk.getLong(offset + 8) ^ q1)
                + Long.bitCount(chunk.getLong(offset + 16) ^ q2)
                + Long.bitCount(chunk.getLong(offset + 24) ^ q3);
        if (distance <= maxDistance && store.isVisible(first + i, snapshot)) {
          collector.collect(first + i, distance);
          maxDistance = collector.maxDistance();
        }
      }
    }
  }

  private void scan64(long query, HashStore.Snapshot snapshot, int size, HitCollector collector) {
    final int stride = store.recordBytes();
    final int perChunk = store.recordsPerChunk();
    int maxDistance = collector.maxDistance();
    for (int first = 0; first < size; first += perChunk) {
      final UnsafeBuffer chunk = store.recordChunk(first);
      final int end = Math.min(size - first, perChunk);
      for (int i = 0, offset = 0; i < end; i++, offset += stride) {
        final int distance = Long.bitCount(chunk.getLong(offset) ^ query);
        if (distance <= maxDistance && store.isVisible(first + i, snapshot)) {
          collector.collect(first + i, distance);
          maxDistance = collector.maxDistance();
        }
      }
    }
  }

  @Override
  public void force() {}

  @Override
  public long mappedBytes() {
    return 0;
  }

  @Override
  public void close() {}
}
