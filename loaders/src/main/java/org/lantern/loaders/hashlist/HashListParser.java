package org.lantern.loaders.hashlist;

import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashFormatException;
import org.lantern.core.hash.HashType;

/**
 * Parses the lines of a plain hash list: either a bare hex hash, or {@code <type> <hex>} (the
 * python-threatexchange local-file format, e.g. {@code pdq f8f8f0cc...}). Blank lines and lines
 * starting with {@code #} are skipped; surrounding white space is ignored.
 *
 * <p>A bare hash takes the default type when one is given; without one, a 64-digit hash is PDQ
 * and a 16-digit hash is refused (pHash and dHash look alike: the caller must say which).
 *
 * <p>Thread-safety: immutable; {@link #parse} writes only into the caller's array.
 */
public final class HashListParser {
  private final HashType defaultType; // null: infer PDQ from 64 hex digits

  /** @param defaultType the type of bare hashes, or null to infer PDQ from the length */
  public HashListParser(HashType defaultType) {
    this.defaultType = defaultType;
  }

  /** True for lines that carry no hash: blank, or a {@code #} comment. */
  public static boolean isSkippable(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() || trimmed.charAt(0) == '#';
  }

  /**
   * Parses one line into {@code target[0 .. bits/64)}, most significant word first, and returns
   * its type. Call only for lines that are not {@linkplain #isSkippable skippable}.
   *
   * @throws RejectedLineException with the reason the line cannot be loaded
   */
  public HashType parse(String line, long[] target) throws RejectedLineException {
    String trimmed = line.strip();
    if (!trimmed.isEmpty() && trimmed.charAt(0) == '\uFEFF') {
      trimmed = trimmed.substring(1).strip(); // a byte-order mark at the start of a file
    }
    String hex;
    HashType type;
    int space = indexOfWhitespace(trimmed);
    if (space < 0) {
      hex = trimmed;
      type = defaultType != null ? defaultType : inferType(hex);
    } else {
      String label = trimmed.substring(0, space);
      hex = trimmed.substring(space).strip();
      if (indexOfWhitespace(hex) >= 0) {
        throw new RejectedLineException(
            "expected '<hex>' or '<type> <hex>', got " + countFields(trimmed) + " fields");
      }
      try {
        type = HashType.fromLabel(label);
      } catch (IllegalArgumentException e) {
        throw new RejectedLineException(
            "unsupported signal type '" + abbreviate(label) + "' (this loads pdq, phash, dhash)");
      }
    }
    try {
      Hash.parseHexInto(hex, type.bits(), target, 0);
    } catch (HashFormatException e) {
      throw new RejectedLineException("invalid " + type.label() + " hash: " + e.getMessage());
    }
    return type;
  }

  private static HashType inferType(String hex) throws RejectedLineException {
    if (hex.length() == HashType.PDQ.hexDigits()) {
      return HashType.PDQ;
    }
    if (hex.length() == HashType.PHASH.hexDigits()) {
      throw new RejectedLineException(
          "a 16-digit (64-bit) hash is pHash or dHash: say which with --type phash|dhash");
    }
    throw new RejectedLineException(
        "expected a 64-digit PDQ hash (or '<type> <hex>'), got " + hex.length() + " characters");
  }

  private static int indexOfWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int countFields(String text) {
    return text.strip().split("\\s+").length;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
