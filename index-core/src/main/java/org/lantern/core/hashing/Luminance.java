package org.lantern.core.hashing;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Converts a {@link BufferedImage} to a row-major {@code float} luminance buffer, {@code Y = 0.299 R
 * + 0.587 G + 0.114 B} on 0..255 samples, computed in {@code float} in exactly that order (the PDQ
 * reference's coefficients and arithmetic, so hashes match it bit for bit).
 *
 * <p><b>Which RGB.</b> Colour images use the values {@link BufferedImage#getRGB} would return
 * (sRGB, alpha ignored, not composited), which is what Meta's Java reference reads. Common layouts
 * (interleaved bytes, packed ints) are read straight from the raster, giving the same numbers
 * without a call per pixel; anything else goes through {@code getRGB} one row at a time.
 *
 * <p><b>Gray images are the exception</b>: for a one-band gray image (and gray + alpha) the sample
 * itself is the luminance. ImageIO labels decoded gray JPEG/PNG samples as <i>linear</i> gray, so
 * {@code getRGB} would brighten them through a gamma curve; the C++ reference (CImg) and pytx (PIL)
 * use the stored value, and so do we, so that a gray file hashes as it does on most other
 * platforms. 16-bit samples are scaled to 0..255 (divided by 257).
 *
 * <p>Thread-safety: stateless; each {@link Reader} belongs to one call.
 */
final class Luminance {
  static final float R = 0.299f;
  static final float G = 0.587f;
  static final float B = 0.114f;

  private Luminance() {}

  /** A reader for {@code image}'s rows, with the pixel layout resolved once. */
  static Reader reader(BufferedImage image) {
    final Raster raster = image.getRaster();
    final ColorModel cm = image.getColorModel();
    final SampleModel sm = raster.getSampleModel();
    final int width = image.getWidth();
    // A child raster (getSubimage) has a translated origin; the fast paths assume none.
    final boolean plain = raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && raster.getParent() == null;
    if (plain && !cm.isAlphaPremultiplied()) {
      if (cm instanceof ComponentColorModel && sm instanceof ComponentSampleModel csm) {
        final DataBuffer buffer = raster.getDataBuffer();
        final int bank = csm.getBankIndices()[0];
        final int offset0 = csm.getBandOffsets()[0];
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && (cm.getNumComponents() == 1 || cm.getNumComponents() == 2)) {
          if (buffer instanceof DataBufferByte bytes && csm.getSampleSize(0) == 8) {
            return new Gray8(bytes.getData(bank), offset0, csm.getPixelStride(),
                csm.getScanlineStride(), width);
          }
          if (buffer instanceof DataBufferUShort shorts && csm.getSampleSize(0) == 16) {
            return new Gray16(shorts.getData(bank), offset0, csm.getPixelStride(),
                csm.getScanlineStride(), width);
          }
        } else if (cm.getColorSpace().isCS_sRGB()
            && cm.getNumColorComponents() == 3
            && buffer instanceof DataBufferByte bytes
            && bytes.getNumBanks() == 1
            && csm.getSampleSize(0) == 8) {
          final int[] offsets = csm.getBandOffsets();
          return new InterleavedBytes(bytes.getData(), offsets[0], offsets[1], offsets[2],
              csm.getPixelStride(), csm.getScanlineStride(), width);
        }
      } else if (cm instanceof DirectColorModel dcm
          && dcm.getColorSpace().isCS_sRGB()
          && sm instanceof SinglePixelPackedSampleModel spp
          && raster.getDataBuffer() instanceof DataBufferInt ints
          && ints.getNumBanks() == 1
          && is8Bit(dcm.getRedMask())
          && is8Bit(dcm.getGreenMask())
          && is8Bit(dcm.getBlueMask())) {
        return new PackedInts(ints.getData(), spp.getScanlineStride(),
            Integer.numberOfTrailingZeros(dcm.getRedMask()),
            Integer.numberOfTrailingZeros(dcm.getGreenMask()),
            Integer.numberOfTrailingZeros(dcm.getBlueMask()), width);
      }
    }
    return new ViaGetRgb(image);
  }

  /** True for a mask of 8 contiguous bits. */
  private static boolean is8Bit(int mask) {
    return mask != 0 && (mask >>> Integer.numberOfTrailingZeros(mask)) == 0xff;
  }

  /**
   * Reads one image row of luminance at a time.
   *
   * <p>Thread-safety: not thread-safe (a reader may hold a row buffer); one per call.
   */
  sealed interface Reader permits InterleavedBytes, PackedInts, Gray8, Gray16, ViaGetRgb, FloatRows {
    /** Writes the luminance of row {@code y} into {@code out[offset .. offset + width)}. */
    void row(int y, float[] out, int offset);

    /**
     * For each cell {@code c}, adds the summed luminance of pixels {@code [x0[c], x1[c])} of row
     * {@code y} to {@code cellSums[c]}. Channels are summed as integers first and weighted once
     * per cell (luminance is linear), which is what makes the 64-bit hashes cheap.
     */
    void addCellSums(int y, int[] x0, int[] x1, double[] cellSums);

    /** {@link #addCellSums} for every row of {@code [y0, y1)}; layouts may do it faster. */
    default void addBandSums(int y0, int y1, int[] x0, int[] x1, double[] cellSums) {
      for (int y = y0; y < y1; y++) {
        addCellSums(y, x0, x1, cellSums);
      }
    }
  }

  /** 8-bit R, G, B samples interleaved in one byte array (TYPE_3BYTE_BGR, ABGR, PNG RGB/RGBA). */
  private record InterleavedBytes(
      byte[] data, int ro, int go, int bo, int pixelStride, int scanline, int width)
      implements Reader {
    @Override
    public void row(int y, float[] out, int offset) {
      final byte[] d = data;
      int p = y * scanline;
      int x = 0;
      if (pixelStride == 3 && VectorSupport.AVAILABLE) {
        final int base = Math.min(ro, Math.min(go, bo));
        x = BgrCellSums.luminanceRow(d, p + base, ro - base, go - base, bo - base, width, out, offset);
        p += 3 * x;
      }
      for (; x < width; x++, p += pixelStride) {
        out[offset + x] = R * (d[p + ro] & 0xff) + G * (d[p + go] & 0xff) + B * (d[p + bo] & 0xff);
      }
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final byte[] d = data;
      final int row = y * scanline;
      for (int c = 0; c < x0.length; c++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int x = x0[c], p = row + x * pixelStride; x < x1[c]; x++, p += pixelStride) {
          r += d[p + ro] & 0xff;
          g += d[p + go] & 0xff;
          b += d[p + bo] & 0xff;
        }
        cellSums[c] += (double) R * r + (double) G * g + (double) B * b;
      }
    }

    @Override
    public void addBandSums(int y0, int y1, int[] x0, int[] x1, double[] cellSums) {
      if (pixelStride != 3 || !VectorSupport.AVAILABLE) {
        Reader.super.addBandSums(y0, y1, x0, x1, cellSums);
        return;
      }
      final int offset0 = Math.min(ro, Math.min(go, bo)); // channel bytes 0, 1, 2 of a pixel
      final long[] totals = new long[3 * x0.length];
      BgrCellSums.addBand(data, offset0, scanline, y0, y1, x0, x1, totals);
      for (int c = 0; c < x0.length; c++) {
        final long r = totals[3 * c + ro - offset0];
        final long g = totals[3 * c + go - offset0];
        final long b = totals[3 * c + bo - offset0];
        cellSums[c] += (double) R * r + (double) G * g + (double) B * b;
      }
    }
  }

  /** Packed 8-bit channels in ints (TYPE_INT_RGB, TYPE_INT_ARGB, TYPE_INT_BGR). */
  private record PackedInts(int[] data, int scanline, int rs, int gs, int bs, int width)
      implements Reader {
    @Override
    public void row(int y, float[] out, int offset) {
      final int[] d = data;
      final int base = y * scanline;
      for (int x = 0; x < width; x++) {
        final int v = d[base + x];
        out[offset + x] = R * ((v >>> rs) & 0xff) + G * ((v >>> gs) & 0xff) + B * ((v >>> bs) & 0xff);
      }
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final int[] d = data;
      final int base = y * scanline;
      for (int c = 0; c < x0.length; c++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int x = x0[c]; x < x1[c]; x++) {
          final int v = d[base + x];
          r += (v >>> rs) & 0xff;
          g += (v >>> gs) & 0xff;
          b += (v >>> bs) & 0xff;
        }
        cellSums[c] += (double) R * r + (double) G * g + (double) B * b;
      }
    }
  }

  /** 8-bit gray (+ alpha): the stored sample is the luminance. */
  private record Gray8(byte[] data, int offset0, int pixelStride, int scanline, int width)
      implements Reader {
    @Override
    public void row(int y, float[] out, int offset) {
      final byte[] d = data;
      int p = y * scanline + offset0;
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[offset + x] = d[p] & 0xff;
      }
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final byte[] d = data;
      final int row = y * scanline + offset0;
      for (int c = 0; c < x0.length; c++) {
        int sum = 0;
        for (int x = x0[c], p = row + x * pixelStride; x < x1[c]; x++, p += pixelStride) {
          sum += d[p] & 0xff;
        }
        cellSums[c] += sum;
      }
    }
  }

  /** 16-bit gray (+ alpha), scaled to 0..255. */
  private record Gray16(short[] data, int offset0, int pixelStride, int scanline, int width)
      implements Reader {
    @Override
    public void row(int y, float[] out, int offset) {
      final short[] d = data;
      int p = y * scanline + offset0;
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[offset + x] = (d[p] & 0xffff) / 257f;
      }
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final short[] d = data;
      final int row = y * scanline + offset0;
      for (int c = 0; c < x0.length; c++) {
        long sum = 0;
        for (int x = x0[c], p = row + x * pixelStride; x < x1[c]; x++, p += pixelStride) {
          sum += d[p] & 0xffff;
        }
        cellSums[c] += sum / 257.0;
      }
    }
  }

  /** Anything else: {@link BufferedImage#getRGB} one row at a time (sRGB, alpha ignored). */
  private static final class ViaGetRgb implements Reader {
    private final BufferedImage image;
    private final int[] rgb;

    ViaGetRgb(BufferedImage image) {
      this.image = image;
      this.rgb = new int[image.getWidth()];
    }

    @Override
    public void row(int y, float[] out, int offset) {
      final int width = rgb.length;
      image.getRGB(0, y, width, 1, rgb, 0, width);
      for (int x = 0; x < width; x++) {
        final int v = rgb[x];
        out[offset + x] = R * ((v >>> 16) & 0xff) + G * ((v >>> 8) & 0xff) + B * (v & 0xff);
      }
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final int width = rgb.length;
      image.getRGB(0, y, width, 1, rgb, 0, width);
      for (int c = 0; c < x0.length; c++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int x = x0[c]; x < x1[c]; x++) {
          final int v = rgb[x];
          r += (v >>> 16) & 0xff;
          g += (v >>> 8) & 0xff;
          b += v & 0xff;
        }
        cellSums[c] += (double) R * r + (double) G * g + (double) B * b;
      }
    }
  }

  /** Luminance already computed, row-major ({@link PdqHasher#hashLuminance}). */
  record FloatRows(float[] luma, int width) implements Reader {
    @Override
    public void row(int y, float[] out, int offset) {
      System.arraycopy(luma, y * width, out, offset, width);
    }

    @Override
    public void addCellSums(int y, int[] x0, int[] x1, double[] cellSums) {
      final int base = y * width;
      for (int c = 0; c < x0.length; c++) {
        double sum = 0;
        for (int x = x0[c]; x < x1[c]; x++) {
          sum += luma[base + x];
        }
        cellSums[c] += sum;
      }
    }
  }
}
