package org.lantern.loaders.format.line;

import java.util.ArrayList;
import java.util.List;

/**
 * Small string helpers for the line formats, written as plain loops because they run once or
 * more per line of multi-gigabyte inputs (no regular expressions, no {@code split}).
 *
 * <p>Thread-safety: stateless.
 */
final class Text {
  /** Longest piece of input quoted back in a message. */
  private static final int QUOTE_LIMIT = 80;

  private Text() {}

  /** True for a blank line, and, when {@code comments}, for one whose first non-blank is {@code #}. */
  static boolean isSkippable(String line, boolean comments) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!Character.isWhitespace(c)) {
        return comments && c == '#';
      }
    }
    return true;
  }

  /** True when every character is a hex digit, either case; false for the empty string. */
  static boolean isHex(String s) {
    return indexOfNonHex(s) < 0 && !s.isEmpty();
  }

  /** The index of the first character that is not a hex digit, or -1. */
  static int indexOfNonHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return i;
      }
    }
    return -1;
  }

  /** True for a non-empty run of ASCII digits. */
  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The index of the first white-space character from {@code from}, or -1. */
  static int indexOfWhitespace(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The white-space separated words of {@code s} (none for a blank string). */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int from = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > from) {
        out.add(s.substring(from, i));
      }
    }
    return out;
  }

  /** {@code s} in single quotes for a message, cut to a readable length. */
  static String quote(String s) {
    return "'" + (s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT) + "...") + "'";
  }
}
