package org.lantern.core.testing;

import java.util.SplittableRandom;

/**
 * Seeded hash sets for tests, packed as {@code words} longs per hash (most significant first):
 * uniform bits, clusters of near duplicates, and the degenerate shapes an index must survive.
 */
public final class HashGenerators {
  private HashGenerators() {}

  public static long[] uniform(SplittableRandom random, int count, int words) {
    long[] packed = new long[count * words];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = random.nextLong();
    }
    return packed;
  }

  /** {@code clusters} centres, each with members at most {@code spread} flipped bits away. */
  public static long[] clustered(SplittableRandom random, int count, int words, int clusters, int spread) {
    long[] centres = uniform(random, clusters, words);
    long[] packed = new long[count * words];
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(clusters);
      System.arraycopy(centres, c * words, packed, i * words, words);
      flip(random, packed, i * words, words, random.nextInt(spread + 1));
    }
    return packed;
  }

  /** Flips {@code bits} random (not necessarily distinct) bits of the hash at {@code offset}. */
  public static void flip(SplittableRandom random, long[] packed, int offset, int words, int bits) {
    for (int b = 0; b < bits; b++) {
      int bit = random.nextInt(words * 64);
      packed[offset + (bit >>> 6)] ^= 1L << (bit & 63);
    }
  }

  /** Flips exactly {@code bits} distinct bits of a copy of {@code hash}. */
  public static long[] nearCopy(SplittableRandom random, long[] hash, int bits) {
    long[] copy = hash.clone();
    int width = hash.length * 64;
    int flipped = 0;
    long[] done = new long[hash.length];
    while (flipped < Math.min(bits, width)) {
      int bit = random.nextInt(width);
      if ((done[bit >>> 6] & (1L << (bit & 63))) == 0) {
        done[bit >>> 6] |= 1L << (bit & 63);
        copy[bit >>> 6] ^= 1L << (bit & 63);
        flipped++;
      }
    }
    return copy;
  }

  /**
   * Degenerate data: many copies of one hash, all-zero and all-one hashes, and many hashes that
   * share their first {@code sharedBits} bits (a hot substring), then uniform filler.
   */
  public static long[] degenerate(SplittableRandom random, int count, int words) {
    long[] packed = uniform(random, count, words);
    long[] repeated = uniform(random, 1, words);
    long[] prefix = uniform(random, 1, words);
    for (int i = 0; i < count; i++) {
      int shape = i % 5;
      int offset = i * words;
      switch (shape) {
        case 0 -> System.arraycopy(repeated, 0, packed, offset, words); // identical copies
        case 1 -> {
          long fill = (i & 8) == 0 ? 0L : -1L; // all-zero or all-one
          for (int w = 0; w < words; w++) {
            packed[offset + w] = fill;
          }
        }
        case 2, 3 -> packed[offset] = prefix[0]; // share the whole first word: a hot substring
        default -> { } // uniform
      }
    }
    return packed;
  }

  public static long[] hashAt(long[] packed, int index, int words) {
    long[] hash = new long[words];
    System.arraycopy(packed, index * words, hash, 0, words);
    return hash;
  }
}
