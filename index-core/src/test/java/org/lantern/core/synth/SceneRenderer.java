package org.lantern.core.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Draws a procedural scene from a seed: a gradient background, a handful of filled and stroked
 * shapes, a line or two of text and sensor-like noise. Scenes from different seeds are unrelated,
 * so their perceptual hashes spread like those of unrelated photos (about half the bits differ),
 * while the DCT still sees the low-frequency structure that makes PDQ bits correlated — which
 * uniform random bits never are.
 *
 * <p>Deterministic for a seed on one JDK and font set. Text goes through the JDK's logical
 * "SansSerif" font, whose glyphs come from the fonts installed on the machine, so hashes of scenes
 * with text may differ by a few bits between machines: exchange the generated hex file, not the
 * seed, when two machines must measure the same data.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class SceneRenderer {
  /** Width of a rendered scene, pixels. */
  public static final int WIDTH = 192;

  /** Height of a rendered scene, pixels. */
  public static final int HEIGHT = 144;

  private static final String[] WORDS = {
    "SALE", "open", "Lantern", "hello", "2026", "exit", "cafe", "NO ENTRY", "stop", "menu",
    "garden", "river", "42", "north", "welcome", "ticket"
  };

  private SceneRenderer() {}

  /** The scene of {@code seed}, {@value #WIDTH} x {@value #HEIGHT}, RGB. */
  public static BufferedImage render(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      background(g, random);
      int shapes = 3 + random.nextInt(10);
      for (int s = 0; s < shapes; s++) {
        shape(g, random);
      }
      int texts = random.nextInt(3);
      for (int t = 0; t < texts; t++) {
        text(g, random);
      }
    } finally {
      g.dispose();
    }
    noise(image, random);
    return image;
  }

  private static void background(Graphics2D g, SplittableRandom random) {
    Color a = color(random, 255);
    Color b = color(random, 255);
    if (random.nextBoolean()) {
      g.setPaint(new GradientPaint(
          random.nextInt(WIDTH), random.nextInt(HEIGHT), a,
          random.nextInt(WIDTH), random.nextInt(HEIGHT), b));
    } else {
      float radius = 40 + random.nextInt(WIDTH);
      g.setPaint(new RadialGradientPaint(
          random.nextInt(WIDTH), random.nextInt(HEIGHT), radius, new float[] {0f, 1f},
          new Color[] {a, b}));
    }
    g.fillRect(0, 0, WIDTH, HEIGHT);
  }

  private static void shape(Graphics2D g, SplittableRandom random) {
    g.setColor(color(random, 120 + random.nextInt(136)));
    int x = random.nextInt(-20, WIDTH);
    int y = random.nextInt(-20, HEIGHT);
    int w = 10 + random.nextInt(WIDTH / 2);
    int h = 10 + random.nextInt(HEIGHT / 2);
    switch (random.nextInt(5)) {
      case 0 -> g.fill(new RoundRectangle2D.Float(x, y, w, h, random.nextInt(20), random.nextInt(20)));
      case 1 -> g.fill(new Ellipse2D.Float(x, y, w, h));
      case 2 -> {
        Polygon polygon = new Polygon();
        int corners = 3 + random.nextInt(4);
        for (int c = 0; c < corners; c++) {
          polygon.addPoint(x + random.nextInt(w), y + random.nextInt(h));
        }
        g.fill(polygon);
      }
      case 3 -> {
        g.setStroke(new BasicStroke(1 + random.nextInt(8)));
        g.draw(new Line2D.Float(x, y, x + w, y + h));
      }
      default -> {
        g.setStroke(new BasicStroke(1 + random.nextInt(5)));
        g.draw(new Ellipse2D.Float(x, y, w, h));
      }
    }
  }

  private static void text(Graphics2D g, SplittableRandom random) {
    g.setColor(color(random, 255));
    int style = random.nextInt(4); // PLAIN, BOLD, ITALIC, BOLD | ITALIC
    g.setFont(new Font(Font.SANS_SERIF, style, 12 + random.nextInt(28)));
    g.drawString(WORDS[random.nextInt(WORDS.length)], random.nextInt(WIDTH - 20), 20 + random.nextInt(HEIGHT - 20));
  }

  /** Adds zero-mean noise of a per-scene amplitude (0..12 levels) to every channel. */
  private static void noise(BufferedImage image, SplittableRandom random) {
    int amplitude = random.nextInt(13);
    if (amplitude == 0) {
      return;
    }
    int[] rgb = image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int r = clamp(((p >> 16) & 0xFF) + random.nextInt(-amplitude, amplitude + 1));
      int gr = clamp(((p >> 8) & 0xFF) + random.nextInt(-amplitude, amplitude + 1));
      int b = clamp((p & 0xFF) + random.nextInt(-amplitude, amplitude + 1));
      rgb[i] = r << 16 | gr << 8 | b;
    }
    image.setRGB(0, 0, WIDTH, HEIGHT, rgb, 0, WIDTH);
  }

  private static Color color(SplittableRandom random, int alpha) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
  }

  static int clamp(int channel) {
    return Math.max(0, Math.min(255, channel));
  }
}
