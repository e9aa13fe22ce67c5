package org.lantern.core.index;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Enumerates the masks of {@code bits} bits with exactly {@code weight} bits set: XOR-ing a
 * substring with each of them lists every bucket at Hamming distance {@code weight} from it.
 *
 * <p>Masks come in increasing numeric order (Gosper's hack: the next larger integer with the same
 * popcount). Small tables — every one a query at the default radius needs — are computed once
 * and shared.
 *
 * <p>Thread-safety: stateless apart from an immutable, concurrently filled cache.
 */
final class FlipMasks {
  private static final int CACHE_LIMIT = 1 << 16;
  private static final ConcurrentHashMap<Integer, int[]> CACHE = new ConcurrentHashMap<>();

  private FlipMasks() {}

  /** Masks over {@code bits} (1..30) bits with popcount {@code weight} (0..bits). */
  static int[] ofWeight(int bits, int weight) {
    if (bits < 1 || bits > 30 || weight < 0 || weight > bits) {
      throw new IllegalArgumentException("bits " + bits + " weight " + weight);
    }
    long count = binomial(bits, weight);
    if (count <= CACHE_LIMIT) {
      return CACHE.computeIfAbsent(bits << 8 | weight, key -> compute(bits, weight, (int) count));
    }
    if (count > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("too many masks: C(" + bits + ", " + weight + ")");
    }
    return compute(bits, weight, (int) count);
  }

  private static int[] compute(int bits, int weight, int count) {
    int[] masks = new int[count];
    if (weight == 0) {
      return masks; // the single mask 0
    }
    int mask = (1 << weight) - 1;
    for (int i = 0; i < count; i++) {
      masks[i] = mask;
      int lowest = mask & -mask;
      int ripple = mask + lowest;
      // ripple carries the lowest run of ones one place up; the rest of that run goes to the bottom
      mask = (((ripple ^ mask) >>> 2) / lowest) | ripple;
    }
    return masks;
  }

  /** C(n, k), saturating at Long.MAX_VALUE. */
  static long binomial(int n, int k) {
    if (k < 0 || k > n) {
      return 0;
    }
    k = Math.min(k, n - k);
    long result = 1;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i;
    }
    return result;
  }
}
