package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;

/**
 * PDQ against python-threatexchange's asserted values ({@code expected/pytx-pdqhash-pil.csv}):
 * pytx decodes with PIL, converts to RGB and hashes with the C++ core, so where PIL and ImageIO
 * decode to the same pixels our hashes must be identical.
 */
class PdqPytxConformanceTest {
  private static final PdqHasher PDQ = new PdqHasher();

  private static String[] row(String image, String variantPrefix) {
    for (String[] row : ReferenceData.csv("pytx-pdqhash-pil.csv")) {
      if (row[2].equals(image) && row[3].startsWith(variantPrefix)) {
        return row;
      }
    }
    throw new IllegalStateException("no row " + image + " " + variantPrefix);
  }

  private static void assertExact(String image, PdqHash ours, String[] row) {
    System.out.printf("pytx %s %s: ours %s,%d expected %s,%s%n",
        image, row[3], ours.hash(), ours.quality(), row[0], row[1]);
    assertThat(ours.hash().toHex()).as(image + " " + row[3]).isEqualTo(row[0]);
    if (!row[1].isEmpty()) {
      assertThat(ours.quality()).as(image + " quality").isEqualTo(Integer.parseInt(row[1]));
    }
  }

  @Test
  void rgbJpegAndPngRowsAreExact() {
    for (String image : new String[] {
        "reg-test-input/dih/bridge-1-original.jpg", "pytx-resources/rgb.jpeg",
        "pytx-resources/random-image-from-test_pdq_hasher.png"}) {
      assertExact(image, PDQ.hash(ReferenceData.image(image)), row(image, "as-is"));
    }
  }

  /**
   * LA.png is 8-bit gray + alpha. PIL's {@code convert("RGB")} copies the gray sample to R, G, B
   * and drops alpha; we read the stored gray sample too, so the row is exact.
   */
  @Test
  void grayAlphaPngIsExact() {
    String image = "pytx-resources/LA.png";
    assertExact(image, PDQ.hash(ReferenceData.image(image)), row(image, "as-is"));
  }

  /**
   * I16.png is 16-bit gray. PIL's {@code I;16 -> RGB} conversion does not scale: it clips every
   * sample above 255 to 255 (hence pytx's quality 36: most of the image is saturated). Our decoder
   * path scales 16-bit samples to 0..255 instead, which is the meaningful reading and gives a
   * different picture, so the pytx value is reproduced by building PIL's pixels from the ImageIO
   * raster (clip) and hashing those: exact. Our own 16-bit reading is only checked to be a usable
   * hash.
   */
  @Test
  void sixteenBitGrayMatchesWhenGivenPilsClippedPixels() {
    String image = "pytx-resources/I16.png";
    BufferedImage decoded = ReferenceData.image(image);
    assertThat(decoded.getRaster().getSampleModel().getSampleSize(0)).isEqualTo(16);
    Raster raster = decoded.getRaster();
    BufferedImage clipped = new BufferedImage(
        decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < decoded.getHeight(); y++) {
      for (int x = 0; x < decoded.getWidth(); x++) {
        clipped.getRaster().setSample(x, y, 0, Math.min(255, raster.getSample(x, y, 0)));
      }
    }
    assertExact(image, PDQ.hash(clipped), row(image, "as-is"));
    PdqHash scaled = PDQ.hash(decoded);
    System.out.println("I16.png scaled reading: " + scaled + ", distance to PIL clip "
        + scaled.hash().distance(Hash.parseHex(row(image, "as-is")[0], 256)));
    assertThat(scaled.hash().popCount()).isEqualTo(128);
  }

  /**
   * pytx's CLI rotates the PIL image's pixels before hashing. Its names: ROTATE90 is PIL's
   * {@code ROTATE_90} (counter-clockwise, like PDQ's rot90), FLIPX mirrors top-bottom and FLIPY
   * left-right (PDQ's own naming, as in {@link Dihedral}), FLIPPLUS1 is PIL's {@code TRANSPOSE}, FLIPMINUS1 {@code TRANSVERSE}. Pixel
   * rotations are exact, so the hashes must be exact too.
   */
  @Test
  void pixelRotationsOfGrayAlphaPngAreExact() {
    String image = "pytx-resources/LA.png";
    BufferedImage la = ReferenceData.image(image);
    String[][] mapping = {
      {"ROTATE90", "ROTATE_90"}, {"ROTATE180", "ROTATE_180"}, {"ROTATE270", "ROTATE_270"},
      {"FLIPX", "FLIP_X"}, {"FLIPY", "FLIP_Y"}, {"FLIPPLUS1", "FLIP_PLUS_1"},
      {"FLIPMINUS1", "FLIP_MINUS_1"},
    };
    for (String[] m : mapping) {
      PdqHash ours = PDQ.hash(PixelTransforms.apply(la, Dihedral.valueOf(m[1])));
      assertExact(image, ours, row(image, m[0]));
    }
  }
}
