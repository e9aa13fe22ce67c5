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
 *       ceil(height / 128)} along columns, rows then columns, twice ({@link JaroszFilter},
 *       streamed by {@link JaroszPipeline}; the second round only where step 3 reads it).
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
 * <p><b>Cost.</b> The blur streams rows through a few row-sized buffers per thread ({@link
 * JaroszPipeline}), reused across calls: memory is {@code O(width)}, not {@code O(width x height)},
 * and a hash allocates little beyond its result.
 *
 * <p>Thread-safety: safe for concurrent use; scratch state is per thread.
 */
public final class PdqHasher implements ImageHasher {
  /** The shared instance (the class has no state of its own). */
  public static final PdqHasher INSTANCE = new PdqHasher();

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
   * PDQ on a luminance buffer already computed (row-major, {@code rows * cols} values of 0..255),
   * for callers that have luma from elsewhere, e.g. video frames. The buffer is not modified.
   *
   * @throws IllegalArgumentException if the size is empty or the buffer too short
   */
  public PdqHash hashLuminance(float[] luma, int rows, int cols) {
    checkSize(rows, cols);
    if (luma.length < rows * cols) {
      throw new IllegalArgumentException(
          "luma holds " + luma.length + " values, need " + rows + "x" + cols);
    }
    final Scratch s = SCRATCH.get();
    final int quality = dctOf(new Luminance.FloatRows(luma, cols), rows, cols, s);
    return new PdqHash(bitsAboveMedian(s.dct, s.sorted), quality);
  }

  /** Fills {@code s.dct} with the 16x16 DCT of the image; returns the quality. */
  private static int dctOf(BufferedImage image, Scratch s) {
    final int rows = image.getHeight();
    final int cols = image.getWidth();
    checkSize(rows, cols);
    return dctOf(Luminance.reader(image), rows, cols, s);
  }

  private static int dctOf(Luminance.Reader reader, int rows, int cols, Scratch s) {
    s.pipeline.blurAndDecimate(reader, rows, cols, s.buf64);
    final int quality = quality(s.buf64);
    PdqDct.dct64To16(s.buf64, s.tmp16x64, s.dct);
    return quality;
  }

  /** The reference's decimation index for each of 64 outputs: {@code (int) ((i + 0.5) * n / 64)}. */
  static void sampleIndices(int n, int[] out) {
    for (int i = 0; i < 64; i++) {
      // Double arithmetic, truncated, like the reference.
      out[i] = (int) (((i + 0.5) * n) / 64);
    }
  }

  private static void checkSize(int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("image is empty: " + cols + "x" + rows);
    }
    if ((long) rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too large for PDQ: " + cols + "x" + rows);
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

  /** Per-thread buffers: a few rows of the image and the small DCT-side arrays. */
  private static final class Scratch {
    final JaroszPipeline pipeline = new JaroszPipeline();
    final float[] buf64 = new float[64 * 64];
    final float[] tmp16x64 = new float[16 * 64];
    final float[] dct = new float[256];
    final float[] variant = new float[256];
    final float[] sorted = new float[256];
  }
}
