package org.lantern.core.search;

import java.util.Arrays;

/**
 * Gathers the hits of one query: the {@code k} nearest stored hashes within {@code maxDistance}
 * (inclusive), ordered by (distance, ordinal). Range search is {@code k = Integer.MAX_VALUE};
 * k-NN is {@code maxDistance = width}.
 *
 * <p>Each hit is packed into one {@code long} as {@code distance << 32 | ordinal}, so the natural
 * order of the packed values is the result order and ties are broken by ordinal: every index
 * produces exactly the same answer for the same data, which is what lets tests compare them.
 * With a finite {@code k} the packed values sit in a max-heap of size k, whose top is the
 * current k-th best; {@link #maxDistance()} shrinks to its distance once the heap is full, which is
 * what BK-tree and multi-index search use to prune.
 *
 * <p>A {@link HitFilter} rejects hashes inside the search: it is asked only about a hash that would
 * be kept, and a rejected hash neither takes a place nor shrinks {@link #maxDistance()}, so the
 * result is the {@code k} nearest accepted hashes, and the indexes' pruning stays exact.
 *
 * <p>Callers must not offer the same ordinal twice. Thread-safety: not thread-safe; one per query.
 */
public final class HitCollector {
  private final int k;
  private final HitFilter filter;
  private int maxDistance;
  private long[] hits;
  private int count;

  /**
   * @param k how many hits to keep, at least 1 ({@code Integer.MAX_VALUE}: all)
   * @param maxDistance the largest distance to keep, inclusive, at least 0
   */
  public HitCollector(int k, int maxDistance) {
    this(k, maxDistance, HitFilter.ALL);
  }

  /**
   * @param k how many hits to keep, at least 1 ({@code Integer.MAX_VALUE}: all)
   * @param maxDistance the largest distance to keep, inclusive, at least 0
   * @param filter which hashes may be hits ({@link HitFilter#ALL}: every one)
   */
  public HitCollector(int k, int maxDistance, HitFilter filter) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (maxDistance < 0) {
      throw new IllegalArgumentException("maxDistance must be at least 0, got " + maxDistance);
    }
    this.k = k;
    this.filter = java.util.Objects.requireNonNull(filter, "filter");
    this.maxDistance = maxDistance;
    this.hits = new long[Math.min(k, 64) + 1];
  }

  /** The largest distance a new hit may have to be kept; shrinks as a k-NN heap fills. */
  public int maxDistance() {
    return maxDistance;
  }

  /** True once k hits are held (so {@link #maxDistance()} is the k-th best distance). */
  public boolean isFull() {
    return count >= k;
  }

  /** Offers a hit; returns true if it was kept. */
  public boolean collect(int ordinal, int distance) {
    if (distance > maxDistance) {
      return false;
    }
    long packed = ((long) distance << 32) | ordinal;
    if (k == Integer.MAX_VALUE) {
      if (!filter.accept(ordinal, distance)) {
        return false;
      }
      if (count == hits.length) {
        hits = Arrays.copyOf(hits, hits.length * 2);
      }
      hits[count++] = packed;
      return true;
    }
    if (count < k) {
      if (!filter.accept(ordinal, distance)) {
        return false;
      }
      if (count == hits.length) {
        hits = Arrays.copyOf(hits, Math.min(k, hits.length * 2));
      }
      hits[count] = packed;
      siftUp(count++);
      if (count == k) {
        maxDistance = (int) (hits[0] >>> 32);
      }
      return true;
    }
    if (packed >= hits[0]) {
      return false; // equal distance, larger ordinal: the tie goes to the smaller ordinal
    }
    if (!filter.accept(ordinal, distance)) {
      return false;
    }
    hits[0] = packed;
    siftDown(0);
    maxDistance = (int) (hits[0] >>> 32);
    return true;
  }

  private void siftUp(int i) {
    long value = hits[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (hits[parent] >= value) {
        break;
      }
      hits[i] = hits[parent];
      i = parent;
    }
    hits[i] = value;
  }

  private void siftDown(int i) {
    long value = hits[i];
    int half = count >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < count && hits[child + 1] > hits[child]) {
        child++;
      }
      if (value >= hits[child]) {
        break;
      }
      hits[i] = hits[child];
      i = child;
    }
    hits[i] = value;
  }

  /**
   * The k-th best hit held, packed, once the collector is full; {@code Long.MAX_VALUE} before.
   * A hash that ranks before it (packed value smaller) would have been offered by an exact search.
   */
  public long worstKept() {
    return count >= k && k != Integer.MAX_VALUE ? hits[0] : Long.MAX_VALUE;
  }

  /** Number of hits held. */
  public int size() {
    return Math.min(count, k);
  }

  /**
   * The hits sorted by (distance, ordinal), packed as {@code distance << 32 | ordinal}. Call once,
   * at the end: it sorts in place.
   */
  public long[] sortedHits() {
    long[] result = Arrays.copyOf(hits, size());
    Arrays.sort(result);
    return result;
  }

  /** The ordinal of a packed hit. */
  public static int ordinal(long packed) {
    return (int) packed;
  }

  /** The distance of a packed hit. */
  public static int distance(long packed) {
    return (int) (packed >>> 32);
  }
}
