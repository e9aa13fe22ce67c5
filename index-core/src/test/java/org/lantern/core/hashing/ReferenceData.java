package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads the PDQ reference data copied under {@code src/test/resources/pdq-reference/}. */
final class ReferenceData {
  static final String ROOT = "/pdq-reference/";
  private static final ImageDecoder DECODER = new ImageDecoder();

  private ReferenceData() {}

  /** Bytes of a resource under {@code pdq-reference/}, or null when it was not copied. */
  static byte[] bytesOrNull(String path) {
    try (InputStream in = ReferenceData.class.getResourceAsStream(ROOT + path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String path) {
    byte[] b = bytesOrNull(path);
    if (b == null) {
      throw new IllegalStateException("missing test resource " + ROOT + path);
    }
    return b;
  }

  /** An image under {@code pdq-reference/images/}, decoded by {@link ImageDecoder}. */
  static BufferedImage image(String imagePath) {
    try {
      return DECODER.decode(bytes("images/" + imagePath), imagePath);
    } catch (ImageDecodeException e) {
      throw new AssertionError(e);
    }
  }

  static boolean hasImage(String imagePath) {
    return ReferenceData.class.getResource(ROOT + "images/" + imagePath) != null;
  }

  /** Data rows of a CSV under {@code expected/}: comment and header lines dropped, split on commas. */
  static List<String[]> csv(String name) {
    String text = new String(bytes("expected/" + name), StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      rows.add(Arrays.stream(trimmed.split(",", -1)).map(String::strip).toArray(String[]::new));
    }
    return rows;
  }
}
