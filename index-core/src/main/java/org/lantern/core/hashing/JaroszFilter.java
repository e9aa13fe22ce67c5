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
 * differs (for cache locality and SIMD). The divisions are left to the caller ({@link
 * JaroszPipeline}): a scalar divide per sample inside the serial scan would cost more than the
 * scan, while a separate {@code sum[x] / counts[x]} loop vectorizes, and IEEE division is
 * correctly rounded, so the quotients are the same.
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
   * The divisor of each output sample of a box filter over {@code n} samples: the number of input
   * samples inside its (clipped) window, as a float. Dividing by {@code counts[o]} is what the
   * reference does when it divides the running sum by its current window size.
   */
  static void windowCounts(int n, int window, float[] counts) {
    final int half = (window + 2) / 2;
    final int phase2 = window - half + 1;
    int o = 0;
    int count = half - 1;
    for (int i = 0; i < phase2; i++) {
      counts[o++] = ++count;
    }
    for (int i = 0; i < n - window; i++) {
      counts[o++] = count;
    }
    for (int i = 0; i < half - 1; i++) {
      counts[o++] = --count;
    }
  }

  /** Running window sums of one row (the reference's four phases, without the divisions). */
  static void runningSums1(float[] in, float[] out, int n, int window) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = n - window;
    final int phase4 = half - 1;
    int li = 0;
    int ri = 0;
    int oi = 0;
    float sum = 0.0f;
    for (int i = 0; i < phase1; i++) {
      sum += in[ri++];
    }
    for (int i = 0; i < phase2; i++) {
      sum += in[ri++];
      out[oi++] = sum;
    }
    for (int i = 0; i < phase3; i++) {
      sum += in[ri++];
      sum -= in[li++];
      out[oi++] = sum;
    }
    for (int i = 0; i < phase4; i++) {
      sum -= in[li++];
      out[oi++] = sum;
    }
  }

  /**
   * Four rows at once: the same operations as {@link #runningSums1} on {@code in[k]} into {@code
   * out[k]}, interleaved. Each row's sum is a chain of dependent adds; four independent chains
   * overlap their latencies (eight were measured slower).
   */
  static void runningSums4(float[][] in, float[][] out, int n, int window) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = n - window;
    final int phase4 = half - 1;
    final float[] i0 = in[0];
    final float[] i1 = in[1];
    final float[] i2 = in[2];
    final float[] i3 = in[3];
    final float[] o0 = out[0];
    final float[] o1 = out[1];
    final float[] o2 = out[2];
    final float[] o3 = out[3];
    int li = 0;
    int ri = 0;
    int oi = 0;
    float s0 = 0.0f;
    float s1 = 0.0f;
    float s2 = 0.0f;
    float s3 = 0.0f;
    for (int i = 0; i < phase1; i++, ri++) {
      s0 += i0[ri];
      s1 += i1[ri];
      s2 += i2[ri];
      s3 += i3[ri];
    }
    for (int i = 0; i < phase2; i++, ri++, oi++) {
      s0 += i0[ri];
      s1 += i1[ri];
      s2 += i2[ri];
      s3 += i3[ri];
      o0[oi] = s0;
      o1[oi] = s1;
      o2[oi] = s2;
      o3[oi] = s3;
    }
    for (int i = 0; i < phase3; i++, ri++, li++, oi++) {
      s0 += i0[ri];
      s1 += i1[ri];
      s2 += i2[ri];
      s3 += i3[ri];
      s0 -= i0[li];
      s1 -= i1[li];
      s2 -= i2[li];
      s3 -= i3[li];
      o0[oi] = s0;
      o1[oi] = s1;
      o2[oi] = s2;
      o3[oi] = s3;
    }
    for (int i = 0; i < phase4; i++, li++, oi++) {
      s0 -= i0[li];
      s1 -= i1[li];
      s2 -= i2[li];
      s3 -= i3[li];
      o0[oi] = s0;
      o1[oi] = s1;
      o2[oi] = s2;
      o3[oi] = s3;
    }
  }
}
