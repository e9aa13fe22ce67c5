package org.lantern.loaders.format.document;

/**
 * A value from the input as it is quoted in a reason: at most {@link #MAX} characters, control
 * characters shown as {@code \\uXXXX}, so that a reason stays one readable line whatever the input
 * holds.
 *
 * <p>Thread-safety: stateless.
 */
final class Snippet {
  /** Longest quoted value, in characters. */
  static final int MAX = 80;

  private Snippet() {}

  static String of(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8);
    for (int i = 0; i < value.length(); i++) {
      if (out.length() >= MAX) {
        return out.append("...").toString();
      }
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
