package org.lantern.loaders.format.document;

import java.util.Locale;
import org.lantern.core.signal.SignalType;

/**
 * Checks the hex value of a hash field before it becomes a submission, so that a bad value is
 * refused with the name of the field it came from (the exchange's own check would only say
 * "value").
 *
 * <p>Thread-safety: stateless.
 */
final class HexField {
  private HexField() {}

  /** Hex digits of a hash of {@code type}: 64 for PDQ and SHA-256, 40 for SHA-1, 32 for MD5, 16 for pHash/dHash. */
  static int digits(SignalType type) {
    return switch (type) {
      case PDQ -> 64;
      case PHASH, DHASH -> 16;
      default -> {
        int digits = type.digestHexDigits();
        if (digits == 0) {
          throw new IllegalArgumentException(type.label() + " is not a hash type");
        }
        yield digits;
      }
    };
  }

  /**
   * The value in canonical form (lower-case hex, surrounding blanks removed).
   *
   * @param field how the field is called in the source, e.g. {@code <fingerprints>/<md5>}
   * @throws BadRecord if the value is missing, of the wrong length, or not hex
   */
  static String canonical(String field, SignalType type, String value) throws BadRecord {
    int expected = digits(type);
    if (value == null || value.isBlank()) {
      throw new BadRecord(field + " is missing or empty; expected " + expected + " hex digits (" + type.label() + ")");
    }
    String hex = value.strip();
    for (int i = 0; i < hex.length(); i++) {
      if (!isHexDigit(hex.charAt(i))) {
        throw new BadRecord(field + " is not hex: '" + Snippet.of(hex.substring(i, i + 1)) + "' at position " + (i + 1)
            + "; expected " + expected + " hex digits (" + type.label() + ")");
      }
    }
    if (hex.length() != expected) {
      throw new BadRecord(field + " has " + hex.length() + " characters; expected " + expected + " hex digits (" + type.label() + ")");
    }
    return hex.toLowerCase(Locale.ROOT);
  }

  // ASCII only: Character.digit would also take full-width and other Unicode digits.
  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
