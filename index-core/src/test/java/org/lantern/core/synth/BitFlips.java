package org.lantern.core.synth;

import java.util.SplittableRandom;

/**
 * Flips an exact number of distinct bits of one packed hash, so that the result is at Hamming
 * distance exactly {@code count} from the input (flipping a bit twice would undo it).
 *
 * <p>Thread-safety: stateless.
 */
final class BitFlips {
  private BitFlips() {}

  /**
   * Flips {@code count} distinct random bits of the hash at {@code packed[offset .. offset +
   * words)}.
   *
   * @throws IllegalArgumentException if count is outside 0..words * 64
   */
  static void flipDistinct(long[] packed, int offset, int words, int count, SplittableRandom random) {
    int bits = words * 64;
    if (count < 0 || count > bits) {
      throw new IllegalArgumentException("cannot flip " + count + " of " + bits + " bits");
    }
    // A mask of the bits flipped so far: at most 4 words, so a rejection loop is cheap while
    // count is small, and a partial Fisher-Yates would need an int[bits] per call.
    long[] flipped = new long[words];
    for (int done = 0; done < count; ) {
      int bit = random.nextInt(bits);
      long mask = 1L << (bit & 63);
      if ((flipped[bit >>> 6] & mask) == 0) {
        flipped[bit >>> 6] |= mask;
        packed[offset + (bit >>> 6)] ^= mask;
        done++;
      }
    }
  }
}
