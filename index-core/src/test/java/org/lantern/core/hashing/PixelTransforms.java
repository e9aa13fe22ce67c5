package org.lantern.core.hashing;

import java.awt.image.BufferedImage;

/**
 * Pixel-level rotations and mirrors for tests. Samples are copied raster to raster, so the result
 * has the input's colour model and exact sample values (no colour conversion: a gray image stays
 * gray).
 */
final class PixelTransforms {
  private PixelTransforms() {}

  /** The image transformed by {@code t}; rotations are counter-clockwise, as PDQ's rot90 is. */
  static BufferedImage apply(BufferedImage in, Dihedral t) {
    final int w = in.getWidth();
    final int h = in.getHeight();
    final boolean swap = switch (t) {
      case ROTATE_90, ROTATE_270, FLIP_PLUS_1, FLIP_MINUS_1 -> true;
      default -> false;
    };
    java.awt.image.ColorModel cm = in.getColorModel();
    java.awt.image.WritableRaster target =
        cm.createCompatibleWritableRaster(swap ? h : w, swap ? w : h);
    java.awt.image.Raster source = in.getRaster();
    int[] pixel = new int[source.getNumBands()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int ox;
        int oy;
        switch (t) {
          case ORIGINAL -> { ox = x; oy = y; }
          case ROTATE_90 -> { ox = y; oy = w - 1 - x; }
          case ROTATE_180 -> { ox = w - 1 - x; oy = h - 1 - y; }
          case ROTATE_270 -> { ox = h - 1 - y; oy = x; }
          case FLIP_X -> { ox = x; oy = h - 1 - y; }
          case FLIP_Y -> { ox = w - 1 - x; oy = y; }
          case FLIP_PLUS_1 -> { ox = y; oy = x; }
          case FLIP_MINUS_1 -> { ox = h - 1 - y; oy = w - 1 - x; }
          default -> throw new AssertionError(t);
        }
        target.setPixel(ox, oy, source.getPixel(x, y, pixel));
      }
    }
    return new BufferedImage(cm, target, cm.isAlphaPremultiplied(), null);
  }
}
