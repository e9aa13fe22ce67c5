package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;

/**
 * Difference hash ("dHash", 64 bits), the common definition (Krawetz; Python {@code imagehash.dhash}):
 *
 * <ol>
 *   <li>Luminance ({@link Luminance}: {@code 0.299 R + 0.587 G + 0.114 B}, gray samples as stored),
 *       area-averaged to a grid 9 wide and 8 high ({@link CellAverager}).
 *   <li>For row {@code r} in 0..7 and column {@code c} in 0..7, bit {@code 8r + c} of the row-major
 *       sequence is 1 when {@code L[r][c] < L[r][c + 1]} (the right neighbour is brighter).
 * </ol>
 *
 * <p><b>Bit order.</b> Sequence bit {@code i = 8r + c} is bit {@code 63 - i} of the {@code long}
 * ({@link Hash#of64}), so the hex form reads the grid row by row from the most significant digit,
 * like imagehash's hex form. A left-to-right brightening gradient gives {@code ffffffffffffffff}, a
 * darkening one {@code 0000000000000000}.
 *
 * <p>Not bit-identical with imagehash: PIL resizes with a different filter and rounds luma to
 * integers, so a few bits of difference on the same file are expected.
 *
 * <p>Thread-safety: safe for concurrent use (per-thread scratch).
 */
public final class DHasher implements ImageHasher {
  /** The shared instance. */
  public static final DHasher INSTANCE = new DHasher();

  private static final ThreadLocal<float[]> GRID = ThreadLocal.withInitial(() -> new float[9 * 8]);

  /** Use {@link #INSTANCE}, or this; instances are interchangeable. */
  public DHasher() {}

  @Override
  public HashType type() {
    return HashType.DHASH;
  }

  @Override
  public Hash hashBits(BufferedImage image) {
    return hash(image);
  }

  /**
   * The 64-bit dHash of {@code image}.
   *
   * @throws IllegalArgumentException if the image is empty
   */
  public Hash hash(BufferedImage image) {
    final float[] grid = GRID.get();
    CellAverager.average(image, 9, 8, grid);
    return Hash.of64(bitsOfGrid(grid));
  }

  /** The dHash bits of a 9-wide, 8-high row-major grid (exposed to tests: the definition). */
  static long bitsOfGrid(float[] grid) {
    long bits = 0;
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        bits = (bits << 1) | (grid[r * 9 + c] < grid[r * 9 + c + 1] ? 1L : 0L);
      }
    }
    return bits;
  }
}
