package org.lantern.core.hashing;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** The edits the robustness tests apply: each returns a new TYPE_INT_RGB (or gray) image. */
final class ImageEdits {
  private ImageEdits() {}

  static BufferedImage toRgb(BufferedImage in) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(in, 0, 0, null);
    g.dispose();
    return out;
  }

  /** JPEG-encodes at {@code quality} (0..1) and decodes again. */
  static BufferedImage jpeg(BufferedImage in, float quality) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(toRgb(in), null, null), param);
      }
      writer.dispose();
      return new ImageDecoder().decode(bytes.toByteArray(), "re-encoded.jpg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ImageDecodeException e) {
      throw new AssertionError(e);
    }
  }

  /** Bilinear resize by {@code factor}. */
  static BufferedImage resize(BufferedImage in, double factor) {
    int w = (int) Math.round(in.getWidth() * factor);
    int h = (int) Math.round(in.getHeight() * factor);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(in, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** 8-bit gray image whose samples are the rounded luma (what a photo editor's "grayscale" gives). */
  static BufferedImage grayscale(BufferedImage in) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int v = in.getRGB(x, y);
        double luma = 0.299 * ((v >> 16) & 0xff) + 0.587 * ((v >> 8) & 0xff) + 0.114 * (v & 0xff);
        out.getRaster().setSample(x, y, 0, (int) Math.round(luma));
      }
    }
    return out;
  }

  /** Per channel {@code v -> clamp(a * (v - pivot) + pivot + offset)}. */
  static BufferedImage levels(BufferedImage in, double a, double pivot, double offset) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int v = in.getRGB(x, y);
        int r = clamp(a * (((v >> 16) & 0xff) - pivot) + pivot + offset);
        int g = clamp(a * (((v >> 8) & 0xff) - pivot) + pivot + offset);
        int b = clamp(a * ((v & 0xff) - pivot) + pivot + offset);
        out.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return out;
  }

  /** +{@code percent}% brightness: every channel times (1 + percent/100). */
  static BufferedImage brighter(BufferedImage in, int percent) {
    return levels(in, 1 + percent / 100.0, 0, 0);
  }

  /** +{@code percent}% contrast around mid-gray. */
  static BufferedImage moreContrast(BufferedImage in, int percent) {
    return levels(in, 1 + percent / 100.0, 127.5, 0);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A semi-transparent text line in the lower right corner, 4% of the image height tall. */
  static BufferedImage watermark(BufferedImage in, String text) {
    BufferedImage out = toRgb(in);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.7f));
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, out.getHeight() / 25)));
    int width = g.getFontMetrics().stringWidth(text);
    g.drawString(text, out.getWidth() - width - out.getWidth() / 50, out.getHeight() - out.getHeight() / 40);
    g.dispose();
    return out;
  }

  /** Gaussian blur, kernel radius 3 sigma; edges copied unblurred. */
  static BufferedImage gaussianBlur(BufferedImage in, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    int size = 2 * radius + 1;
    float[] kernel = new float[size * size];
    double sum = 0;
    for (int y = -radius; y <= radius; y++) {
      for (int x = -radius; x <= radius; x++) {
        double v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
        kernel[(y + radius) * size + x + radius] = (float) v;
        sum += v;
      }
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= (float) sum;
    }
    return new ConvolveOp(new Kernel(size, size, kernel), ConvolveOp.EDGE_NO_OP, null)
        .filter(toRgb(in), null);
  }

  /** Cuts {@code fraction} of the width and height: half from each side when centred, else from the top left. */
  static BufferedImage crop(BufferedImage in, double fraction, boolean centred) {
    int dw = (int) Math.round(in.getWidth() * fraction);
    int dh = (int) Math.round(in.getHeight() * fraction);
    int x = centred ? dw / 2 : dw;
    int y = centred ? dh / 2 : dh;
    return toRgb(in.getSubimage(x, y, in.getWidth() - dw, in.getHeight() - dh));
  }

  /** Rotates by {@code degrees} about the centre on a canvas of the same size, black corners. */
  static BufferedImage rotate(BufferedImage in, double degrees) {
    BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(in, AffineTransform.getRotateInstance(
        Math.toRadians(degrees), in.getWidth() / 2.0, in.getHeight() / 2.0), null);
    g.dispose();
    return out;
  }
}
