package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;

/**
 * DCT perceptual hash ("pHash", 64 bits), the common definition (Python {@code imagehash.phash}):
 *
 * <ol>
 *   <li>Luminance ({@link Luminance}: {@code 0.299 R + 0.587 G + 0.114 B}, gray samples as stored),
 *       area-averaged to 32x32 ({@link CellAverager}).
 *   <li>2-D DCT-II without normalisation: {@code F[u][v] = sum_{y,x} L[y][x] cos(pi u (2y + 1) / 64)
 *       cos(pi v (2x + 1) / 64)}, for {@code u, v} in 0..7 only (the 8x8 lowest frequencies).
 *   <li><b>The DC term {@code F[0][0]} is included</b> (as imagehash does): the 64 values are {@code
 *       F[u][v]}, {@code u, v} in 0..7. Their median {@code m} is the mean of the 32nd and 33rd
 *       smallest (numpy's median), and bit {@code 8u + v} is 1 when {@code F[u][v] > m}.
 * </ol>
 *
 * <p><b>Bit order.</b> Sequence bit {@code i = 8u + v} is bit {@code 63 - i} of the {@code long}
 * ({@link Hash#of64}): the hex form reads the 8x8 block row by row from the most significant digit,
 * like imagehash's hex form. The DC term of any image that is not black is far above the median, so
 * the top bit is practically always 1.
 *
 * <p>Not bit-identical with imagehash: PIL resizes with a Lanczos filter and rounds luma to
 * integers, so a few bits of difference on the same file are expected.
 *
 * <p>Thread-safety: safe for concurrent use (per-thread scratch).
 */
public final class PHasher implements ImageHasher {
  /** The shared instance. */
  public static final PHasher INSTANCE = new PHasher();

  /** {@code COS[u * 32 + x] = cos(pi u (2x + 1) / 64)}, u in 0..7, x in 0..31. */
  private static final double[] COS = buildCos();

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Use {@link #INSTANCE}, or this; instances are interchangeable. */
  public PHasher() {}

  private static double[] buildCos() {
    final double[] c = new double[8 * 32];
    for (int u = 0; u < 8; u++) {
      for (int x = 0; x < 32; x++) {
        c[u * 32 + x] = Math.cos(Math.PI * u * (2 * x + 1) / 64.0);
      }
    }
    return c;
  }

  @Override
  public HashType type() {
    return HashType.PHASH;
  }

  @Override
  public Hash hashBits(BufferedImage image) {
    return hash(image);
  }

  /**
   * The 64-bit pHash of {@code image}.
   *
   * @throws IllegalArgumentException if the image is empty
   */
  public Hash hash(BufferedImage image) {
    final Scratch s = SCRATCH.get();
    CellAverager.average(image, 32, 32, s.grid);
    return Hash.of64(bitsOfGrid(s.grid, s));
  }

  /** The pHash bits of a 32x32 row-major luminance grid. */
  static long bitsOfGrid(float[] grid, Scratch s) {
    final double[] cos = COS;
    // T[u][x] = sum_y cos(u, y) L[y][x]: 8x32, rows of L read in order.
    final double[] t = s.t;
    Arrays.fill(t, 0.0);
    for (int u = 0; u < 8; u++) {
      for (int y = 0; y < 32; y++) {
        final double c = cos[u * 32 + y];
        for (int x = 0; x < 32; x++) {
          t[u * 32 + x] += c * grid[y * 32 + x];
        }
      }
    }
    // F[u][v] = sum_x T[u][x] cos(v, x).
    final double[] f = s.f;
    for (int u = 0; u < 8; u++) {
      for (int v = 0; v < 8; v++) {
        double sum = 0.0;
        for (int x = 0; x < 32; x++) {
          sum += t[u * 32 + x] * cos[v * 32 + x];
        }
        f[u * 8 + v] = sum;
      }
    }
    System.arraycopy(f, 0, s.sorted, 0, 64);
    Arrays.sort(s.sorted);
    final double median = (s.sorted[31] + s.sorted[32]) / 2.0;
    long bits = 0;
    for (int i = 0; i < 64; i++) {
      bits = (bits << 1) | (f[i] > median ? 1L : 0L);
    }
    return bits;
  }

  /** Per-thread buffers. */
  static final class Scratch {
    final float[] grid = new float[32 * 32];
    final double[] t = new double[8 * 32];
    final double[] f = new double[64];
    final double[] sorted = new double[64];
  }
}
