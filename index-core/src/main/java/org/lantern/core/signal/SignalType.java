package org.lantern.core.signal;

import java.util.Locale;
import org.lantern.core.hash.HashType;

/**
 * The kinds of signal an exchange carries, and which index each kind goes to.
 *
 * <p>Thread-safety: immutable.
 */
public enum SignalType {
  PDQ("pdq", Family.PERCEPTUAL, HashType.PDQ),
  PHASH("phash", Family.PERCEPTUAL, HashType.PHASH),
  DHASH("dhash", Family.PERCEPTUAL, HashType.DHASH),
  MD5("md5", Family.DIGEST, null),
  SHA1("sha1", Family.DIGEST, null),
  SHA256("sha256", Family.DIGEST, null),
  URL("url", Family.URL, null),
  KEYWORD("keyword", Family.KEYWORD, null),
  USERNAME("username", Family.ACCOUNT, null),
  EMAIL("email", Family.ACCOUNT, null);

  /** Where a type's signals are indexed and how they are matched. */
  public enum Family {
    /** Hamming indexes (MIH, flat, BK-tree); matched by distance. */
    PERCEPTUAL,
    /** Cryptographic file digests; matched exactly. */
    DIGEST,
    /** Canonical URLs in the text index; matched exactly, by host + path prefix, or by host. */
    URL,
    /** Folded words and phrases; matched inside free text. */
    KEYWORD,
    /** HMAC of the normalised identifier; matched exactly, never stored in clear. */
    ACCOUNT
  }

  private static final SignalType[] BY_CODE = values();

  private final String label;
  private final Family family;
  private final HashType hashType;

  SignalType(String label, Family family, HashType hashType) {
    this.label = label;
    this.family = family;
    this.hashType = hashType;
  }

  /** The lower-case name used in JSON, files and on the command line ("pdq"). */
  public String label() {
    return label;
  }

  public Family family() {
    return family;
  }

  /** The Hamming hash type of a perceptual signal type; {@code null} for the others. */
  public HashType hashType() {
    return hashType;
  }

  /** Hex digits of a digest type's canonical value (32, 40, 64); 0 for the others. */
  public int digestHexDigits() {
    return switch (this) {
      case MD5 -> 32;
      case SHA1 -> 40;
      case SHA256 -> 64;
      default -> 0;
    };
  }

  /** Stable one-byte code used in the stored record format; never reuse or reorder. */
  byte code() {
    return (byte) ordinal();
  }

  static SignalType fromCode(byte code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown signal type code " + code);
    }
    return BY_CODE[code];
  }

  /** The signal type of a perceptual hash type. */
  public static SignalType of(HashType type) {
    return switch (type) {
      case PDQ -> PDQ;
      case PHASH -> PHASH;
      case DHASH -> DHASH;
    };
  }

  /**
   * Looks a type up by its label, ignoring case and surrounding blanks.
   *
   * @throws SignalRejectedException ({@code unknown_type}) naming the accepted labels
   */
  public static SignalType fromLabel(String label) {
    if (label != null) {
      String wanted = label.trim().toLowerCase(Locale.ROOT);
      for (SignalType type : BY_CODE) {
        if (type.label.equals(wanted)) {
          return type;
        }
      }
    }
    throw new SignalRejectedException(
        "unknown_type",
        "type",
        "unknown signal type '" + label + "' (expected one of " + labels() + ")");
  }

  /** "pdq, phash, ..." for messages. */
  public static String labels() {
    StringBuilder out = new StringBuilder();
    for (SignalType type : BY_CODE) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(type.label);
    }
    return out.toString();
  }
}
