package org.lantern.core.hashing;

import java.util.Arrays;

/**
 * PDQ's blur and 64x64 decimation, streamed: image rows flow through the four box passes (rows,
 * columns, rows, columns; see {@link JaroszFilter}) a few at a time, so the working set is a ring
 * of {@code window + 1} rows per column pass instead of two full-size float images.
 *
 * <p>Why: the full-image version is bound by memory bandwidth (each pass streams 3 MB in and out
 * for a 1024x768 image), and holds {@code 8 * width * height} bytes, 800 MB at 100 Mpx. Streamed,
 * every intermediate row stays in L1/L2, and memory is {@code O(width * window)}.
 *
 * <p>Exactness: each output sample sees the reference's float operations in the reference's
 * order (per column: add the entering row, subtract the leaving one, divide by the count). Only
 * the interleaving of independent rows and columns differs; {@code PdqModelTest} checks the result
 * bit for bit against a plain full-image implementation. The second round computes only what the
 * decimation reads: its row pass divides only in the 64 sampled columns, and its column pass runs
 * only down them.
 *
 * <p><b>Layout.</b> Every row is its own {@code float[]}, indexed from 0. The JIT vectorizes a
 * loop only if it can prove its stores do not overlap its loads; with rows at different offsets
 * of one array it cannot, and the per-row loops (dividing, and the fused add/subtract/divide of
 * the column passes) ran scalar, several times slower.
 *
 * <p>Thread-safety: not thread-safe; one per thread (held in {@link PdqHasher}'s scratch).
 */
final class JaroszPipeline {
  /** Rows per row-pass batch: {@link JaroszFilter#runningSums4} interleaves four serial scans. */
  private static final int BATCH = 4;

  private float[][] luma = new float[BATCH][0]; // round 1 input rows
  private float[][] sums1 = new float[BATCH][0]; // round 1 row-pass output rows
  private float[][] rows2 = new float[BATCH][0]; // round 2 input rows (round 1 outputs)
  private float[][] sums2 = new float[BATCH][0]; // round 2 running sums
  private float[] counts = new float[0]; // divisor per column for the row passes
  private float[] picked = new float[64]; // round-2 row, wanted columns only
  private final int[] sampleRows = new int[64];
  private final int[] sampleCols = new int[64];
  private final int[] columnSlot = new int[64]; // sampleCols[j] is wantedCols[columnSlot[j]]
  private int[] wantedCols = new int[0];
  private final ColumnStage round1 = new ColumnStage();
  private final ColumnStage round2 = new ColumnStage();

  // Per-image state.
  private int cols;
  private int windowAlongRows;
  private int queued; // round-1 output rows waiting in rows2
  private float[] out64;

  /**
   * Blurs the image read through {@code reader} ({@code rows x cols}) and writes the 64x64
   * decimation, row-major, into {@code out64}.
   */
  void blurAndDecimate(Luminance.Reader reader, int rows, int cols, float[] out64) {
    this.windowAlongRows = JaroszFilter.windowSize(cols, 64);
    final int windowAlongCols = JaroszFilter.windowSize(rows, 64);
    this.cols = cols;
    this.out64 = out64;
    this.queued = 0;
    if (counts.length < cols) {
      luma = new float[BATCH][cols];
      sums1 = new float[BATCH][cols];
      rows2 = new float[BATCH][cols];
      sums2 = new float[BATCH][cols];
      counts = new float[cols];
    }
    JaroszFilter.windowCounts(cols, windowAlongRows, counts);
    PdqHasher.sampleIndices(rows, sampleRows);
    PdqHasher.sampleIndices(cols, sampleCols);
    wantedCols = distinctSlots(sampleCols, columnSlot);
    round1.reset(cols, rows, windowAlongCols);
    round2.reset(wantedCols.length, rows, windowAlongCols);

    int y = 0;
    for (; y + BATCH <= rows; y += BATCH) {
      for (int k = 0; k < BATCH; k++) {
        reader.row(y + k, luma[k], 0);
      }
      JaroszFilter.runningSums4(luma, sums1, cols, windowAlongRows);
      for (int k = 0; k < BATCH; k++) {
        divide(sums1[k]);
        pushRound1(sums1[k]);
      }
    }
    for (; y < rows; y++) {
      reader.row(y, luma[0], 0);
      JaroszFilter.runningSums1(luma[0], sums1[0], cols, windowAlongRows);
      divide(sums1[0]);
      pushRound1(sums1[0]);
    }
    round1.finish();
    drainRound1();
    flushRound2();
    round2.finish();
    drainRound2();
  }

  /** {@code row[x] /= counts[x]}: the row pass's divisions, vectorized. */
  private void divide(float[] row) {
    final float[] c = counts;
    for (int x = 0; x < cols; x++) {
      row[x] = row[x] / c[x];
    }
  }

  private void pushRound1(float[] row) {
    round1.push(row);
    drainRound1();
  }

  /**
   * Queues round-1 output rows for the round-2 row pass, which runs {@code BATCH} rows at a time
   * (each row's running sum is a serial chain; independent chains overlap).
   */
  private void drainRound1() {
    while (round1.hasOutput()) {
      System.arraycopy(round1.takeOutput(), 0, rows2[queued], 0, cols);
      if (++queued == BATCH) {
        flushRound2();
      }
    }
  }

  /** Round-2 row pass on the queued rows, divided only in the sampled columns. */
  private void flushRound2() {
    final int n = queued;
    queued = 0;
    if (n == BATCH) {
      JaroszFilter.runningSums4(rows2, sums2, cols, windowAlongRows);
    } else {
      for (int k = 0; k < n; k++) {
        JaroszFilter.runningSums1(rows2[k], sums2[k], cols, windowAlongRows);
      }
    }
    final int[] wanted = wantedCols;
    final float[] c = counts;
    for (int k = 0; k < n; k++) {
      final float[] row = sums2[k];
      for (int i = 0; i < wanted.length; i++) {
        picked[i] = row[wanted[i]] / c[wanted[i]];
      }
      round2.push(picked);
      drainRound2();
    }
  }

  /** Round-2 column outputs at sampled rows become rows of the 64x64 result. */
  private void drainRound2() {
    while (round2.hasOutput()) {
      final int o = round2.outputIndex();
      final float[] row = round2.takeOutput();
      for (int i = 0; i < 64; i++) {
        if (sampleRows[i] == o) {
          for (int j = 0; j < 64; j++) {
            out64[i * 64 + j] = row[columnSlot[j]];
          }
        }
      }
    }
  }

  /** Distinct values of the ascending {@code samples}; {@code slot[j]} locates samples[j] in them. */
  private static int[] distinctSlots(int[] samples, int[] slot) {
    int n = 0;
    final int[] distinct = new int[samples.length];
    for (int j = 0; j < samples.length; j++) {
      if (n == 0 || distinct[n - 1] != samples[j]) {
        distinct[n++] = samples[j];
      }
      slot[j] = n - 1;
    }
    return Arrays.copyOf(distinct, n);
  }

  /**
   * A box filter down the columns of a stream of rows: rows are pushed in order, output rows come
   * out in order, at most one per push plus the tail after {@link #finish}. Per column the
   * operations are the reference's: phase 1 adds the first {@code half - 1} rows; then each push
   * of row {@code r} adds it, subtracts row {@code r - window} once output {@code o = r - half + 1}
   * has lost its first row ({@code o >= window - half + 1}), and divides by the rows inside; after
   * {@link #finish}, the last {@code half - 1} outputs subtract and divide.
   */
  static final class ColumnStage {
    private int width;
    private int rows;
    private int half;
    private int firstSubtract;
    private float[][] ring = new float[0][]; // the last window + 1 input rows
    private int ringRows;
    private float[] sums = new float[0];
    private float[] out = new float[0];
    private int count;
    private int pushed;
    private int produced; // outputs computed
    private int taken; // outputs handed out
    private boolean tail; // finish() called: outputs are produced on demand (phase 4)

    void reset(int width, int rows, int window) {
      this.width = width;
      this.rows = rows;
      this.half = (window + 2) / 2;
      this.firstSubtract = window - half + 1;
      this.ringRows = window + 1;
      if (ring.length < ringRows || sums.length < width) {
        final int w = Math.max(width, sums.length);
        ring = new float[Math.max(ringRows, ring.length)][w];
        sums = new float[w];
        out = new float[w];
      }
      Arrays.fill(sums, 0, width, 0.0f);
      count = 0;
      pushed = 0;
      produced = 0;
      taken = 0;
      tail = false;
    }

    void push(float[] src) {
      assert pushed < rows : "more rows pushed than declared";
      assert taken == produced : "previous output not taken";
      final int r = pushed++;
      final float[] entering = ring[r % ringRows];
      final float[] s = sums;
      final int w = width;
      count++;
      if (r < half - 1) {
        // Phase 1: accumulate, no output yet.
        for (int c = 0; c < w; c++) {
          final float v = src[c];
          entering[c] = v;
          s[c] += v;
        }
        return;
      }
      final int o = r - half + 1;
      final float[] result = out;
      if (o >= firstSubtract) {
        // Phase 3: add the entering row, subtract the leaving one, divide; fused in one loop.
        count--;
        final float n = count;
        final float[] leaving = ring[(o - firstSubtract) % ringRows];
        for (int c = 0; c < w; c++) {
          final float v = src[c];
          final float sum = (s[c] + v) - leaving[c];
          entering[c] = v;
          s[c] = sum;
          result[c] = sum / n;
        }
      } else {
        // Phase 2: add and divide.
        final float n = count;
        for (int c = 0; c < w; c++) {
          final float v = src[c];
          final float sum = s[c] + v;
          entering[c] = v;
          s[c] = sum;
          result[c] = sum / n;
        }
      }
      produced++;
    }

    /** All rows are in: the remaining {@code half - 1} outputs come from {@link #hasOutput}. */
    void finish() {
      assert pushed == rows : "finish after " + pushed + " of " + rows + " rows";
      tail = true;
    }

    boolean hasOutput() {
      if (taken < produced) {
        return true;
      }
      if (tail && produced < rows) {
        // Phase 4, one output per call, so the single output row is never overwritten before it
        // is taken.
        count--;
        final float n = count;
        final float[] leaving = ring[(produced - firstSubtract) % ringRows];
        final float[] s = sums;
        final float[] result = out;
        for (int c = 0; c < width; c++) {
          final float sum = s[c] - leaving[c];
          s[c] = sum;
          result[c] = sum / n;
        }
        produced++;
        return true;
      }
      return false;
    }

    /** Index of the next output row to be taken. */
    int outputIndex() {
      return taken;
    }

    float[] takeOutput() {
      assert taken < produced;
      taken++;
      return out;
    }
  }
}
