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

  /**
   * The index of the first character that is not a hex digit, or -1.
   *
   * <p>Hot: once per line of a hex list. The obvious test, three range checks joined by {@code
   * ||}, branches on every digit, and random hex digits make those branches unpredictable (about
   * one misprediction per two digits): profiled, it took most of the time of reading a hex list.
   * So the first pass ORs a table lookup over all characters without branching, and only a line
   * that holds a bad character pays for the second pass that finds it.
   */
  static int indexOfNonHex(String s) {
    final byte[] notHex = NOT_HEX;
    final int n = s.length();
    int bad = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      bad |= notHex[c & 0xFF] | (c >>> 8);
    }
    if (bad == 0) {
      return -1;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if ((notHex[c & 0xFF] | (c >>> 8)) != 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable: a bad character was seen");
  }

  /** 1 for each Latin-1 character that is not a hex digit, 0 for {@code 0-9a-fA-F}. */
  private static final byte[] NOT_HEX = notHexTable();

  private static byte[] notHexTable() {
    byte[] table = new byte[256];
    java.util.Arrays.fill(table, (byte) 1);
    for (char c = '0'; c <= '9'; c++) {
      table[c] = 0;
    }
    for (char c = 'a'; c <= 'f'; c++) {
      table[c] = 0;
      table[Character.toUpperCase(c)] = 0;
    }
    return table;
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
