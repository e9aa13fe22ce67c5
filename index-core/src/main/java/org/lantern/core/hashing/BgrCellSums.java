package org.lantern.core.hashing;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3-byte-per-pixel rows (B, G, R or R, G, B; what ImageIO's JPEG and PNG readers produce) with the
 * Vector API: cell sums for the pHash and dHash box averages, and per-pixel luminance for PDQ. The
 * scalar loops (three strided byte loads per pixel) cost about a nanosecond a pixel.
 *
 * <p>Each cell's byte run is read in blocks of 48 bytes (16 pixels), as three 16-byte vectors
 * zero-extended to 16 ints and added to three per-cell accumulators; lane {@code i} of accumulator
 * {@code k} always holds byte {@code 16 k + i} of a block, which is channel {@code (16 k + i) % 3}.
 * Accumulators run over every row of a band of cells and are split into channels once per cell
 * and band. Sums are exact integers, so the result equals the scalar one up to the order in which
 * the three weighted channel totals are added in {@code double}.
 *
 * <p>For luminance, 16 pixels (48 bytes, read as one 64-byte vector) are split into their three
 * channels by byte shuffles, widened to floats and combined with the same float operations in the
 * same order as the scalar code, so PDQ hashes stay bit-identical.
 *
 * <p>Only used when the JVM has the {@code jdk.incubator.vector} module ({@link
 * VectorSupport#AVAILABLE}); Lantern's JVM flags add it everywhere.
 *
 * <p>Thread-safety: stateless; scratch arrays are the caller's.
 */
final class BgrCellSums {
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
  private static final int BLOCK = 48; // bytes: 16 pixels, the period of (16 lanes, 3 channels)

  /** Masks of the lanes holding channel c of accumulator k: {@code MASKS[k][c]}. */
  private static final VectorMask<Integer>[][] MASKS = masks();

  private BgrCellSums() {}

  @SuppressWarnings("unchecked")
  private static VectorMask<Integer>[][] masks() {
    VectorMask<Integer>[][] masks = new VectorMask[3][3];
    for (int k = 0; k < 3; k++) {
      for (int c = 0; c < 3; c++) {
        boolean[] lanes = new boolean[16];
        for (int i = 0; i < 16; i++) {
          lanes[i] = (16 * k + i) % 3 == c;
        }
        masks[k][c] = VectorMask.fromArray(INTS, lanes, 0);
      }
    }
    return masks;
  }

  /**
   * Adds, for each cell c, the sums of channel bytes 0, 1, 2 of pixels {@code [x0[c], x1[c])} of
   * rows {@code [y0, y1)} to {@code totals[3 c .. 3 c + 2]}.
   */
  static void addBand(byte[] data, int offset0, int scanline, int y0, int y1, int[] x0, int[] x1, long[] totals) {
    for (int c = 0; c < x0.length; c++) {
      final int pixels = x1[c] - x0[c];
      final int blocks = pixels * 3 / BLOCK;
      final int tailStart = x0[c] * 3 + blocks * BLOCK;
      IntVector a0 = IntVector.zero(INTS);
      IntVector a1 = IntVector.zero(INTS);
      IntVector a2 = IntVector.zero(INTS);
      long t0 = 0;
      long t1 = 0;
      long t2 = 0;
      for (int y = y0; y < y1; y++) {
        final int row = offset0 + y * scanline;
        int p = row + x0[c] * 3;
        for (int b = 0; b < blocks; b++, p += BLOCK) {
          a0 = a0.add(widen(data, p));
          a1 = a1.add(widen(data, p + 16));
          a2 = a2.add(widen(data, p + 32));
        }
        for (int q = row + tailStart, end = row + x1[c] * 3; q < end; q += 3) {
          t0 += data[q] & 0xff;
          t1 += data[q + 1] & 0xff;
          t2 += data[q + 2] & 0xff;
        }
      }
      totals[3 * c] += t0 + channel(a0, a1, a2, 0);
      totals[3 * c + 1] += t1 + channel(a0, a1, a2, 1);
      totals[3 * c + 2] += t2 + channel(a0, a1, a2, 2);
    }
  }

  private static IntVector widen(byte[] data, int p) {
    return (IntVector) ByteVector.fromArray(BYTES, data, p).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0);
  }

  private static long channel(IntVector a0, IntVector a1, IntVector a2, int c) {
    return (long) a0.reduceLanes(VectorOperators.ADD, MASKS[0][c])
        + a1.reduceLanes(VectorOperators.ADD, MASKS[1][c])
        + a2.reduceLanes(VectorOperators.ADD, MASKS[2][c]);
  }

  private static final VectorSpecies<Byte> BYTES_64 = ByteVector.SPECIES_512;
  private static final VectorSpecies<Float> FLOATS = jdk.incubator.vector.FloatVector.SPECIES_512;

  /** {@code PICK[k]}: moves bytes k, k + 3, k + 6, ... of a 64-byte vector to lanes 0..15. */
  private static final jdk.incubator.vector.VectorShuffle<Byte>[] PICK = picks();

  @SuppressWarnings("unchecked")
  private static jdk.incubator.vector.VectorShuffle<Byte>[] picks() {
    jdk.incubator.vector.VectorShuffle<Byte>[] picks = new jdk.incubator.vector.VectorShuffle[3];
    for (int k = 0; k < 3; k++) {
      int[] lanes = new int[64];
      for (int i = 0; i < 64; i++) {
        lanes[i] = i < 16 ? k + 3 * i : 0;
      }
      picks[k] = jdk.incubator.vector.VectorShuffle.fromArray(BYTES_64, lanes, 0);
    }
    return picks;
  }

  /**
   * Writes the luminance {@code R * r + G * g + B * b} (float, evaluated in that order, as the
   * scalar code does) of {@code width} 3-byte pixels starting at {@code data[p]} into {@code
   * out[offset ..]}; {@code ro, go, bo} are the channels' byte offsets within a pixel (0..2).
   * Returns how many pixels it wrote (16 at a time, while a 64-byte load stays in the array);
   * the caller does the rest.
   */
  static int luminanceRow(byte[] data, int p, int ro, int go, int bo, int width, float[] out, int offset) {
    int x = 0;
    for (; x + 16 <= width && p + 3 * x + 64 <= data.length; x += 16) {
      ByteVector pixels = ByteVector.fromArray(BYTES_64, data, p + 3 * x);
      jdk.incubator.vector.FloatVector r = channelFloats(pixels, ro);
      jdk.incubator.vector.FloatVector g = channelFloats(pixels, go);
      jdk.incubator.vector.FloatVector b = channelFloats(pixels, bo);
      r.mul(Luminance.R).add(g.mul(Luminance.G)).add(b.mul(Luminance.B)).intoArray(out, offset + x);
    }
    return x;
  }

  private static jdk.incubator.vector.FloatVector channelFloats(ByteVector pixels, int channel) {
    return (jdk.incubator.vector.FloatVector) pixels.rearrange(PICK[channel])
        .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
        .convert(VectorOperators.I2F, 0);
  }
}
