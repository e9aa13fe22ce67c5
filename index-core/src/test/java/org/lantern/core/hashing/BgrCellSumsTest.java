package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;

/** The vectorized band sums equal the scalar per-row sums, for both byte orders and odd sizes. */
class BgrCellSumsTest {
  @Test
  void vectorPathShouldEqualTheScalarPath() {
    assertThat(VectorSupport.AVAILABLE).as("the test JVM runs with --add-modules jdk.incubator.vector").isTrue();
    SplittableRandom random = TestSeeds.random("bgr-cell-sums");
    int[][] sizes = {{1, 1}, {7, 5}, {17, 3}, {33, 32}, {1024, 768}, {1003, 611}, {50, 900}};
    for (int[] bands : new int[][] {{2, 1, 0}, {0, 1, 2}}) { // B,G,R bytes (JPEG) and R,G,B (PNG)
      for (int[] size : sizes) {
        BufferedImage image = interleaved(size[0], size[1], bands);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) random.nextInt(256);
        }
        for (int[] grid : new int[][] {{32, 32}, {9, 8}}) {
          int gw = grid[0];
          int gh = grid[1];
          float[] vector = new float[gw * gh];
          CellAverager.average(image, gw, gh, vector);
          float[] scalar = scalarAverage(image, gw, gh);
          for (int i = 0; i < vector.length; i++) {
            assertThat(vector[i]).as("cell %d of %dx%d, %s", i, size[0], size[1], TestSeeds.describe())
                .isCloseTo(scalar[i], within(1e-3f));
          }
        }
        assertThat(PHasher.INSTANCE.hash(image)).isNotNull();
      }
    }
  }

  @Test
  void vectorLuminanceShouldBeBitIdenticalToTheScalarFormula() {
    SplittableRandom random = TestSeeds.random("bgr-luminance");
    for (int[] bands : new int[][] {{2, 1, 0}, {0, 1, 2}}) {
      for (int width : new int[] {1, 15, 16, 17, 21, 64, 1000, 1024}) {
        BufferedImage image = interleaved(width, 3, bands);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) random.nextInt(256);
        }
        Luminance.Reader reader = Luminance.reader(image);
        float[] row = new float[width + 2];
        for (int y = 0; y < 3; y++) {
          reader.row(y, row, 2);
          for (int x = 0; x < width; x++) {
            int p = (y * width + x) * 3;
            float expected = Luminance.R * (data[p + bands[0]] & 0xff)
                + Luminance.G * (data[p + bands[1]] & 0xff)
                + Luminance.B * (data[p + bands[2]] & 0xff);
            assertThat(Float.floatToIntBits(row[2 + x]))
                .as("pixel %d of row %d, width %d, bands %s", x, y, width, java.util.Arrays.toString(bands))
                .isEqualTo(Float.floatToIntBits(expected));
          }
        }
      }
    }
  }

  private static BufferedImage interleaved(int width, int height, int[] bandOffsets) {
    var raster = java.awt.image.Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, width, height, width * 3, 3, bandOffsets, null);
    var colorModel = new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
        java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
    return new BufferedImage(colorModel, raster, false, null);
  }

  /** The definition, row by row through the scalar reader. */
  private static float[] scalarAverage(BufferedImage image, int gw, int gh) {
    Luminance.Reader reader = Luminance.reader(image);
    int width = image.getWidth();
    int height = image.getHeight();
    float[] out = new float[gw * gh];
    int[] x0 = new int[gw];
    int[] x1 = new int[gw];
    for (int cx = 0; cx < gw; cx++) {
      x0[cx] = (int) ((long) cx * width / gw);
      x1[cx] = Math.max(x0[cx] + 1, (int) ((long) (cx + 1) * width / gw));
    }
    for (int cy = 0; cy < gh; cy++) {
      int y0 = (int) ((long) cy * height / gh);
      int y1 = Math.max(y0 + 1, (int) ((long) (cy + 1) * height / gh));
      double[] sums = new double[gw];
      for (int y = y0; y < y1; y++) {
        reader.addCellSums(y, x0, x1, sums);
      }
      for (int cx = 0; cx < gw; cx++) {
        out[cy * gw + cx] = (float) (sums[cx] / ((double) (x1[cx] - x0[cx]) * (y1 - y0)));
      }
    }
    return out;
  }
}
