package org.lantern.core.signal.canon;

/**
 * Small text helpers shared by the canonicalisers: what counts as whitespace, and quoting of
 * untrusted text inside rejection messages.
 *
 * <p>Messages travel back to contributors in JSON and into logs, so the text is cut to a bounded
 * length (an 8192-character URL must not produce an 8 KiB message) and control or invisible
 * characters are shown as {@code \}{@code uXXXX} (a message must not carry a raw newline or a bidi
 * override into a log line).
 *
 * <p>Thread-safety: stateless.
 */
final class Text {
  /** Longest quoted text, in chars, before it is cut with "...". */
  static final int MAX_QUOTED = 120;

  private Text() {}

  static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8);
    for (int i = 0; i < text.length(); ) {
      if (out.length() >= MAX_QUOTED) {
        return out.append("...").toString();
      }
      int cp = text.codePointAt(i);
      int chars = Character.charCount(cp);
      if (needsEscape(cp)) {
        for (int k = 0; k < chars; k++) {
          out.append(String.format("\\u%04x", (int) text.charAt(i + k)));
        }
      } else {
        out.appendCodePoint(cp);
      }
      i += chars;
    }
    return out.toString();
  }

  /** "U+0007", the way messages name a single character. */
  static String codePoint(int cp) {
    return String.format("U+%04X", cp);
  }

  private static boolean needsEscape(int cp) {
    // codePointAt returns a surrogate only when it is unpaired.
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE ->
          true;
      default -> false;
    };
  }

  /**
   * Whitespace: Java's whitespace plus Unicode space separators (no-break space and the like), but
   * of the control characters only tab, LF, VT, FF and CR; the others are refused, not trimmed.
   */
  static boolean isSpace(int cp) {
    if (Character.isISOControl(cp)) {
      return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r';
    }
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** {@code s} without leading and trailing {@link #isSpace} characters. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Index of the first unpaired surrogate in {@code s}, or -1. */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }
}
