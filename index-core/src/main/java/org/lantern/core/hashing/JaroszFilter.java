package org.lantern.core.hashing;

/**
 * PDQ's downsampling blur: a Jarosz tent filter, built as repeated box filters, one pass along
 * each row then one along each column, twice (two box passes per axis approximate a tent).
 *
 * <p><b>Box filter semantics</b> (as in Meta's reference, so results match it to the last float
 * bit). For a window of {@code w} samples, let {@code h = (w + 2) / 2}. Output sample {@code o} is
 * the mean of the input samples {@code [o - (w - h), o + h - 1]} clipped to the vector, i.e. a
 * window that is centred for odd {@code w}, shrinks at both ends, and divides by the number of
 * samples actually inside. The mean is kept as a running {@code float} sum: add the sample
 * entering, then subtract the one leaving, then divide by the count. Rounding depends on that
 * order, so every implementation here performs exactly those float operations in exactly that
 * order for each output sample; only the order in which <i>independent</i> vectors are visited
 * differs (for cache locality and SIMD).
 *
 * <p>Thread-safety: stateless; callers own every buffer.
 */
final class JaroszFilter {
  private JaroszFilter() {}

  /**
   * The reference's window size for shrinking {@code oldDimension} samples to about {@code
   * newDimension}: {@code ceil(oldDimension / (2 * newDimension))}, at least 1.
   */
  static int windowSize(int oldDimension, int newDimension) {
    return (oldDimension + 2 * newDimension - 1) / (2 * newDimension);
  }

  /**
   * Box-filters every row of a row-major {@code rows x cols} buffer along x. Rows are serial scans
   * (each sum depends on the previous one), so four rows are interleaved to keep the FPU busy.
   */
  static void alongRows(float[] in, float[] out, int rows, int cols, int window) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      rows4(in, out, r * cols, cols, window);
    }
    for (; r < rows; r++) {
      row1(in, out, r * cols, cols, window);
    }
  }

  /** One row: the reference's four phases, written out. */
  private static void row1(float[] in, float[] out, int base, int n, int window) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = n - window;
    final int phase4 = half - 1;
    int li = base;
    int ri = base;
    int oi = base;
    float sum = 0.0f;
    int count = 0;
    for (int i = 0; i < phase1; i++) {
      sum += in[ri++];
      count++;
    }
    for (int i = 0; i < phase2; i++) {
      sum += in[ri++];
      count++;
      out[oi++] = sum / count;
    }
    for (int i = 0; i < phase3; i++) {
      sum += in[ri++];
      sum -= in[li++];
      out[oi++] = sum / count;
    }
    for (int i = 0; i < phase4; i++) {
      sum -= in[li++];
      count--;
      out[oi++] = sum / count;
    }
  }

  /** Four adjacent rows at once: the same operations as {@link #row1}, interleaved. */
  private static void rows4(float[] in, float[] out, int base, int n, int window) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = n - window;
    final int phase4 = half - 1;
    final int b0 = base;
    final int b1 = base + n;
    final int b2 = base + 2 * n;
    final int b3 = base + 3 * n;
    int li = 0;
    int ri = 0;
    int oi = 0;
    float s0 = 0.0f;
    float s1 = 0.0f;
    float s2 = 0.0f;
    float s3 = 0.0f;
    int count = 0;
    for (int i = 0; i < phase1; i++, ri++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
      count++;
    }
    for (int i = 0; i < phase2; i++, ri++, oi++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
      count++;
      final float c = count;
      out[b0 + oi] = s0 / c;
      out[b1 + oi] = s1 / c;
      out[b2 + oi] = s2 / c;
      out[b3 + oi] = s3 / c;
    }
    final float full = count;
    for (int i = 0; i < phase3; i++, ri++, li++, oi++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
      s0 -= in[b0 + li];
      s1 -= in[b1 + li];
      s2 -= in[b2 + li];
      s3 -= in[b3 + li];
      out[b0 + oi] = s0 / full;
      out[b1 + oi] = s1 / full;
      out[b2 + oi] = s2 / full;
      out[b3 + oi] = s3 / full;
    }
    for (int i = 0; i < phase4; i++, li++, oi++) {
      s0 -= in[b0 + li];
      s1 -= in[b1 + li];
      s2 -= in[b2 + li];
      s3 -= in[b3 + li];
      count--;
      final float c = count;
      out[b0 + oi] = s0 / c;
      out[b1 + oi] = s1 / c;
      out[b2 + oi] = s2 / c;
      out[b3 + oi] = s3 / c;
    }
  }

  /**
   * Box-filters every column of a row-major {@code rows x cols} buffer along y. All columns advance
   * together, one row at a time, with one running sum per column in {@code sums} (length at least
   * {@code cols}): the inner loops are unit-stride and vectorize, and each column sees the same
   * float operations in the same order as a serial scan down that column.
   */
  static void alongColumns(float[] in, float[] out, int rows, int cols, int window, float[] sums) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = rows - window;
    final int phase4 = half - 1;
    java.util.Arrays.fill(sums, 0, cols, 0.0f);
    int li = 0;
    int ri = 0;
    int oi = 0;
    int count = 0;
    for (int i = 0; i < phase1; i++, ri += cols) {
      for (int j = 0; j < cols; j++) {
        sums[j] += in[ri + j];
      }
      count++;
    }
    for (int i = 0; i < phase2; i++, ri += cols, oi += cols) {
      count++;
      final float c = count;
      for (int j = 0; j < cols; j++) {
        final float s = sums[j] + in[ri + j];
        sums[j] = s;
        out[oi + j] = s / c;
      }
    }
    final float full = count;
    for (int i = 0; i < phase3; i++, ri += cols, li += cols, oi += cols) {
      for (int j = 0; j < cols; j++) {
        final float s = (sums[j] + in[ri + j]) - in[li + j];
        sums[j] = s;
        out[oi + j] = s / full;
      }
    }
    for (int i = 0; i < phase4; i++, li += cols, oi += cols) {
      count--;
      final float c = count;
      for (int j = 0; j < cols; j++) {
        final float s = sums[j] - in[li + j];
        sums[j] = s;
        out[oi + j] = s / c;
      }
    }
  }
}
