package org.lantern.core.exchange;

import java.util.Locale;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashFormatException;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.canon.AccountNormalizer;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.text.KeywordFolding;

/**
 * Turns a submitted or queried value into the canonical form of its type, the form that is
 * stored, compared and (for accounts) keyed. The same function serves writes and lookups, which is
 * what makes equivalent inputs meet.
 *
 * <p>Thread-safety: thread-safe.
 */
final class SignalCanonicalizer {
  private final AccountKeys accountKeys;

  SignalCanonicalizer(AccountKeys accountKeys) {
    this.accountKeys = accountKeys;
  }

  /**
   * The canonical value of {@code raw} as a {@code type}.
   *
   * @throws SignalRejectedException saying what was wrong with the value
   */
  String canonical(SignalType type, String raw) {
    if (raw == null || raw.isBlank()) {
      throw new SignalRejectedException("empty_value", "value", "the " + type.label() + " value is empty");
    }
    return switch (type.family()) {
      case PERCEPTUAL -> perceptual(type, raw.trim());
      case DIGEST -> digest(type, raw.trim());
      case URL -> UrlCanonicalizer.canonicalize(raw).url();
      case KEYWORD -> KeywordFolding.canonical(raw);
      case ACCOUNT ->
          accountKeys.key(
              type,
              type == SignalType.EMAIL ? AccountNormalizer.email(raw) : AccountNormalizer.username(raw));
    };
  }

  /** A perceptual hash's bits, for indexing and querying. */
  static Hash hash(SignalType type, String canonicalOrRaw) {
    try {
      return Hash.parseHex(canonicalOrRaw.trim(), type.hashType().bits());
    } catch (HashFormatException e) {
      throw new SignalRejectedException("invalid_hash", "value", e.getMessage());
    }
  }

  private static String perceptual(SignalType type, String raw) {
    if (isCanonicalHex(raw, type.hashType().hexDigits())) {
      return raw; // already as toHex() writes it: bulk loads mostly send hashes this way
    }
    return hash(type, raw).toHex();
  }

  /** Exactly {@code digits} lower-case hex digits. */
  private static boolean isCanonicalHex(String s, int digits) {
    if (s.length() != digits) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String digest(SignalType type, String raw) {
    int expected = type.digestHexDigits();
    if (raw.length() != expected) {
      throw new SignalRejectedException(
          "invalid_hash",
          "value",
          "a " + type.label() + " digest has " + expected + " hex digits, got " + raw.length());
    }
    for (int i = 0; i < raw.length(); i++) {
      if (!isAsciiHex(raw.charAt(i))) {
        throw new SignalRejectedException(
            "invalid_hash",
            "value",
            "character " + i + " '" + raw.charAt(i) + "' of the " + type.label() + " digest is not a hex digit");
      }
    }
    return raw.toLowerCase(Locale.ROOT);
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
