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

  /**
   * Box-filters every row of a row-major {@code rows x cols} buffer along x. {@code counts} comes
   * from {@link #windowCounts windowCounts(cols, window, counts)}.
   *
   * <p>A row is a serial scan (each running sum depends on the previous one), and a scalar divide
   * per sample would cost more than the scan. So each row is done in two loops: the running sums
   * (four rows interleaved, to overlap the add latencies), stored in {@code out}; then {@code
   * out[x] / counts[x]}, a loop without dependencies that vectorizes. IEEE division is correctly
   * rounded, so the quotients are the reference's to the bit.
   */
  static void alongRows(float[] in, float[] out, int rows, int cols, int window, float[] counts) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      runningSums4(in, out, r * cols, cols, window);
      divide(out, r * cols, counts, 4 * cols, cols);
    }
    for (; r < rows; r++) {
      runningSums1(in, out, r * cols, cols, window);
      divide(out, r * cols, counts, cols, cols);
    }
  }

  /**
   * Like {@link #alongRows} but divides only at the columns listed in {@code wantedColumns}: the
   * caller will read nothing else. The running sums still visit every sample, because their
   * rounding depends on the whole prefix.
   */
  static void alongRowsAt(float[] in, float[] out, int rows, int cols, int window, float[] counts,
      int[] wantedColumns) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      runningSums4(in, out, r * cols, cols, window);
      for (int k = 0; k < 4; k++) {
        final int base = (r + k) * cols;
        for (int c : wantedColumns) {
          out[base + c] = out[base + c] / counts[c];
        }
      }
    }
    for (; r < rows; r++) {
      runningSums1(in, out, r * cols, cols, window);
      final int base = r * cols;
      for (int c : wantedColumns) {
        out[base + c] = out[base + c] / counts[c];
      }
    }
  }

  /** {@code buf[base + i] /= counts[i % cols]} for {@code i < length} (whole rows). */
  private static void divide(float[] buf, int base, float[] counts, int length, int cols) {
    for (int start = 0; start < length; start += cols) {
      final int b = base + start;
      for (int x = 0; x < cols; x++) {
        buf[b + x] = buf[b + x] / counts[x];
      }
    }
  }

  /** Running window sums of one row (the reference's four phases, without the divisions). */
  private static void runningSums1(float[] in, float[] out, int base, int n, int window) {
    final int half = (window + 2) / 2;
    final int phase1 = half - 1;
    final int phase2 = window - half + 1;
    final int phase3 = n - window;
    final int phase4 = half - 1;
    int li = base;
    int ri = base;
    int oi = base;
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

  /** Four adjacent rows at once: the same operations as {@link #runningSums1}, interleaved. */
  private static void runningSums4(float[] in, float[] out, int base, int n, int window) {
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
    for (int i = 0; i < phase1; i++, ri++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
    }
    for (int i = 0; i < phase2; i++, ri++, oi++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
      out[b0 + oi] = s0;
      out[b1 + oi] = s1;
      out[b2 + oi] = s2;
      out[b3 + oi] = s3;
    }
    for (int i = 0; i < phase3; i++, ri++, li++, oi++) {
      s0 += in[b0 + ri];
      s1 += in[b1 + ri];
      s2 += in[b2 + ri];
      s3 += in[b3 + ri];
      s0 -= in[b0 + li];
      s1 -= in[b1 + li];
      s2 -= in[b2 + li];
      s3 -= in[b3 + li];
      out[b0 + oi] = s0;
      out[b1 + oi] = s1;
      out[b2 + oi] = s2;
      out[b3 + oi] = s3;
    }
    for (int i = 0; i < phase4; i++, li++, oi++) {
      s0 -= in[b0 + li];
      s1 -= in[b1 + li];
      s2 -= in[b2 + li];
      s3 -= in[b3 + li];
      out[b0 + oi] = s0;
      out[b1 + oi] = s1;
      out[b2 + oi] = s2;
      out[b3 + oi] = s3;
    }
  }

  /**
   * Box-filters only the columns in {@code wantedColumns} along y, and writes only the rows in
   * {@code wantedRows} (ascending): the last pass before decimation, which reads nothing else.
   * Each wanted column gets exactly the float operations of a full scan.
   */
  static void alongColumnsAt(float[] in, float[] out, int rows, int cols, int window,
      int[] wantedColumns, int[] wantedRows, float[] sums) {
    final int half = (window + 2) / 2;
    final int firstSubtract = window - half + 1; // first output whose window has lost a row
    final int m = wantedColumns.length;
    java.util.Arrays.fill(sums, 0, m, 0.0f);
    int count = 0;
    // Phase 1: the first half - 1 rows enter before any output.
    for (int r = 0; r < half - 1; r++) {
      addRow(in, r * cols, wantedColumns, sums, 1);
      count++;
    }
    int next = 0; // index into wantedRows
    for (int o = 0; o < rows && next < wantedRows.length; o++) {
      // Output o has read rows up to o + half - 1 (phases 2 and 3 add, phase 4 does not) ...
      final int ri = o + half - 1;
      if (ri < rows) {
        addRow(in, ri * cols, wantedColumns, sums, 1);
        count++;
      }
      // ... and, from phase 3 on, the row o - firstSubtract has left, subtracted after the add.
      if (o >= firstSubtract) {
        addRow(in, (o - firstSubtract) * cols, wantedColumns, sums, -1);
        count--;
      }
      if (wantedRows[next] == o) {
        final float c = count;
        final int b = o * cols;
        for (int k = 0; k < m; k++) {
          out[b + wantedColumns[k]] = sums[k] / c;
        }
        next++;
      }
    }
  }

  /** {@code sums[k] += in[base + columns[k]]} (sign 1) or {@code -=} (sign -1). */
  private static void addRow(float[] in, int base, int[] columns, float[] sums, int sign) {
    if (sign > 0) {
      for (int k = 0; k < columns.length; k++) {
        sums[k] += in[base + columns[k]];
      }
    } else {
      for (int k = 0; k < columns.length; k++) {
        sums[k] -= in[base + columns[k]];
      }
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
