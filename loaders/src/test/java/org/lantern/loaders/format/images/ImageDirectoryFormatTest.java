package org.lantern.loaders.format.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.hashing.DHasher;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.PHasher;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

class ImageDirectoryFormatTest {
  private static final ImageDirectoryFormat FORMAT = new ImageDirectoryFormat();

  @TempDir Path dir;

  /**
   * The tree, and the walk order the names give ("c" sorts before "corrupt.jpg"; the link to a
   * directory and the text file are passed over):
   *
   * <pre>
   * a/gradient.png      1
   * b.jpg               2
   * c/d/e.PNG           3
   * corrupt.jpg         4
   * flat.png            5
   * link -> a           (not followed)
   * notes.txt           (not an image)
   * z-empty.gif         6
   * </pre>
   */
  @BeforeEach
  void writeTree() throws IOException {
    SplittableRandom random = TestSeeds.random("image-directory");
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("c/d"));
    ImageIO.write(blocks(random, 96, 64), "png", dir.resolve("a/gradient.png").toFile());
    ImageIO.write(blocks(random, 80, 80), "jpg", dir.resolve("b.jpg").toFile());
    ImageIO.write(blocks(random, 64, 96), "png", dir.resolve("c/d/e.PNG").toFile());
    byte[] junk = new byte[300];
    random.nextBytes(junk);
    Files.write(dir.resolve("corrupt.jpg"), junk);
    ImageIO.write(flat(64, 64), "png", dir.resolve("flat.png").toFile());
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a"));
    Files.writeString(dir.resolve("notes.txt"), "not an image\n");
    Files.write(dir.resolve("z-empty.gif"), new byte[0]);
  }

  @Test
  void shouldHashEachImageWithPdqPhashAndDhashInNameOrder() throws Exception {
    List<String> expected = new ArrayList<>();
    expected.addAll(hashed(1, "a/gradient.png", true));
    expected.addAll(hashed(2, "b.jpg", true));
    expected.addAll(hashed(3, "c/d/e.PNG", true));
    expected.add("rejected 4 corrupt.jpg cannot decode image: " + dir.resolve("corrupt.jpg")
        + ": not a supported image format (JPEG, PNG, GIF, BMP, TIFF, WebP) or not an image");
    expected.addAll(hashed(5, "flat.png", true));
    expected.add("rejected 6 z-empty.gif cannot decode image: " + dir.resolve("z-empty.gif") + ": empty file (0 bytes)");

    assertThat(describe(readAll(FormatOptions.defaults()))).as(TestSeeds.describe()).isEqualTo(expected);
  }

  @Test
  void pdqBelowTheMinimumQualityShouldBeRejectedAndTheOtherHashesKept() throws Exception {
    PdqHash flat = PdqHasher.INSTANCE.hash(new ImageDecoder().decode(dir.resolve("flat.png")));
    assertThat(flat.quality()).isLessThan(FormatOptions.DEFAULT_MIN_QUALITY);

    List<String> flatRecords = describe(readAll(FormatOptions.defaults())).stream()
        .filter(line -> line.contains(" flat.png ")).toList();
    assertThat(flatRecords).hasSize(3);
    assertThat(flatRecords.get(0)).isEqualTo("rejected 5 flat.png PDQ quality " + flat.quality()
        + " is below the minimum of 50 (--min-quality); pdq " + flat.hash().toHex() + " not loaded");
    assertThat(flatRecords.get(1)).startsWith("submit 5 flat.png phash ");
    assertThat(flatRecords.get(2)).startsWith("submit 5 flat.png dhash ");

    List<String> lenient = describe(readAll(new FormatOptions(null, Map.of(), 0, true)));
    assertThat(lenient).contains("submit 5 flat.png pdq " + flat.hash().toHex() + " note=flat.png");
  }

  @Test
  void noPathsShouldLeaveTheNoteEmptyButKeepThePathAsOriginal() throws Exception {
    List<SourceRecord> records = readAll(new FormatOptions(null, Map.of(), FormatOptions.DEFAULT_MIN_QUALITY, false));
    List<SourceRecord> submits = records.stream().filter(r -> r instanceof SourceRecord.Submit).toList();

    assertThat(submits).hasSize(11).allSatisfy(r -> assertThat(((SourceRecord.Submit) r).submission().note()).isNull());
    assertThat(submits.get(0).original()).isEqualTo("a/gradient.png");
  }

  @Test
  void twoReadsShouldGiveTheSameRecords() throws Exception {
    assertThat(readAll(FormatOptions.defaults())).isEqualTo(readAll(FormatOptions.defaults()));
  }

  @Test
  void openingAFileShouldFailNamingIt() throws Exception {
    Path file = dir.resolve("b.jpg");
    InputSource source = InputSource.of(file);
    assertThatThrownBy(() -> FORMAT.open(source, null, FormatOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessage(file + " is not a directory; the images format reads a directory of image files");
  }

  @Test
  void imageNamesShouldMatchByExtensionInAnyCase() {
    assertThat(ImageDirectoryReader.isImageName("x.JPG")).isTrue();
    assertThat(ImageDirectoryReader.isImageName("x.tiff")).isTrue();
    assertThat(ImageDirectoryReader.isImageName("x.WebP")).isTrue();
    assertThat(ImageDirectoryReader.isImageName("jpg")).isFalse();
    assertThat(ImageDirectoryReader.isImageName("x.jpg.txt")).isFalse();
    assertThat(ImageDirectoryReader.isImageName(".png")).isTrue();
  }

  /** The three records one image gives, from the core hashers applied directly. */
  private List<String> hashed(long position, String relative, boolean keepPaths) throws Exception {
    BufferedImage image = new ImageDecoder().decode(dir.resolve(relative));
    PdqHash pdq = PdqHasher.INSTANCE.hash(image);
    String note = keepPaths ? relative : null;
    String pdqLine = pdq.quality() >= FormatOptions.DEFAULT_MIN_QUALITY
        ? "submit " + position + " " + relative + " pdq " + pdq.hash().toHex() + " note=" + note
        : "rejected " + position + " " + relative + " PDQ quality " + pdq.quality()
            + " is below the minimum of 50 (--min-quality); pdq " + pdq.hash().toHex() + " not loaded";
    return List.of(pdqLine,
        "submit " + position + " " + relative + " phash " + PHasher.INSTANCE.hash(image).toHex() + " note=" + note,
        "submit " + position + " " + relative + " dhash " + DHasher.INSTANCE.hash(image).toHex() + " note=" + note);
  }

  private List<SourceRecord> readAll(FormatOptions options) throws IOException {
    InputSource source = InputSource.of(dir);
    List<SourceRecord> records = new ArrayList<>();
    try (RecordReader reader = FORMAT.open(source, null, options)) {
      for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
      }
    }
    return records;
  }

  private static List<String> describe(List<SourceRecord> records) {
    List<String> out = new ArrayList<>();
    for (SourceRecord record : records) {
      out.add(switch (record) {
        case SourceRecord.Submit submit -> {
          SignalSubmission s = submit.submission();
          assertThat(s.categories()).isNull();
          yield "submit " + submit.line() + " " + submit.original() + " " + s.type() + " " + s.value() + " note=" + s.note();
        }
        case SourceRecord.Rejected rejected -> "rejected " + rejected.line() + " " + rejected.original() + " " + rejected.reason();
        default -> throw new AssertionError("an image gives no " + record);
      });
    }
    return out;
  }

  /** Random 8x8 colour blocks: detail enough for a PDQ quality well above 50. */
  private static BufferedImage blocks(SplittableRandom random, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int y = 0; y < height; y += 8) {
      for (int x = 0; x < width; x += 8) {
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(x, y, 8, 8);
      }
    }
    g.dispose();
    return image;
  }

  private static BufferedImage flat(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }
}
