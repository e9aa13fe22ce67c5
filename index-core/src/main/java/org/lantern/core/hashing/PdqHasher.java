package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;

/**
 * Meta's PDQ perceptual hash (256 bits + quality), bit-compatible with the Java reference hasher
 * when given the same decoded pixels.
 *
 * <p><b>Algorithm</b> (after the PDQ description in facebook/ThreatExchange {@code hashing.pdf}):
 * <ol>
 *   <li>Luminance {@code Y = 0.299 R + 0.587 G + 0.114 B} in float ({@link Luminance}).
 *   <li>Jarosz tent blur: box filters of {@code ceil(width / 128)} samples along rows and {@code
 *       ceil(height / 128)} along columns, rows then columns, twice ({@link JaroszFilter}). The
 *       second round is computed only where step 3 reads it (same floats there).
 *   <li>Decimate to 64x64 by sampling pixel {@code ((i + 0.5) * height / 64, (j + 0.5) * width /
 *       64)}.
 *   <li>Quality: for every horizontally or vertically adjacent pair {@code (u, v)} of the 64x64
 *       buffer, add {@code |(int) ((u - v) * 100 / 255)|}; quality is that sum / 90, capped at 100.
 *   <li>DCT to 16x16 (frequencies 1..16 on each axis; the DC term is left out, {@link PdqDct}).
 *   <li>Median {@code m} of the 256 values (the lower median: the 128th smallest); bit {@code k =
 *       16 i + j} is set when {@code B[i][j] > m}. So a hash of an image with distinct DCT values
 *       has exactly 128 bits set.
 * </ol>
 *
 * <p><b>Bit order.</b> Bit {@code k} is bit {@code k % 64} of word {@code 3 - k / 64} of the {@link
 * Hash}, so {@link Hash#toHex()} prints what Meta's tools print (last four hex digits = DCT row
 * 0).
 *
 * <p><b>Conformance</b> (tests in {@code PdqConformanceTest}): equal to the Java reference's own
 * asserted hashes for the same ImageIO-decoded pixels; within a few bits of the C++ (CImg) hashes,
 * which decode JPEG slightly differently. EXIF orientation is not applied, as in every reference
 * hasher: hash the pixels as stored.
 *
 * <p><b>Robustness</b> (measured by {@code PdqRobustnessTest}; table with Meta's figures in the
 * {@linkplain org.lantern.core.hashing package documentation}). In short, re-encoding,
 * resizing, gray conversion, brightness/contrast, small watermarks and light blur stay well within
 * the match threshold of 31; crops and small rotations do not and are not claimed.
 *
 * <p><b>Cost.</b> Two float buffers of {@code width * height} per thread are kept and reused
 * (images up to 4 Mpx; larger ones get temporary buffers), so hashing such an image allocates only
 * its result.
 *
 * <p>Thread-safety: safe for concurrent use; scratch state is per thread.
 */
public final class PdqHasher implements ImageHasher {
  /** The shared instance (the class has no state of its own). */
  public static final PdqHasher INSTANCE = new PdqHasher();

  /**
   * Pixel count up to which a thread keeps its full-size buffers between calls: 4 Mpx, i.e. at
   * most 2 x 16 MiB of floats per hashing thread. Larger images (12 Mpx phone photos) get
   * temporary buffers, which costs garbage but keeps idle threads from pinning memory.
   */
  private static final int RETAINED_PIXELS = 4 << 20;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Use {@link #INSTANCE}, or this; instances are interchangeable. */
  public PdqHasher() {}

  @Override
  public HashType type() {
    return HashType.PDQ;
  }

  @Override
  public Hash hashBits(BufferedImage image) {
    return hash(image).hash();
  }

  /**
   * The PDQ hash and quality of {@code image}.
   *
   * @throws IllegalArgumentException if the image is empty
   */
  public PdqHash hash(BufferedImage image) {
    final Scratch s = SCRATCH.get();
    final int quality = dctOf(image, s);
    return new PdqHash(bitsAboveMedian(s.dct, s.sorted), quality);
  }

  /**
   * The hashes of all eight rotations and mirrors of {@code image}, from one DCT (see {@link
   * PdqDct}): equal, up to float rounding of the median, to hashing transformed pixels.
   *
   * @throws IllegalArgumentException if the image is empty
   */
  public PdqDihedralHashes hashDihedral(BufferedImage image) {
    final Scratch s = SCRATCH.get();
    final int quality = dctOf(image, s);
    final Hash[] hashes = new Hash[Dihedral.values().length];
    for (Dihedral d : Dihedral.values()) {
      PdqDct.transform(d, s.dct, s.variant);
      hashes[d.ordinal()] = bitsAboveMedian(s.variant, s.sorted);
    }
    return new PdqDihedralHashes(hashes, quality);
  }

  /**
   * PDQ on a luminance buffer already computed (row-major, {@code rows * cols} values, which this
   * method overwrites). For callers that have luma from elsewhere, e.g. video frames.
   */
  public PdqHash hashLuminance(float[] luma, int rows, int cols) {
    checkSize(rows, cols);
    if (luma.length < rows * cols) {
      throw new IllegalArgumentException(
          "luma holds " + luma.length + " values, need " + rows + "x" + cols);
    }
    final Scratch s = SCRATCH.get();
    final float[] other = rows * cols <= RETAINED_PIXELS ? s.buffer(1, rows * cols) : new float[rows * cols];
    final int quality = dctOfLuma(luma, other, rows, cols, s);
    return new PdqHash(bitsAboveMedian(s.dct, s.sorted), quality);
  }

  /** Fills {@code s.dct} with the 16x16 DCT of the image; returns the quality. */
  private static int dctOf(BufferedImage image, Scratch s) {
    final int rows = image.getHeight();
    final int cols = image.getWidth();
    checkSize(rows, cols);
    final int n = rows * cols;
    final float[] a;
    final float[] b;
    if (n <= RETAINED_PIXELS) {
      a = s.buffer(0, n);
      b = s.buffer(1, n);
    } else {
      // Huge images: don't pin hundreds of MB to a thread for the rest of its life.
      a = new float[n];
      b = new float[n];
    }
    Luminance.fill(image, a);
    return dctOfLuma(a, b, rows, cols, s);
  }

  private static int dctOfLuma(float[] a, float[] b, int rows, int cols, Scratch s) {
    final int windowAlongRows = JaroszFilter.windowSize(cols, 64);
    final int windowAlongCols = JaroszFilter.windowSize(rows, 64);
    final float[] sums = s.sums(cols);
    final float[] counts = s.counts(cols);
    JaroszFilter.windowCounts(cols, windowAlongRows, counts);
    // Round 1: every sample is needed by round 2.
    JaroszFilter.alongRows(a, b, rows, cols, windowAlongRows, counts);
    JaroszFilter.alongColumns(b, a, rows, cols, windowAlongCols, sums);
    // Round 2: decimation reads 64 columns of 64 rows, so the row pass divides only in those
    // columns and the column pass runs only down them. Same floats where they are read.
    final int[] sampleRows = s.sampleRows;
    final int[] sampleCols = s.sampleCols;
    sampleIndices(rows, sampleRows);
    sampleIndices(cols, sampleCols);
    // Two small arrays per hash, not per pixel.
    final int[] wantedCols = dedupe(sampleCols);
    final int[] wantedRows = dedupe(sampleRows);
    JaroszFilter.alongRowsAt(a, b, rows, cols, windowAlongRows, counts, wantedCols);
    JaroszFilter.alongColumnsAt(b, a, rows, cols, windowAlongCols, wantedCols, wantedRows, sums);
    decimate(a, rows, cols, s.buf64);
    final int quality = quality(s.buf64);
    PdqDct.dct64To16(s.buf64, s.tmp16x64, s.dct);
    return quality;
  }

  /** The reference's decimation index for each of 64 outputs: {@code (int) ((i + 0.5) * n / 64)}. */
  static void sampleIndices(int n, int[] out) {
    for (int i = 0; i < 64; i++) {
      out[i] = (int) (((i + 0.5) * n) / 64);
    }
  }

  /** The distinct values of ascending indices (images smaller than 64 repeat some). */
  private static int[] dedupe(int[] ascending) {
    int n = 1;
    for (int i = 1; i < ascending.length; i++) {
      if (ascending[i] != ascending[i - 1]) {
        n++;
      }
    }
    final int[] out = new int[n];
    out[0] = ascending[0];
    for (int i = 1, k = 1; i < ascending.length; i++) {
      if (ascending[i] != ascending[i - 1]) {
        out[k++] = ascending[i];
      }
    }
    return out;
  }

  private static void checkSize(int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("image is empty: " + cols + "x" + rows);
    }
    if ((long) rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too large for PDQ: " + cols + "x" + rows);
    }
  }

  /** Samples the blurred image at the centres of a 64x64 grid. */
  static void decimate(float[] in, int rows, int cols, float[] out64x64) {
    for (int i = 0; i < 64; i++) {
      // Double arithmetic, truncated, like the reference: (i + 0.5) * rows / 64.
      final int ini = (int) (((i + 0.5) * rows) / 64);
      for (int j = 0; j < 64; j++) {
        final int inj = (int) (((j + 0.5) * cols) / 64);
        out64x64[i * 64 + j] = in[ini * cols + inj];
      }
    }
  }

  /** The reference's quality score: scaled sum of |neighbour differences| in the 64x64 buffer. */
  static int quality(float[] b) {
    int gradientSum = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        final float u = b[i * 64 + j];
        final float v = b[(i + 1) * 64 + j];
        gradientSum += Math.abs((int) ((u - v) * 100 / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        final float u = b[i * 64 + j];
        final float v = b[i * 64 + j + 1];
        gradientSum += Math.abs((int) ((u - v) * 100 / 255));
      }
    }
    return Math.min(100, gradientSum / 90);
  }

  /**
   * Bit {@code k} set when {@code dct[k] > median}, where the median is the 128th smallest value
   * (what the reference's Torben selection returns for 256 values).
   */
  static Hash bitsAboveMedian(float[] dct, float[] sorted) {
    System.arraycopy(dct, 0, sorted, 0, 256);
    Arrays.sort(sorted, 0, 256);
    final float median = sorted[127];
    long w0 = 0; // bits 192..255
    long w1 = 0;
    long w2 = 0;
    long w3 = 0; // bits 0..63
    for (int k = 0; k < 64; k++) {
      w3 |= (dct[k] > median ? 1L : 0L) << k;
      w2 |= (dct[k + 64] > median ? 1L : 0L) << k;
      w1 |= (dct[k + 128] > median ? 1L : 0L) << k;
      w0 |= (dct[k + 192] > median ? 1L : 0L) << k;
    }
    return Hash.of256(w0, w1, w2, w3);
  }

  /** Per-thread buffers; full-size ones grow to the largest image seen (up to RETAINED_PIXELS). */
  private static final class Scratch {
    final float[][] full = new float[2][];
    float[] sums = new float[0];
    float[] counts = new float[0];
    final int[] sampleRows = new int[64];
    final int[] sampleCols = new int[64];
    final float[] buf64 = new float[64 * 64];
    final float[] tmp16x64 = new float[16 * 64];
    final float[] dct = new float[256];
    final float[] variant = new float[256];
    final float[] sorted = new float[256];

    float[] buffer(int which, int n) {
      float[] f = full[which];
      if (f == null || f.length < n) {
        f = new float[n];
        full[which] = f;
      }
      return f;
    }

    float[] counts(int n) {
      if (counts.length < n) {
        counts = new float[n];
      }
      return counts;
    }

    float[] sums(int n) {
      if (sums.length < n) {
        sums = new float[n];
      }
      return sums;
    }
  }
}
