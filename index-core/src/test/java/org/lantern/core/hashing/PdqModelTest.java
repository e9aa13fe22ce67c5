package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;
import org.lantern.core.testing.TestSeeds;

/**
 * The optimized {@link PdqHasher} (interleaved rows, all-columns-at-once passes, i-k-j DCT, sorted
 * median) against a plain model of the reference algorithm written as the description reads: one
 * strided serial box filter per row and per column, the DCT as two triple loops in i-j-k order, and
 * Torben's median selection. They must agree to the last bit on random images of awkward sizes
 * (1 pixel, thin strips, sizes below 64, odd and even windows).
 */
class PdqModelTest {
  @Test
  void optimizedHasherEqualsThePlainModel() {
    SplittableRandom random = TestSeeds.random("pdqModel");
    int[][] sizes = {{1, 1}, {1, 300}, {300, 1}, {7, 5}, {64, 64}, {63, 65}, {128, 129},
        {255, 257}, {384, 200}, {500, 333}, {1024, 31}, {640, 385}, {1500, 1100}};
    for (int[] size : sizes) {
      BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      // Smooth blobs plus noise, so the hash is not degenerate.
      double fx = 1 + random.nextInt(5);
      double fy = 1 + random.nextInt(5);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          double v = 128 + 90 * Math.sin(fx * x / size[0] * 6.28) * Math.cos(fy * y / size[1] * 6.28);
          int r = clamp(v + random.nextInt(40) - 20);
          int g = clamp(255 - v + random.nextInt(40) - 20);
          int b = random.nextInt(256);
          image.setRGB(x, y, r << 16 | g << 8 | b);
        }
      }
      PdqHash ours = PdqHasher.INSTANCE.hash(image);
      PdqHash model = model(image);
      assertThat(ours).as(size[0] + "x" + size[1] + " " + TestSeeds.describe()).isEqualTo(model);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, v));
  }

  static PdqHash model(BufferedImage image) {
    int rows = image.getHeight();
    int cols = image.getWidth();
    float[] a = new float[rows * cols];
    float[] b = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int rgb = image.getRGB(j, i);
        a[i * cols + j] = 0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff)
            + 0.114f * (rgb & 0xff);
      }
    }
    int wr = (cols + 127) / 128;
    int wc = (rows + 127) / 128;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < rows; i++) {
        box(a, i * cols, b, cols, 1, wr);
      }
      for (int j = 0; j < cols; j++) {
        box(b, j, a, rows, cols, wc);
      }
    }
    float[][] d64 = new float[64][64];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        d64[i][j] = a[(int) (((i + 0.5) * rows) / 64) * cols + (int) (((j + 0.5) * cols) / 64)];
      }
    }
    int gradient = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        gradient += Math.abs((int) ((d64[i][j] - d64[i + 1][j]) * 100 / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        gradient += Math.abs((int) ((d64[i][j] - d64[i][j + 1]) * 100 / 255));
      }
    }
    int quality = Math.min(100, gradient / 90);
    float[][] m = new float[16][64];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        m[i][j] = (float) (Math.sqrt(2.0 / 64.0) * Math.cos((Math.PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
      }
    }
    float[][] t = new float[16][64];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        float s = 0.0f;
        for (int k = 0; k < 64; k++) {
          s += m[i][k] * d64[k][j];
        }
        t[i][j] = s;
      }
    }
    float[] dct = new float[256];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        float s = 0.0f;
        for (int k = 0; k < 64; k++) {
          s += t[i][k] * m[j][k];
        }
        dct[i * 16 + j] = s;
      }
    }
    float median = torben(dct);
    long[] words = new long[4];
    for (int k = 0; k < 256; k++) {
      if (dct[k] > median) {
        words[3 - k / 64] |= 1L << (k % 64);
      }
    }
    return new PdqHash(Hash.ofWords(words), quality);
  }

  /** The box filter exactly as the description's four phases, over a strided vector. */
  private static void box(float[] in, int start, float[] out, int n, int stride, int window) {
    int half = (window + 2) / 2;
    int li = start;
    int ri = start;
    int oi = start;
    float sum = 0.0f;
    int count = 0;
    for (int i = 0; i < half - 1; i++) {
      sum += in[ri];
      count++;
      ri += stride;
    }
    for (int i = 0; i < window - half + 1; i++) {
      sum += in[ri];
      count++;
      out[oi] = sum / count;
      ri += stride;
      oi += stride;
    }
    for (int i = 0; i < n - window; i++) {
      sum += in[ri];
      sum -= in[li];
      out[oi] = sum / count;
      li += stride;
      ri += stride;
      oi += stride;
    }
    for (int i = 0; i < half - 1; i++) {
      sum -= in[li];
      count--;
      out[oi] = sum / count;
      li += stride;
      oi += stride;
    }
  }

  /** Torben's median selection (no sorting), as the reference uses. */
  private static float torben(float[] m) {
    int n = m.length;
    float min = m[0];
    float max = m[0];
    for (float v : m) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int less;
    int greater;
    int equal;
    float guess;
    float maxLess;
    float minGreater;
    while (true) {
      guess = (min + max) / 2;
      less = 0;
      greater = 0;
      equal = 0;
      maxLess = min;
      minGreater = max;
      for (float v : m) {
        if (v < guess) {
          less++;
          if (v > maxLess) {
            maxLess = v;
          }
        } else if (v > guess) {
          greater++;
          if (v < minGreater) {
            minGreater = v;
          }
        } else {
          equal++;
        }
      }
      if (less <= (n + 1) / 2 && greater <= (n + 1) / 2) {
        break;
      } else if (less > greater) {
        max = maxLess;
      } else {
        min = minGreater;
      }
    }
    if (less >= (n + 1) / 2) {
      return maxLess;
    } else if (less + equal >= (n + 1) / 2) {
      return guess;
    }
    return minGreater;
  }
}
