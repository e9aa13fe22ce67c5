package org.lantern.core.synth;

import java.util.SplittableRandom;

/**
 * Seeded synthetic hash sets for benchmarks, with the shapes that make indexes slow:
 *
 * <ul>
 *   <li>about 89 % uniform random hashes;
 *   <li>about 10 % in near-duplicate clusters: 8-member groups around a random centre, each member
 *       a few bits (up to {@code width / 16}) from it — what re-encoded copies of one image look
 *       like;
 *   <li>1 % that share one hot substring: their first 32 bits are identical (a common border or a
 *       blank region), so one bucket of every substring table that covers those bits is huge.
 * </ul>
 *
 * <p>Queries are half near copies of stored hashes (up to {@code queryFlips} bits flipped) and half
 * uniform random hashes, as an upload pipeline sees mostly new content and sometimes a match.
 *
 * <p>Thread-safety: not thread-safe (holds a random stream); deterministic for a seed.
 */
public final class SyntheticHashes {
  /** Fraction of hashes that belong to near-duplicate clusters. */
  public static final double CLUSTERED = 0.10;

  /** Fraction of hashes that share the hot 32-bit prefix. */
  public static final double HOT = 0.01;

  private static final int CLUSTER_SIZE = 8;

  private final SplittableRandom random;
  private final int words;
  private final long hotPrefix;

  public SyntheticHashes(int bits, long seed) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("bits must be 64 or 256, got " + bits);
    }
    this.random = new SplittableRandom(seed);
    this.words = bits / 64;
    this.hotPrefix = random.nextLong() & 0xFFFF_FFFF_0000_0000L;
  }

  /** Fills {@code target} with {@code count} hashes (packed, most significant word first). */
  public void fill(long[] target, int count) {
    long[] centre = new long[words];
    int clusterLeft = 0;
    for (int i = 0; i < count; i++) {
      int offset = i * words;
      double shape = random.nextDouble();
      if (clusterLeft > 0) {
        System.arraycopy(centre, 0, target, offset, words);
        flipBits(target, offset, 1 + random.nextInt(Math.max(1, words * 4)));
        clusterLeft--;
        continue;
      }
      for (int w = 0; w < words; w++) {
        target[offset + w] = random.nextLong();
      }
      if (shape < CLUSTERED / CLUSTER_SIZE) {
        System.arraycopy(target, offset, centre, 0, words);
        clusterLeft = CLUSTER_SIZE - 1;
      } else if (shape < CLUSTERED / CLUSTER_SIZE + HOT) {
        target[offset] = hotPrefix | (target[offset] & 0xFFFF_FFFFL);
      }
    }
  }

  /** {@code count} hashes, packed. */
  public long[] hashes(int count) {
    long[] packed = new long[Math.multiplyExact(count, words)];
    fill(packed, count);
    return packed;
  }

  /**
   * {@code count} queries against {@code stored} (packed, {@code storedCount} hashes): even ones
   * are stored hashes with 1..{@code queryFlips} bits flipped, odd ones uniform random.
   */
  public long[] queries(long[] stored, int storedCount, int count, int queryFlips) {
    long[] packed = new long[Math.multiplyExact(count, words)];
    for (int i = 0; i < count; i++) {
      int offset = i * words;
      if (i % 2 == 0 && storedCount > 0) {
        System.arraycopy(stored, random.nextInt(storedCount) * words, packed, offset, words);
        flipBits(packed, offset, 1 + random.nextInt(Math.max(1, queryFlips)));
      } else {
        for (int w = 0; w < words; w++) {
          packed[offset + w] = random.nextLong();
        }
      }
    }
    return packed;
  }

  private void flipBits(long[] packed, int offset, int bits) {
    for (int b = 0; b < bits; b++) {
      int bit = random.nextInt(words * 64);
      packed[offset + (bit >>> 6)] ^= 1L << (bit & 63);
    }
  }
}
