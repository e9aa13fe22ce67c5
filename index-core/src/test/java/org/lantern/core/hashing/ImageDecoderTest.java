package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;

class ImageDecoderTest {
  private static final ImageDecoder DECODER = new ImageDecoder();

  @TempDir Path dir;

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).as("writer for " + format).isTrue();
    return out.toByteArray();
  }

  private static BufferedImage pattern(int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, ((x * 7) & 0xff) << 16 | ((y * 5) & 0xff) << 8 | ((x + y) & 0xff));
      }
    }
    return image;
  }

  @Test
  void decodesEveryFormatWeShipAndTheyHashAlike() throws Exception {
    BufferedImage source = pattern(200, 150, BufferedImage.TYPE_INT_RGB);
    PdqHash reference = PdqHasher.INSTANCE.hash(source);
    for (String format : new String[] {"png", "bmp", "gif", "tiff", "jpeg"}) {
      Path file = dir.resolve("pattern." + format);
      Files.write(file, encode(source, format));
      BufferedImage decoded = DECODER.decode(file);
      assertThat(decoded.getWidth()).as(format).isEqualTo(200);
      assertThat(decoded.getHeight()).as(format).isEqualTo(150);
      int distance = PdqHasher.INSTANCE.hash(decoded).hash().distance(reference.hash());
      System.out.println("decode " + format + ": PDQ distance to source " + distance);
      // Lossless formats give the same pixels; JPEG is lossy. GIF's palette quantization of this
      // sawtooth pattern changes it too much for a hash comparison (66 bits measured): only the
      // size is checked there.
      if (!format.equals("gif")) {
        assertThat(distance).as(format).isLessThanOrEqualTo(format.equals("jpeg") ? 31 : 0);
      }
    }
  }

  @Test
  void decodesReferenceJpegAndPngFromBytesAndFromFiles() throws Exception {
    String name = "reg-test-input/pen-and-coaster.png";
    byte[] bytes = ReferenceData.bytes("images/" + name);
    Path file = dir.resolve("pen.png");
    Files.write(file, bytes);
    BufferedImage a = DECODER.decode(bytes, name);
    BufferedImage b = DECODER.decode(file);
    assertThat(a.getWidth()).isEqualTo(924);
    assertThat(a.getHeight()).isEqualTo(735);
    assertThat(PdqHasher.INSTANCE.hash(a)).isEqualTo(PdqHasher.INSTANCE.hash(b));
  }

  @Test
  void truncatedJpegIsRefused() throws Exception {
    byte[] jpeg = ReferenceData.bytes("images/reg-test-input/dih/bridge-1-original.jpg");
    Path file = dir.resolve("truncated.jpg");
    Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));
    assertThatThrownBy(() -> DECODER.decode(file))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("JPEG");
  }

  @Test
  void truncatedPngIsRefused() throws Exception {
    byte[] png = ReferenceData.bytes("images/reg-test-input/pen-and-coaster.png");
    assertThatThrownBy(() -> DECODER.decode(Arrays.copyOf(png, png.length / 3), "cut.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("cut.png: ")
        .hasMessageContaining("PNG");
  }

  @Test
  void randomBytesNamedJpgAreRefused() throws Exception {
    SplittableRandom random = TestSeeds.random("randomBytesNamedJpg");
    byte[] junk = new byte[4096];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) random.nextInt(256);
    }
    Path file = dir.resolve("photo.jpg");
    Files.write(file, junk);
    assertThatThrownBy(() -> DECODER.decode(file))
        .as(TestSeeds.describe())
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("photo.jpg")
        .hasMessageContaining("not a supported image format");
  }

  /** Random bytes after a valid JPEG start: the reader is chosen, then fails on the data. */
  @Test
  void jpegHeaderFollowedByGarbageIsRefused() throws Exception {
    SplittableRandom random = TestSeeds.random("jpegGarbage");
    for (int round = 0; round < 20; round++) {
      byte[] junk = new byte[2048];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) random.nextInt(256);
      }
      junk[0] = (byte) 0xFF;
      junk[1] = (byte) 0xD8;
      junk[2] = (byte) 0xFF;
      assertThatThrownBy(() -> DECODER.decode(junk, "garbage.jpg"))
          .as(TestSeeds.describe())
          .isInstanceOf(ImageDecodeException.class)
          .hasMessageStartingWith("garbage.jpg: ");
    }
  }

  @Test
  void unsupportedFormatIsRefused() {
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DECODER.decode(svg, "logo.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessage("logo.png: not a supported image format (JPEG, PNG, GIF, BMP, TIFF, WebP) or not an image");
    byte[] pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> DECODER.decode(pdf, "scan.jpg"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("not a supported image format");
  }

  /** The TwelveMonkeys plugins are on the class path and registered with ImageIO. */
  @Test
  void twelveMonkeysReadersAreRegistered() {
    for (String format : new String[] {"jpeg", "webp", "tiff", "bmp"}) {
      boolean twelveMonkeys = false;
      for (var it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
        twelveMonkeys |= it.next().getClass().getName().startsWith("com.twelvemonkeys.");
      }
      assertThat(twelveMonkeys).as(format).isTrue();
    }
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Path file = dir.resolve("empty.png");
    Files.write(file, new byte[0]);
    assertThatThrownBy(() -> DECODER.decode(file))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessage(file + ": empty file (0 bytes)");
    assertThatThrownBy(() -> DECODER.decode(new byte[0], "upload-17"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessage("upload-17: empty file (0 bytes)");
  }

  @Test
  void missingFileIsRefused() {
    Path file = dir.resolve("nope.jpg");
    assertThatThrownBy(() -> DECODER.decode(file))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("nope.jpg: cannot read file");
  }

  /**
   * A PNG that is only a signature, an IHDR claiming 50000x50000 and an IEND: decoding it would
   * need 7.5 GB. It must be refused from the header alone (the test heap is 1 GB, so an attempt
   * to allocate would fail with OutOfMemoryError instead).
   */
  @Test
  void oversizedPngHeaderIsRefusedBeforeAllocation() {
    byte[] png = pngHeaderOnly(50_000, 50_000);
    assertThatThrownBy(() -> DECODER.decode(png, "bomb.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("bomb.png: PNG header says 50000x50000 = 2500000000 pixels")
        .hasMessageContaining("above the limit of 100000000");
  }

  @Test
  void oversizedBmpHeaderIsRefusedBeforeAllocation() {
    byte[] bmp = bmpHeaderOnly(50_000, 50_000);
    assertThatThrownBy(() -> DECODER.decode(bmp, "bomb.bmp"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("50000x50000")
        .hasMessageContaining("above the limit");
  }

  @Test
  void pixelLimitIsConfigurable() throws Exception {
    byte[] png = encode(pattern(100, 100, BufferedImage.TYPE_INT_RGB), "png");
    assertThat(new ImageDecoder(10_000).decode(png, "ok.png").getWidth()).isEqualTo(100);
    assertThatThrownBy(() -> new ImageDecoder(9_999).decode(png, "big.png"))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("100x100 = 10000 pixels, above the limit of 9999");
    assertThatThrownBy(() -> new ImageDecoder(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gifGivesTheFirstFrame() throws Exception {
    // Two-frame GIF written with the JDK writer's sequence API: frame 0 black, frame 1 white.
    BufferedImage black = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_INDEXED);
    BufferedImage white = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_INDEXED);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        white.setRGB(x, y, 0xffffff);
      }
    }
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new javax.imageio.IIOImage(black, null, null), null);
      writer.writeToSequence(new javax.imageio.IIOImage(white, null, null), null);
      writer.endWriteSequence();
    }
    writer.dispose();
    BufferedImage first = DECODER.decode(out.toByteArray(), "anim.gif");
    assertThat(first.getRGB(5, 5) & 0xffffff).isEqualTo(0);
  }

  private static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12).order(ByteOrder.BIG_ENDIAN);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
        .put((byte) 0).array();
    b.putInt(13).put(ihdr).putInt(crc(ihdr));
    byte[] iend = "IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    b.putInt(0).put(iend).putInt(crc(iend));
    return b.array();
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** BITMAPFILEHEADER + BITMAPINFOHEADER for a 24-bit image, with no pixel data after it. */
  private static byte[] bmpHeaderOnly(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    long imageSize = (long) ((width * 3 + 3) & ~3) * height;
    b.put((byte) 'B').put((byte) 'M').putInt((int) Math.min(Integer.MAX_VALUE, 54 + imageSize))
        .putInt(0).putInt(54);
    b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0)
        .putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
    return b.array();
  }
}
