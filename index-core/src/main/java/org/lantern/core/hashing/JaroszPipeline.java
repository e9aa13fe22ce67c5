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
 * <p>Thread-safety: not thread-safe; one per thread (held in {@link PdqHasher}'s scratch).
 */
final class JaroszPipeline {
  /** Rows per row-pass batch: {@link JaroszFilter#runningSums4} interleaves four serial scans
   * (eight were measured slower). */
  private static final int BATCH = 4;

  private float[] lumaBatch = new float[0]; // BATCH rows of luminance
  private float[] sumBatch = new float[0]; // BATCH rows of round-1 running sums
  private float[] counts = new float[0]; // divisor per column for the row passes
  private float[] picked = new float[64]; // round-2 row, wanted columns only
  private final int[] sampleRows = new int[64];
  private final int[] sampleCols = new int[64];
  private final int[] columnSlot = new int[64]; // sampleCols[j] is wantedCols[columnSlot[j]]
  private int[] wantedCols = new int[0];
  private final ColumnStage round1 = new ColumnStage();
  private final ColumnStage round2 = new ColumnStage();

  // Per-image state used by the sinks.
  private int cols;
  private int batched; // round-1 output rows waiting in sumBatch
  private float[] out64;

  /**
   * Blurs the image read through {@code reader} ({@code rows x cols}) and writes the 64x64
   * decimation, row-major, into {@code out64}.
   */
  void blurAndDecimate(Luminance.Reader reader, int rows, int cols, float[] out64) {
    final int windowAlongRows = JaroszFilter.windowSize(cols, 64);
    final int windowAlongCols = JaroszFilter.windowSize(rows, 64);
    this.cols = cols;
    this.out64 = out64;
    this.batched = 0;
    if (lumaBatch.length < BATCH * cols) {
      lumaBatch = new float[BATCH * cols];
      sumBatch = new float[BATCH * cols];
      counts = new float[cols];
    }
    JaroszFilter.windowCounts(cols, windowAlongRows, counts);
    PdqHasher.sampleIndices(rows, sampleRows);
    PdqHasher.sampleIndices(cols, sampleCols);
    wantedCols = distinctSlots(sampleCols, columnSlot);
    round1.reset(cols, rows, windowAlongCols);
    round2.reset(wantedCols.length, rows, windowAlongCols);

    final float[] luma = lumaBatch;
    final float[] sums = sumBatch;
    int y = 0;
    for (; y + BATCH <= rows; y += BATCH) {
      for (int k = 0; k < BATCH; k++) {
        reader.row(y + k, luma, k * cols);
      }
      JaroszFilter.runningSums4(luma, sums, 0, cols, windowAlongRows);
      for (int k = 0; k < BATCH; k++) {
        divideRow(sums, k * cols);
        pushRound1(sums, k * cols, windowAlongRows);
      }
    }
    for (; y < rows; y++) {
      reader.row(y, luma, 0);
      JaroszFilter.runningSums1(luma, sums, 0, cols, windowAlongRows);
      divideRow(sums, 0);
      pushRound1(sums, 0, windowAlongRows);
    }
    finishRound1(windowAlongRows);
  }

  private void divideRow(float[] buf, int base) {
    final float[] c = counts;
    for (int x = 0; x < cols; x++) {
      buf[base + x] = buf[base + x] / c[x];
    }
  }

  /** Round-1 column pass, then queue its output rows for the round-2 row pass. */
  private void pushRound1(float[] src, int offset, int windowAlongRows) {
    round1.push(src, offset);
    while (round1.hasOutput()) {
      queueForRound2(round1.takeOutput(), windowAlongRows);
    }
  }

  private void finishRound1(int windowAlongRows) {
    round1.finish();
    while (round1.hasOutput()) {
      queueForRound2(round1.takeOutput(), windowAlongRows);
    }
    flushRound2Rows(windowAlongRows);
    round2.finish();
    drainRound2();
  }

  /**
   * Queues a round-1 output row for the round-2 row pass, which runs {@code BATCH} rows at a time
   * (each row's running sum is a serial chain; independent chains overlap). Round 2 has its own buffers: the
   * round-1 batch is still being consumed when its outputs arrive.
   */
  private void queueForRound2(float[] row, int windowAlongRows) {
    System.arraycopy(row, 0, round2Input(), batched * cols, cols);
    if (++batched == BATCH) {
      flushRound2Rows(windowAlongRows);
    }
  }

  private float[] round2Rows = new float[0];
  private float[] round2Sums = new float[0];

  private float[] round2Input() {
    if (round2Rows.length < BATCH * cols) {
      round2Rows = new float[BATCH * cols];
      round2Sums = new float[BATCH * cols];
    }
    return round2Rows;
  }

  private void flushRound2Rows(int windowAlongRows) {
    final int n = batched;
    batched = 0;
    if (n == 0) {
      return;
    }
    if (n == BATCH) {
      JaroszFilter.runningSums4(round2Rows, round2Sums, 0, cols, windowAlongRows);
    } else {
      for (int k = 0; k < n; k++) {
        JaroszFilter.runningSums1(round2Rows, round2Sums, k * cols, cols, windowAlongRows);
      }
    }
    final int[] wanted = wantedCols;
    final float[] c = counts;
    for (int k = 0; k < n; k++) {
      final int base = k * cols;
      for (int i = 0; i < wanted.length; i++) {
        picked[i] = round2Sums[base + wanted[i]] / c[wanted[i]];
      }
      round2.push(picked, 0);
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
   * out in order, at most one per push plus the tail on {@link #finish}. Per column the operations
   * are the reference's: phase 1 adds the first {@code half - 1} rows; then each push of row
   * {@code r} adds it, subtracts row {@code r - window} once output {@code o = r - half + 1} has
   * lost its first row ({@code o >= window - half + 1}), and divides by the rows inside; {@link
   * #finish} subtracts and divides for the last {@code half - 1} outputs.
   */
  static final class ColumnStage {
    private int width;
    private int rows;
    private int window;
    private int half;
    private int firstSubtract;
    private float[] ring = new float[0]; // the last window + 1 input rows
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
      this.window = window;
      this.half = (window + 2) / 2;
      this.firstSubtract = window - half + 1;
      this.ringRows = window + 1;
      if (ring.length < ringRows * width) {
        ring = new float[ringRows * width];
      }
      if (sums.length < width) {
        sums = new float[width];
        out = new float[width];
      }
      Arrays.fill(sums, 0, width, 0.0f);
      count = 0;
      pushed = 0;
      produced = 0;
      taken = 0;
      tail = false;
    }

    void push(float[] src, int offset) {
      assert pushed < rows : "more rows pushed than declared";
      final int r = pushed++;
      final int slot = (r % ringRows) * width;
      final float[] ringBuf = ring;
      final float[] s = sums;
      final int w = width;
      count++;
      if (r < half - 1) {
        // Phase 1: accumulate, no output yet.
        for (int c = 0; c < w; c++) {
          final float v = src[offset + c];
          ringBuf[slot + c] = v;
          s[c] += v;
        }
        return;
      }
      final int o = r - half + 1;
      final float[] result = out;
      if (o >= firstSubtract) {
        // Phase 3: add the entering row, subtract the leaving one, divide. One fused loop: the
        // separate copy/add/subtract/divide loops cost four trips over the row.
        count--;
        final float n = count;
        final int leaving = ((o - firstSubtract) % ringRows) * width;
        for (int c = 0; c < w; c++) {
          final float v = src[offset + c];
          final float sum = (s[c] + v) - ringBuf[leaving + c];
          ringBuf[slot + c] = v;
          s[c] = sum;
          result[c] = sum / n;
        }
      } else {
        // Phase 2: add and divide.
        final float n = count;
        for (int c = 0; c < w; c++) {
          final float v = src[offset + c];
          final float sum = s[c] + v;
          ringBuf[slot + c] = v;
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

    private void add(int slot) {
      final float[] s = sums;
      final float[] in = ring;
      for (int c = 0; c < width; c++) {
        s[c] += in[slot + c];
      }
    }

    private void subtract(int slot) {
      final float[] s = sums;
      final float[] in = ring;
      for (int c = 0; c < width; c++) {
        s[c] -= in[slot + c];
      }
    }

    private void emit() {
      final float n = count;
      final float[] s = sums;
      final float[] o = out;
      for (int c = 0; c < width; c++) {
        o[c] = s[c] / n;
      }
      produced++;
    }

    boolean hasOutput() {
      if (taken < produced) {
        return true;
      }
      if (tail && produced < rows) {
        // Phase 4, one output per call, so the single output row is never overwritten before it
        // is taken.
        final int o = produced;
        subtract(((o - firstSubtract) % ringRows) * width);
        count--;
        emit();
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
