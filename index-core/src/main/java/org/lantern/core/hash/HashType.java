package org.lantern.core.hash;

import java.util.Locale;

/**
 * The perceptual hash types Lantern indexes by Hamming distance.
 *
 * <p>Thread-safety: immutable.
 */
public enum HashType {
  /** Meta's PDQ: 256 bits, hex in the reference tools' bit order. Confident match: distance &lt;= 31. */
  PDQ("pdq", 256, 31),
  /** DCT perceptual hash: 64 bits. */
  PHASH("phash", 64, 8),
  /** Difference (gradient) hash: 64 bits. */
  DHASH("dhash", 64, 8);

  private final String label;
  private final int bits;
  private final int defaultMaxDistance;

  HashType(String label, int bits, int defaultMaxDistance) {
    this.label = label;
    this.bits = bits;
    this.defaultMaxDistance = defaultMaxDistance;
  }

  /** The lower-case name used on the command line, in files and in JSON ("pdq"). */
  public String label() {
    return label;
  }

  /** Hash width in bits: 64 or 256. */
  public int bits() {
    return bits;
  }

  /** The radius used when a caller gives none: 31 for PDQ (pytx's threshold), 8 for 64-bit types. */
  public int defaultMaxDistance() {
    return defaultMaxDistance;
  }

  /** Hex digits in this type's text form. */
  public int hexDigits() {
    return bits / 4;
  }

  /**
   * Looks a type up by its label, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted labels when {@code label} is unknown
   */
  public static HashType fromLabel(String label) {
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    for (HashType type : values()) {
      if (type.label.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown hash type '" + label + "' (expected one of pdq, phash, dhash)");
  }
}
