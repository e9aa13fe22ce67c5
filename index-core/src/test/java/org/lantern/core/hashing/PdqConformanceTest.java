package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;

/**
 * PDQ against Meta's reference outputs (data: {@code src/test/resources/pdq-reference/}).
 *
 * <p>Exact where the reference decoded the same pixels as ImageIO does (the Java reference's own
 * assertions, and pytx on PIL decodes of PNG/baseline JPEG, whose pixels agree with ImageIO's);
 * within 10 bits of the C++ reference, which decodes JPEG through CImg/libjpeg with different
 * upsampling and rounding.
 */
class PdqConformanceTest {
  private static final PdqHasher PDQ = new PdqHasher();

  private static Hash hex(String h) {
    return Hash.parseHex(h, 256);
  }

  @Test
  void javaReferenceHashesAreReproducedExactly() {
    int checked = 0;
    for (String[] row : ReferenceData.csv("java-imageio-unit-test.csv")) {
      if (!row[0].equals("hash")) {
        continue;
      }
      PdqHash ours = PDQ.hash(ReferenceData.image(row[2]));
      System.out.printf("java-imageio %s: ours %s expected %s distance %d%n",
          row[2], ours.hash(), row[1], ours.hash().distance(hex(row[1])));
      assertThat(ours.hash().toHex()).as(row[2]).isEqualTo(row[1]);
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void plainImageIoReadGivesTheSameHashAsOurDecoder() throws Exception {
    String path = "reg-test-input/dih/bridge-1-original.jpg";
    BufferedImage viaImageIo =
        ImageIO.read(new ByteArrayInputStream(ReferenceData.bytes("images/" + path)));
    assertThat(PDQ.hash(viaImageIo)).isEqualTo(PDQ.hash(ReferenceData.image(path)));
  }

  @Test
  void javaReferenceDistancesAreReproduced() {
    BufferedImage bridge1 = ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg");
    Hash h1 = PDQ.hash(bridge1).hash();
    Hash h2 = PDQ.hash(ReferenceData.image("reg-test-input/dih/bridge-2-rotate-90.jpg")).hash();
    Hash pen = PDQ.hash(ReferenceData.image("reg-test-input/pen-and-coaster.png")).hash();
    assertThat(h1.distance(h2)).isEqualTo(expectedHamming("bridge-2-rotate-90.jpg"));
    assertThat(h1.distance(pen)).isEqualTo(expectedHamming("pen-and-coaster.png"));

    BufferedImage half = new BufferedImage(
        bridge1.getWidth() / 2, bridge1.getHeight() / 2, bridge1.getType());
    Graphics2D g = half.createGraphics();
    g.drawImage(bridge1, 0, 0, half.getWidth(), half.getHeight(), null);
    g.dispose();
    int halfDistance = h1.distance(PDQ.hash(half).hash());
    System.out.println("java-imageio half-size distance " + halfDistance);
    assertThat(halfDistance).isEqualTo(expectedHamming("half width/height"));
  }

  /**
   * The Java reference converts to gray with {@code ColorConvertOp(CS_GRAY)} and reads it back
   * through {@code getRGB}, which undoes the conversion's gamma: distance 0. We read a gray image's
   * stored samples instead (as the C++ and Python hashers do with gray files, see {@link
   * Luminance}), and {@code CS_GRAY} samples are linear light, so we compare on what this
   * conversion really produces, the sRGB-encoded gray that {@code getRGB} shows.
   */
  @Test
  void grayscaleConversionKeepsTheHash() {
    BufferedImage bridge1 = ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg");
    Hash original = PDQ.hash(bridge1).hash();
    BufferedImage linearGray =
        new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(bridge1, null);
    BufferedImage asSeen = new BufferedImage(
        linearGray.getWidth(), linearGray.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < asSeen.getHeight(); y++) {
      for (int x = 0; x < asSeen.getWidth(); x++) {
        asSeen.setRGB(x, y, linearGray.getRGB(x, y));
      }
    }
    int viaGetRgb = original.distance(PDQ.hash(asSeen).hash());
    int rawLinear = original.distance(PDQ.hash(linearGray).hash());
    System.out.println("grayscale: via getRGB " + viaGetRgb + " bits, raw linear samples "
        + rawLinear + " bits");
    assertThat(viaGetRgb).isEqualTo(expectedHamming("grayscale"));
    // Linear-light samples are a monotone but non-linear remap of the luminance: a few bits move.
    assertThat(rawLinear).isLessThanOrEqualTo(16);
  }

  private static int expectedHamming(String imageSubstring) {
    for (String[] row : ReferenceData.csv("java-imageio-unit-test.csv")) {
      if (row[0].equals("hamming") && row[2].contains(imageSubstring)) {
        return Integer.parseInt(row[1]);
      }
    }
    throw new IllegalStateException("no hamming row for " + imageSubstring);
  }

  /** Within 10 bits for quality >= 50; low-quality (near-flat) images within 16. */
  @Test
  void withinTenBitsOfTheCppReference() {
    List<String> report = new ArrayList<>();
    int checked = 0;
    int maxDistance = 0;
    for (String[] row : ReferenceData.csv("cpp-cimg-reference.csv")) {
      String image = row[2];
      if (!ReferenceData.hasImage(image)) {
        continue; // left out of the test resources (large EXIF photos)
      }
      PdqHash ours = PDQ.hash(ReferenceData.image(image));
      int distance = ours.hash().distance(hex(row[0]));
      maxDistance = Math.max(maxDistance, distance);
      report.add(image + " d=" + distance + " q=" + ours.quality() + "/" + row[1]);
      if (ours.usable()) {
        assertThat(distance).as(image).isLessThanOrEqualTo(10);
      } else {
        // Nearly flat images (q0003: quality 3) have DCT values close to their median, so decoder
        // rounding moves more bits; the reference's own cross-port test allows 16.
        assertThat(distance).as(image + " (quality " + ours.quality() + ")").isLessThanOrEqualTo(16);
      }
      if (!row[1].isEmpty()) {
        assertThat(ours.quality()).as(image + " quality").isEqualTo(Integer.parseInt(row[1]));
      }
      assertThat(ours.hash().popCount()).as(image + " popcount").isEqualTo(128);
      checked++;
    }
    System.out.println("cpp-cimg: " + checked + " images, max distance " + maxDistance + "\n  "
        + String.join("\n  ", report));
    assertThat(checked).isEqualTo(16);
  }

  @Test
  void dihedralVariantsWithinTenBitsOfTheCppReference() {
    PdqDihedralHashes ours =
        PDQ.hashDihedral(ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg"));
    int checked = 0;
    StringBuilder report = new StringBuilder("cpp dihedral of bridge-1:");
    for (String[] row : ReferenceData.csv("cpp-cimg-dihedral-of-bridge-1-original.csv")) {
      Dihedral transform = Dihedral.fromLabel(row[0]);
      int distance = ours.get(transform).distance(hex(row[1]));
      report.append(' ').append(row[0]).append('=').append(distance);
      assertThat(distance).as(row[0]).isLessThanOrEqualTo(10);
      assertThat(ours.quality()).isEqualTo(Integer.parseInt(row[2]));
      checked++;
    }
    System.out.println(report);
    assertThat(checked).isEqualTo(8);
    assertThat(ours.get(Dihedral.ORIGINAL))
        .isEqualTo(PDQ.hash(ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg")).hash());
  }

  /** Each rotated/mirrored bridge file is found through the matching variant of the original. */
  @Test
  void rotatedFilesMatchTheirDihedralVariant() {
    PdqDihedralHashes original =
        PDQ.hashDihedral(ReferenceData.image("reg-test-input/dih/bridge-1-original.jpg"));
    String[][] files = {
      {"bridge-2-rotate-90.jpg", "rot90"}, {"bridge-3-rotate-180.jpg", "rot180"},
      {"bridge-4-rotate-270.jpg", "rot270"}, {"bridge-5-flipx.jpg", "flipx"},
      {"bridge-6-flipy.jpg", "flipy"}, {"bridge-7-flip-plus-1.jpg", "flipp"},
      {"bridge-8-flip-minus-1.jpg", "flipm"},
    };
    for (String[] f : files) {
      Hash file = PDQ.hash(ReferenceData.image("reg-test-input/dih/" + f[0])).hash();
      int toVariant = original.get(Dihedral.fromLabel(f[1])).distance(file);
      int toOriginal = original.get(Dihedral.ORIGINAL).distance(file);
      System.out.println(f[0] + ": to " + f[1] + " variant " + toVariant + ", to original " + toOriginal);
      assertThat(toVariant).as(f[0]).isLessThanOrEqualTo(10);
      assertThat(toOriginal).as(f[0]).isGreaterThan(70);
      assertThat(original.nearest(file)).isEqualTo(Dihedral.fromLabel(f[1]));
    }
  }
}
