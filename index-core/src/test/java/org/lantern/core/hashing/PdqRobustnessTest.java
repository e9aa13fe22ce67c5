package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;

/**
 * How far common edits move our PDQ hash, on the reference photos with quality >= 50 and a short
 * side of at least 512 pixels. Claims are the match threshold (31) only where we assert it; crop
 * and rotation are measured and printed, not claimed.
 */
class PdqRobustnessTest {
  private static final PdqHasher PDQ = new PdqHasher();
  private static final List<String> ALL_IMAGES = List.of(
      "reg-test-input/dih/bridge-1-original.jpg", "reg-test-input/pen-and-coaster.png",
      "reg-test-input/labelme-subset/q0122.jpg", "reg-test-input/labelme-subset/q0291.jpg",
      "reg-test-input/labelme-subset/q0746.jpg", "reg-test-input/labelme-subset/q1050.jpg",
      "reg-test-input/labelme-subset/q2821.jpg", "pytx-resources/rgb.jpeg",
      "pytx-resources/LA.png");
  private static final Map<String, BufferedImage> BIG = new LinkedHashMap<>();

  @BeforeAll
  static void pickImages() {
    for (String path : ALL_IMAGES) {
      BufferedImage image = ReferenceData.image(path);
      if (PDQ.hash(image).quality() >= 50 && Math.min(image.getWidth(), image.getHeight()) >= 512) {
        BIG.put(path, image);
      }
    }
    assertThat(BIG).hasSize(2); // the bridge photo and pen-and-coaster
  }

  private static Map<String, UnaryOperator<BufferedImage>> edits() {
    Map<String, UnaryOperator<BufferedImage>> edits = new LinkedHashMap<>();
    edits.put("jpeg q=0.25", i -> ImageEdits.jpeg(i, 0.25f));
    edits.put("jpeg q=0.5", i -> ImageEdits.jpeg(i, 0.5f));
    edits.put("resize 50%", i -> ImageEdits.resize(i, 0.5));
    edits.put("resize 200%", i -> ImageEdits.resize(i, 2.0));
    edits.put("grayscale", ImageEdits::grayscale);
    edits.put("brightness +20%", i -> ImageEdits.brighter(i, 20));
    edits.put("contrast +30%", i -> ImageEdits.moreContrast(i, 30));
    edits.put("text watermark", i -> ImageEdits.watermark(i, "(c) lantern.example 2026"));
    edits.put("gaussian blur sigma=1", i -> ImageEdits.gaussianBlur(i, 1.0));
    return edits;
  }

  @Test
  void commonEditsStayWithinTheMatchThreshold() {
    StringBuilder table = new StringBuilder("\nPDQ distance after edit (threshold 31)\n");
    table.append(String.format("%-24s", "edit"));
    BIG.keySet().forEach(p -> table.append(String.format("%14s", shortName(p))));
    table.append('\n');
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, UnaryOperator<BufferedImage>> edit : edits().entrySet()) {
      table.append(String.format("%-24s", edit.getKey()));
      for (Map.Entry<String, BufferedImage> image : BIG.entrySet()) {
        Hash original = PDQ.hash(image.getValue()).hash();
        int distance = original.distance(PDQ.hash(edit.getValue().apply(image.getValue())).hash());
        table.append(String.format("%14d", distance));
        if (distance > 31) {
          failures.add(edit.getKey() + " on " + image.getKey() + ": " + distance);
        }
      }
      table.append('\n');
    }
    System.out.println(table);
    assertThat(failures).isEmpty();
  }

  @Test
  void mirroredAndRotatedCopiesMatchThroughTheDihedralVariants() {
    for (Map.Entry<String, BufferedImage> image : BIG.entrySet()) {
      PdqDihedralHashes variants = PDQ.hashDihedral(image.getValue());
      StringBuilder line = new StringBuilder(shortName(image.getKey()) + " pixel transform -> variant:");
      for (Dihedral d : Dihedral.values()) {
        Hash transformed = PDQ.hash(PixelTransforms.apply(image.getValue(), d)).hash();
        int distance = variants.get(d).distance(transformed);
        line.append(' ').append(d.label()).append('=').append(distance);
        assertThat(distance).as(image.getKey() + " " + d).isLessThanOrEqualTo(31);
        assertThat(variants.minDistance(transformed)).isLessThanOrEqualTo(31);
        if (d != Dihedral.ORIGINAL) {
          // Without the variants a mirrored copy is a different image.
          assertThat(variants.get(Dihedral.ORIGINAL).distance(transformed)).isGreaterThan(31);
        }
      }
      System.out.println(line);
    }
  }

  @Test
  void unrelatedImagesAreFarApart() {
    List<Hash> hashes = new ArrayList<>();
    for (String path : ALL_IMAGES) {
      hashes.add(PDQ.hash(ReferenceData.image(path)).hash());
    }
    int min = 256;
    for (int i = 0; i < hashes.size(); i++) {
      for (int j = i + 1; j < hashes.size(); j++) {
        int distance = hashes.get(i).distance(hashes.get(j));
        min = Math.min(min, distance);
        assertThat(distance).as(ALL_IMAGES.get(i) + " vs " + ALL_IMAGES.get(j)).isGreaterThan(70);
      }
    }
    System.out.println("unrelated images: smallest pairwise PDQ distance " + min
        + " over " + hashes.size() + " images");
  }

  /**
   * Measured only. Meta's PDQ documentation reports 66-142 bits for a 4% crop and 32-106 bits for
   * a 2 degree rotation: PDQ is not designed to survive either, and we claim nothing here.
   */
  @Test
  void measureCropAndSmallRotation() {
    for (Map.Entry<String, BufferedImage> image : BIG.entrySet()) {
      Hash original = PDQ.hash(image.getValue()).hash();
      int cropCorner = original.distance(PDQ.hash(ImageEdits.crop(image.getValue(), 0.04, false)).hash());
      int cropCentred = original.distance(PDQ.hash(ImageEdits.crop(image.getValue(), 0.04, true)).hash());
      int rotate2 = original.distance(PDQ.hash(ImageEdits.rotate(image.getValue(), 2)).hash());
      int rotateMinus2 = original.distance(PDQ.hash(ImageEdits.rotate(image.getValue(), -2)).hash());
      System.out.printf("%s: crop 4%% top-left %d, crop 4%% centred %d, rotate +2deg %d, -2deg %d"
          + " (Meta: crop 66-142, 2deg 32-106)%n",
          shortName(image.getKey()), cropCorner, cropCentred, rotate2, rotateMinus2);
      // Sanity only: the edits did change the picture, and the hash is still a PDQ hash.
      assertThat(cropCorner).isPositive();
      assertThat(rotate2).isPositive();
    }
  }

  private static String shortName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
