package org.lantern.loaders.format.document;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes of an input as text, for detection: UTF-8 unless a UTF-16 byte-order mark says
 * otherwise, without the mark. Undecodable bytes become U+FFFD; the head may end inside a
 * character, which only ever costs that character.
 *
 * <p>Thread-safety: immutable.
 */
final class Head {
  private final String text;

  private Head(String text) {
    this.text = text;
  }

  static Head of(byte[] head) {
    int n = head.length;
    if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      return new Head(new String(head, 3, n - 3, StandardCharsets.UTF_8));
    }
    if (n >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
      return new Head(new String(head, 2, n - 2, StandardCharsets.UTF_16BE));
    }
    if (n >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
      return new Head(new String(head, 2, n - 2, StandardCharsets.UTF_16LE));
    }
    return new Head(new String(head, StandardCharsets.UTF_8));
  }

  /** The first character that is not white space, or 0 when there is none. */
  char first() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c;
      }
    }
    return 0;
  }

  /** Whether the head starts (after blanks) like a JSON document: an object or an array. */
  boolean looksLikeJson() {
    char first = first();
    return first == '{' || first == '[';
  }

  boolean contains(String fragment) {
    return text.contains(fragment);
  }
}
