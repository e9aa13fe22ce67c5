package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.testing.TestSeeds;

/** pHash and dHash: their documented definitions, determinism and near-duplicate robustness. */
class PHasherDHasherTest {
  private static final PHasher P = new PHasher();
  private static final DHasher D = new DHasher();

  /** A gray image whose luminance is exactly {@code values} (row-major, 0..255). */
  private static BufferedImage gray(int w, int h, int[] values) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setPixels(0, 0, w, h, values);
    return image;
  }

  private static int[] randomPixels(SplittableRandom random, int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(256);
    }
    return v;
  }

  @Test
  void dhashOfGradientsIsAllOnesOrAllZeros() {
    int w = 90;
    int h = 80;
    int[] rising = new int[w * h];
    int[] falling = new int[w * h];
    int[] vertical = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rising[y * w + x] = x * 255 / (w - 1);
        falling[y * w + x] = 255 - x * 255 / (w - 1);
        vertical[y * w + x] = y * 255 / (h - 1);
      }
    }
    assertThat(D.hash(gray(w, h, rising)).toHex()).isEqualTo("ffffffffffffffff");
    assertThat(D.hash(gray(w, h, falling)).toHex()).isEqualTo("0000000000000000");
    assertThat(D.hash(gray(w, h, vertical)).toHex()).isEqualTo("0000000000000000");
  }

  /** On a 9x8 image the resize is the identity, so the bits follow from the definition directly. */
  @Test
  void dhashOfA9x8ImageFollowsTheDefinition() {
    SplittableRandom random = TestSeeds.random("dhash9x8");
    for (int round = 0; round < 50; round++) {
      int[] px = randomPixels(random, 72);
      StringBuilder bits = new StringBuilder();
      for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 8; c++) {
          bits.append(px[r * 9 + c] < px[r * 9 + c + 1] ? '1' : '0');
        }
      }
      long expected = Long.parseUnsignedLong(bits.toString(), 2);
      assertThat(D.hash(gray(9, 8, px))).as(TestSeeds.describe()).isEqualTo(Hash.of64(expected));
      // Each cell of an 18x16 image with 2x2 blocks averages to the same grid.
      int[] big = new int[18 * 16];
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 18; x++) {
          big[y * 18 + x] = px[(y / 2) * 9 + x / 2];
        }
      }
      assertThat(D.hash(gray(18, 16, big))).as(TestSeeds.describe()).isEqualTo(Hash.of64(expected));
    }
  }

  /**
   * On a 32x32 image the resize is the identity; the expected bits come from the definition in
   * {@link PHasher}'s javadoc evaluated naively here (per coefficient, double sums).
   */
  @Test
  void phashOfA32x32ImageFollowsTheDefinition() {
    SplittableRandom random = TestSeeds.random("phash32");
    for (int round = 0; round < 50; round++) {
      int[] px = randomPixels(random, 32 * 32);
      double[] f = new double[64];
      for (int u = 0; u < 8; u++) {
        for (int v = 0; v < 8; v++) {
          double sum = 0;
          for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
              sum += px[y * 32 + x] * Math.cos(Math.PI * u * (2 * y + 1) / 64)
                  * Math.cos(Math.PI * v * (2 * x + 1) / 64);
            }
          }
          f[u * 8 + v] = sum;
        }
      }
      double[] sorted = f.clone();
      Arrays.sort(sorted);
      double median = (sorted[31] + sorted[32]) / 2;
      long expected = 0;
      for (int i = 0; i < 64; i++) {
        expected = (expected << 1) | (f[i] > median ? 1 : 0);
      }
      Hash ours = P.hash(gray(32, 32, px));
      assertThat(ours).as(TestSeeds.describe()).isEqualTo(Hash.of64(expected));
      // Random pixels: the DC term (top bit) is set and half the bits are above the median.
      assertThat(ours.word(0) < 0).isTrue();
      assertThat(ours.popCount()).isEqualTo(32);
    }
  }

  @Test
  void hashesAreDeterministicAndIndependentOfPixelLayout() {
    BufferedImage photo = ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg");
    BufferedImage asIntRgb = ImageEdits.toRgb(photo);
    for (ImageHasher hasher : List.of((ImageHasher) P, D)) {
      Hash first = hasher.hashBits(photo);
      assertThat(hasher.hashBits(photo)).isEqualTo(first);
      assertThat(hasher.hashBits(asIntRgb)).as(hasher.type() + " across layouts").isEqualTo(first);
    }
  }

  @Test
  void nearDuplicatesStayWithinAFewBitsAndUnrelatedImagesDoNot() {
    String[] paths = {"reg-test-input/dih/bridge-1-original.jpg", "reg-test-input/pen-and-coaster.png"};
    StringBuilder table = new StringBuilder("\npHash/dHash distance after edit\n");
    for (String path : paths) {
      BufferedImage image = ReferenceData.image(path);
      for (ImageHasher hasher : List.of((ImageHasher) P, D)) {
        Hash original = hasher.hashBits(image);
        int jpeg = original.distance(hasher.hashBits(ImageEdits.jpeg(image, 0.5f)));
        int half = original.distance(hasher.hashBits(ImageEdits.resize(image, 0.5)));
        int twice = original.distance(hasher.hashBits(ImageEdits.resize(image, 2.0)));
        table.append(String.format("%-24s %-6s jpeg0.5=%d resize50%%=%d resize200%%=%d%n",
            path.substring(path.lastIndexOf('/') + 1), hasher.type().label(), jpeg, half, twice));
        assertThat(jpeg).as(path + " " + hasher.type() + " jpeg").isLessThanOrEqualTo(4);
        assertThat(half).as(path + " " + hasher.type() + " half").isLessThanOrEqualTo(4);
        assertThat(twice).as(path + " " + hasher.type() + " twice").isLessThanOrEqualTo(4);
      }
    }
    System.out.println(table);
    BufferedImage a = ReferenceData.image(paths[0]);
    BufferedImage b = ReferenceData.image(paths[1]);
    assertThat(P.hash(a).distance(P.hash(b))).isGreaterThan(HashType.PHASH.defaultMaxDistance());
    assertThat(D.hash(a).distance(D.hash(b))).isGreaterThan(HashType.DHASH.defaultMaxDistance());
  }

  @Test
  void forTypeGivesTheMatchingHasher() {
    for (HashType type : HashType.values()) {
      ImageHasher hasher = ImageHasher.forType(type);
      assertThat(hasher.type()).isEqualTo(type);
      assertThat(hasher.hashBits(gray(40, 30, randomPixels(new SplittableRandom(1), 1200))).bits())
          .isEqualTo(type.bits());
    }
  }

  @Test
  void emptyImagesAreRejected() {
    // BufferedImage cannot be 0x0, so the guard is checked on the luminance entry point.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PdqHasher.INSTANCE.hashLuminance(new float[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
