package org.lantern.core.hashing;

/**
 * PDQ's 64x64 to 16x16 two-dimensional DCT, and the dihedral transforms applied to its output.
 *
 * <p><b>The matrix.</b> {@code D[i][j] = sqrt(2/64) * cos(pi / 128 * (i + 1) * (2j + 1))} for
 * {@code i} in 0..15 and {@code j} in 0..63, rounded to float: rows 1..16 of the 64-point DCT-II
 * basis. Row 0 (the DC term) is left out, as in Meta's reference: the mean brightness carries no
 * structure and would always sit above the median. The output is {@code B = D A D^T}, computed as
 * {@code T = D A} then {@code B = T D^T}, each element a float sum over {@code k = 0..63} in
 * ascending order starting from {@code 0.0f} (the reference's order, which fixes the rounding).
 *
 * <p><b>Dihedral transforms.</b> Mirroring an axis maps basis function {@code cos(pi u (2x + 1) /
 * 128)} to {@code (-1)^u} times itself, so a flip negates the coefficients of odd frequency on that
 * axis (array index {@code i} even, since frequency is {@code i + 1}); a transpose of the pixels
 * transposes the coefficients. Rotations are a transpose plus one flip. So the eight hashes of the
 * dihedral group come from sign changes and transposes of one DCT, with no re-hashing.
 *
 * <p>Thread-safety: immutable tables and stateless methods; callers own every buffer.
 */
final class PdqDct {
  /** DCT rows, row-major {@code [16][64]}. */
  private static final float[] MATRIX = buildMatrix();

  private PdqDct() {}

  private static float[] buildMatrix() {
    final float[] d = new float[16 * 64];
    final double scale = Math.sqrt(2.0 / 64.0);
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        d[i * 64 + j] = (float) (scale * Math.cos((Math.PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
      }
    }
    return d;
  }

  /**
   * {@code out16x16 = D in64x64 D^T}; {@code tmp16x64} is scratch. All buffers are row-major.
   */
  static void dct64To16(float[] in64x64, float[] tmp16x64, float[] out16x16) {
    final float[] d = MATRIX;
    // T = D A. Loop order i, k, j keeps the inner loop unit-stride (and vectorizable) while each
    // T[i][j] still accumulates its 64 products in ascending k.
    java.util.Arrays.fill(tmp16x64, 0, 16 * 64, 0.0f);
    for (int i = 0; i < 16; i++) {
      final int ti = i * 64;
      for (int k = 0; k < 64; k++) {
        final float dik = d[i * 64 + k];
        final int ak = k * 64;
        for (int j = 0; j < 64; j++) {
          tmp16x64[ti + j] += dik * in64x64[ak + j];
        }
      }
    }
    // B = T D^T: both operands are read along rows.
    for (int i = 0; i < 16; i++) {
      final int ti = i * 64;
      for (int j = 0; j < 16; j++) {
        final int dj = j * 64;
        float sum = 0.0f;
        for (int k = 0; k < 64; k++) {
          sum += tmp16x64[ti + k] * d[dj + k];
        }
        out16x16[i * 16 + j] = sum;
      }
    }
  }

  /**
   * Writes the DCT of the transformed image into {@code out} ({@code in} and {@code out} are
   * distinct row-major 16x16 buffers). Index {@code i} is the row (y) frequency, {@code j} the
   * column (x) frequency; "odd" below means the array index is odd, i.e. the frequency is even and
   * unchanged by a mirror.
   */
  static void transform(Dihedral t, float[] in, float[] out) {
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        final float a = in[i * 16 + j];
        final boolean iOdd = (i & 1) != 0;
        final boolean jOdd = (j & 1) != 0;
        switch (t) {
          case ORIGINAL -> out[i * 16 + j] = a;
          // Mirror top-bottom: odd row frequencies change sign.
          case FLIP_X -> out[i * 16 + j] = iOdd ? a : -a;
          // Mirror left-right: odd column frequencies change sign.
          case FLIP_Y -> out[i * 16 + j] = jOdd ? a : -a;
          // Both mirrors: sign (-1)^(i + j), since (-1)^(i+1) (-1)^(j+1) = (-1)^(i+j).
          case ROTATE_180 -> out[i * 16 + j] = ((i + j) & 1) != 0 ? -a : a;
          // Transpose about the main diagonal.
          case FLIP_PLUS_1 -> out[j * 16 + i] = a;
          // Transpose about the anti-diagonal: transpose plus both mirrors.
          case FLIP_MINUS_1 -> out[j * 16 + i] = ((i + j) & 1) != 0 ? -a : a;
          // Transpose, then mirror the new row axis (the old column axis).
          case ROTATE_90 -> out[j * 16 + i] = jOdd ? a : -a;
          // Transpose, then mirror the new column axis (the old row axis).
          case ROTATE_270 -> out[j * 16 + i] = iOdd ? a : -a;
        }
      }
    }
  }
}
