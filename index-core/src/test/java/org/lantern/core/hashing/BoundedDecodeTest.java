package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The upload decoder's bounds (decoded bytes, subsampling above a side length) leave every
 * reference image's PDQ hash exactly as the unbounded decoder gives it, subsample only images
 * larger than the threshold, and refuse from the header an image whose decoded bytes are too many.
 */
class BoundedDecodeTest {
  /** The server's defaults: 50 megapixels, 256 MiB decoded, subsampled above 4,096 a side. */
  private static final ImageDecoder SERVER = new ImageDecoder(50_000_000L, 256L << 20, 4_096);

  @Test
  void referenceImagesHashExactlyAsBefore() throws Exception {
    for (String path : List.of("reg-test-input/pen-and-coaster.png", "reg-test-input/labelme-subset/q1050.jpg",
        "reg-test-input/dih/bridge-1-original.jpg", "pytx-resources/LA.png", "pytx-resources/random-image-from-test_pdq_hasher.png")) {
      byte[] bytes = ReferenceData.bytes("images/" + path);
      PdqHash plain = PdqHasher.INSTANCE.hash(new ImageDecoder().decode(bytes, path));
      PdqHash bounded = PdqHasher.INSTANCE.hash(SERVER.decode(bytes, path));
      assertThat(bounded.hash()).as(path).isEqualTo(plain.hash());
      assertThat(bounded.quality()).isEqualTo(plain.quality());
    }
  }

  @Test
  void onlyImagesAboveTheThresholdAreSubsampled() throws Exception {
    byte[] wide = png(9_000, 60);
    BufferedImage decoded = SERVER.decode(wide, "wide");
    assertThat(decoded.getWidth()).isEqualTo(3_000); // every 3rd column: ceil(9000 / 4096) = 3
    assertThat(decoded.getHeight()).isEqualTo(60);
    BufferedImage small = SERVER.decode(png(4_096, 10), "edge");
    assertThat(small.getWidth()).isEqualTo(4_096);
  }

  @Test
  void decodedBytesAreCheckedFromTheHeader() throws Exception {
    ImageDecoder tight = new ImageDecoder(50_000_000L, 100_000, 4_096);
    assertThatThrownBy(() -> tight.decode(png(200, 200), "rgb")) // 200 x 200 x 3 = 120,000 bytes
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("3 bytes per pixel")
        .hasMessageContaining("above the limit");
    assertThat(tight.decode(png(150, 150), "rgb").getWidth()).isEqualTo(150); // 67,500 bytes
  }

  private static byte[] png(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x += 3) {
        img.setRGB(x, y, (x * 7 + y * 13) & 0xffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
