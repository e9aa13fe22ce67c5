package org.lantern.core.synth;

import java.util.SplittableRandom;

/**
 * Seeded benchmark data sets of one {@link DatasetKind}: the same kind, width, size and seed give
 * the same hashes on every machine and in every tool (the CLI writes them to a hex file that
 * FAISS, JMH and {@code lantern bench} all read).
 *
 * <p>Hashes are packed {@code bits / 64} words each, most significant word first, the layout of
 * {@code PlannedIndex.addBatch}.
 *
 * <p>Thread-safety: stateless; every call has its own random stream.
 */
public final class HashDatasets {
  /** Largest near-duplicate group of {@link DatasetKind#CLUSTERED}. */
  public static final int MAX_CLUSTER = 16;

  /** Fraction of {@link DatasetKind#HOTSPOT} hashes that carry a hot word. */
  public static final double HOT_FRACTION = 0.20;

  /** Number of distinct hot words in {@link DatasetKind#HOTSPOT}. */
  public static final int HOT_WORDS = 4;

  private HashDatasets() {}

  /**
   * {@code n} hashes of {@code kind}, {@code bits} wide, packed.
   *
   * @throws IllegalArgumentException if bits is not 64 or 256, or n is negative
   */
  public static long[] generate(DatasetKind kind, int bits, int n, long seed) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("bits must be 64 or 256, got " + bits);
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    return switch (kind) {
      case UNIFORM -> uniform(bits, n, seed);
      case CLUSTERED -> clustered(bits, n, seed);
      case HOTSPOT -> hotspot(bits, n, seed);
      case IMAGES -> ImageDataset.generate(bits, n, seed);
    };
  }

  private static long[] uniform(int bits, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] packed = new long[Math.multiplyExact(n, bits / 64)];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = random.nextLong();
    }
    return packed;
  }

  /**
   * Groups of 2..{@value #MAX_CLUSTER} members around a uniform random centre (the centre itself is
   * not stored); each member is 1..{@code bits / 16} flipped bits from it, so two members of a group
   * are at most {@code bits / 8} apart — what re-encoded copies of one picture look like.
   */
  private static long[] clustered(int bits, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int words = bits / 64;
    long[] packed = new long[Math.multiplyExact(n, words)];
    long[] centre = new long[words];
    int left = 0;
    for (int i = 0; i < n; i++) {
      if (left == 0) {
        for (int w = 0; w < words; w++) {
          centre[w] = random.nextLong();
        }
        left = 2 + random.nextInt(MAX_CLUSTER - 1);
      }
      System.arraycopy(centre, 0, packed, i * words, words);
      BitFlips.flipDistinct(packed, i * words, words, 1 + random.nextInt(bits / 16), random);
      left--;
    }
    return packed;
  }

  /**
   * Uniform hashes, except that {@value #HOT_FRACTION} of them carry one of {@value #HOT_WORDS}
   * fixed values in their most significant bits (the whole first word at 256 bits, the top 32
   * bits at 64 bits so the rest still tells them apart): every substring that lies in those bits
   * has a few buckets holding a twentieth of the set each.
   */
  private static long[] hotspot(int bits, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int words = bits / 64;
    long hotMask = bits == 256 ? -1L : 0xFFFF_FFFF_0000_0000L;
    long[] hot = new long[HOT_WORDS];
    for (int h = 0; h < HOT_WORDS; h++) {
      hot[h] = random.nextLong() & hotMask;
    }
    long[] packed = new long[Math.multiplyExact(n, words)];
    for (int i = 0; i < n; i++) {
      int offset = i * words;
      for (int w = 0; w < words; w++) {
        packed[offset + w] = random.nextLong();
      }
      if (random.nextDouble() < HOT_FRACTION) {
        packed[offset] = hot[random.nextInt(HOT_WORDS)] | (packed[offset] & ~hotMask);
      }
    }
    return packed;
  }
}
