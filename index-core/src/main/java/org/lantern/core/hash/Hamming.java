package org.lantern.core.hash;

/**
 * Hamming distance kernels: popcount of XOR, one 64-bit word at a time, no allocation.
 *
 * <p>Thread-safety: stateless.
 */
public final class Hamming {
  private Hamming() {}

  /** Distance between two 64-bit hashes. */
  public static int distance64(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Distance between two 256-bit hashes given as four words each. */
  public static int distance256(
      long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    return Long.bitCount(a0 ^ b0)
        + Long.bitCount(a1 ^ b1)
        + Long.bitCount(a2 ^ b2)
        + Long.bitCount(a3 ^ b3);
  }

  /** Distance between two hashes of equal width held as word arrays. */
  public static int distance(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "hash widths differ: " + a.length * 64 + " and " + b.length * 64 + " bits");
    }
    int distance = 0;
    for (int i = 0; i < a.length; i++) {
      distance += Long.bitCount(a[i] ^ b[i]);
    }
    return distance;
  }
}
