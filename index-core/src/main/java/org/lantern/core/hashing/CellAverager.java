package org.lantern.core.hashing;

import java.awt.image.BufferedImage;

/**
 * Shrinks an image's luminance to a small grid by plain area averaging: cell {@code (cx, cy)} of a
 * {@code gw x gh} grid is the mean luminance of pixels {@code [floor(cx W / gw), floor((cx + 1) W /
 * gw))} by the same on y (at least one pixel, so images smaller than the grid are upsampled by
 * repetition). Used by the 64-bit hashes, whose definitions only say "resize"; a box filter is the
 * simplest resize that uses every pixel, so small shifts of content move the cells little.
 *
 * <p>Luminance is {@link Luminance}'s (same coefficients and gray handling as PDQ). Sums are
 * {@code double}, so the result hardly depends on summation order.
 *
 * <p>Thread-safety: stateless; per-thread row buffer.
 */
final class CellAverager {
  private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][0]);

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
    final float[][] holder = ROW.get();
    if (holder[0].length < width) {
      holder[0] = new float[width];
    }
    final float[] row = holder[0];
    final Luminance.Reader reader = Luminance.reader(image);
    final double[] sums = new double[gw];
    for (int cy = 0; cy < gh; cy++) {
      final int y0 = start(cy, height, gh);
      final int y1 = end(cy, height, gh, y0);
      java.util.Arrays.fill(sums, 0.0);
      for (int y = y0; y < y1; y++) {
        reader.row(y, row, 0);
        for (int cx = 0; cx < gw; cx++) {
          final int x0 = start(cx, width, gw);
          final int x1 = end(cx, width, gw, x0);
          double s = 0.0;
          for (int x = x0; x < x1; x++) {
            s += row[x];
          }
          sums[cx] += s;
        }
      }
      for (int cx = 0; cx < gw; cx++) {
        final int x0 = start(cx, width, gw);
        final int cells = (end(cx, width, gw, x0) - x0) * (y1 - y0);
        out[cy * gw + cx] = (float) (sums[cx] / cells);
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
