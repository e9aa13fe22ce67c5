package org.lantern.core.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Queries for a data set, at controlled Hamming distances: each near query is a stored hash
 * (its <em>base</em>) with exactly {@code d} distinct bits flipped, {@code d} cycling through the
 * requested distances; the rest are uniform random hashes, which match nothing at a usual radius
 * and measure the cost of a miss — what an upload pipeline mostly sees.
 *
 * <p>A near query at distance {@code d} is at distance at most {@code d} from its base, and exactly
 * {@code d} from it; another stored hash may be nearer still (in a cluster, say).
 *
 * <p>Thread-safety: immutable after construction (the arrays are not handed out).
 *
 * @param bits hash width
 * @param packed the queries, {@code bits / 64} words each
 * @param bases per query, the ordinal of its base, or {@link #RANDOM}
 * @param distances per query, its distance from its base, or {@link #RANDOM}
 */
public record QuerySet(int bits, long[] packed, int[] bases, int[] distances) {
  /** Marks a uniform random query in {@link #bases} and {@link #distances}. */
  public static final int RANDOM = -1;

  public QuerySet {
    packed = packed.clone();
    bases = bases.clone();
    distances = distances.clone();
  }

  /** Number of queries. */
  public int size() {
    return bases.length;
  }

  @Override
  public long[] packed() {
    return packed.clone();
  }

  /** The base ordinal of query {@code i}, or {@link #RANDOM}. */
  public int base(int i) {
    return bases[i];
  }

  /** The distance of query {@code i} from its base, or {@link #RANDOM}. */
  public int distance(int i) {
    return distances[i];
  }

  /**
   * {@code count} queries against {@code data} ({@code n} hashes, packed): {@code round(count *
   * randomShare)} uniform random ones, the others near copies with distances cycling through
   * {@code nearDistances}, in a seeded random order.
   *
   * @throws IllegalArgumentException if a distance is outside 0..bits, randomShare outside 0..1,
   *     or near queries are asked of an empty data set
   */
  public static QuerySet generate(
      long[] data, int n, int bits, int count, int[] nearDistances, double randomShare, long seed) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("bits must be 64 or 256, got " + bits);
    }
    if (count < 0 || !(randomShare >= 0 && randomShare <= 1)) {
      throw new IllegalArgumentException(
          "need count >= 0 and a random share in 0..1, got " + count + " and " + randomShare);
    }
    for (int d : nearDistances) {
      if (d < 0 || d > bits) {
        throw new IllegalArgumentException("query distance " + d + " is outside 0.." + bits);
      }
    }
    int randomCount = (int) Math.round(count * randomShare);
    if (randomCount < count && (n == 0 || nearDistances.length == 0)) {
      throw new IllegalArgumentException(
          "near queries need a non-empty data set and at least one distance");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int words = bits / 64;
    long[] packed = new long[Math.multiplyExact(count, words)];
    int[] bases = new int[count];
    int[] distances = new int[count];
    // Decide which slots are random first, then fill in order, so the mix is spread evenly.
    boolean[] isRandom = new boolean[count];
    Arrays.fill(isRandom, 0, randomCount, true);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      boolean swap = isRandom[i];
      isRandom[i] = isRandom[j];
      isRandom[j] = swap;
    }
    int near = 0;
    for (int i = 0; i < count; i++) {
      int offset = i * words;
      if (isRandom[i]) {
        for (int w = 0; w < words; w++) {
          packed[offset + w] = random.nextLong();
        }
        bases[i] = RANDOM;
        distances[i] = RANDOM;
      } else {
        int base = random.nextInt(n);
        int d = nearDistances[near++ % nearDistances.length];
        System.arraycopy(data, base * words, packed, offset, words);
        BitFlips.flipDistinct(packed, offset, words, d, random);
        bases[i] = base;
        distances[i] = d;
      }
    }
    return new QuerySet(bits, packed, bases, distances);
  }
}
