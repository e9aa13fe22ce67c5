package org.lantern.core.hashing;

import java.awt.image.BufferedImage;

/**
 * Shrinks an image's luminance to a small grid by plain area averaging: cell {@code (cx, cy)} of a
 * {@code gw x gh} grid is the mean luminance of pixels {@code [floor(cx W / gw), floor((cx + 1) W /
 * gw))} by the same on y (at least one pixel, so images smaller than the grid are upsampled by
 * repetition). Used by the 64-bit hashes, whose definitions only say "resize"; a box filter is the
 * simplest resize that uses every pixel, so small shifts of content move the cells little.
 *
 * <p>Luminance is {@link Luminance}'s (same coefficients and gray handling as PDQ), applied to
 * integer channel sums per cell and row; cell totals are {@code double}.
 *
 * <p>Thread-safety: stateless.
 */
final class CellAverager {
  private CellAverager() {}

  /**
   * Writes the {@code gw x gh} grid of mean luminance, row-major, into {@code out} (length at least
   * {@code gw * gh}).
   *
   * @throws IllegalArgumentException if the image is empty
   */
  static void average(BufferedImage image, int gw, int gh, float[] out) {
    final int width = image.getWidth();
    final int height = image.getHeight();
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image is empty: " + width + "x" + height);
    }
    final Luminance.Reader reader = Luminance.reader(image);
    final int[] x0 = new int[gw];
    final int[] x1 = new int[gw];
    for (int cx = 0; cx < gw; cx++) {
      x0[cx] = start(cx, width, gw);
      x1[cx] = end(cx, width, gw, x0[cx]);
    }
    final double[] sums = new double[gw];
    for (int cy = 0; cy < gh; cy++) {
      final int y0 = start(cy, height, gh);
      final int y1 = end(cy, height, gh, y0);
      java.util.Arrays.fill(sums, 0.0);
      reader.addBandSums(y0, y1, x0, x1, sums);
      for (int cx = 0; cx < gw; cx++) {
        out[cy * gw + cx] = (float) (sums[cx] / ((double) (x1[cx] - x0[cx]) * (y1 - y0)));
      }
    }
  }

  private static int start(int cell, int size, int cells) {
    return (int) ((long) cell * size / cells);
  }

  private static int end(int cell, int size, int cells, int start) {
    return Math.max(start + 1, (int) ((long) (cell + 1) * size / cells));
  }
}
