package org.lantern.core.hash;

import java.util.Arrays;

/**
 * An immutable 64- or 256-bit perceptual hash.
 *
 * <p><b>Bit order.</b> The text form is the reference form: lower-case hex, most significant digit
 * first, exactly as Meta's PDQ tools print it (they print 16-bit words w[15] … w[0], so PDQ bit
 * {@code k} — DCT cell {@code (k / 16, k % 16)} — is bit {@code k % 16} of word {@code k / 16}, and
 * the last four hex digits hold DCT row 0). Internally the hash is held as 64-bit words, most
 * significant first: {@code words[0]} is the value of the first 16 hex digits, and PDQ bit {@code
 * k} is bit {@code k % 64} of {@code words[words.length - 1 - k / 64]}. Hamming distance does not
 * depend on the order; hashers and formatters do.
 *
 * <p>Thread-safety: immutable.
 */
public final class Hash {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long[] words; // most significant first; length 1 (64 bits) or 4 (256 bits)

  private Hash(long[] words) {
    this.words = words;
  }

  /** A 64-bit hash. */
  public static Hash of64(long bits) {
    return new Hash(new long[] {bits});
  }

  /** A 256-bit hash from its four words, most significant first. */
  public static Hash of256(long w0, long w1, long w2, long w3) {
    return new Hash(new long[] {w0, w1, w2, w3});
  }

  /** A hash from 1 or 4 words, most significant first; the array is copied. */
  public static Hash ofWords(long[] words) {
    if (words.length != 1 && words.length != 4) {
      throw new IllegalArgumentException(
          "a hash has 1 or 4 words (64 or 256 bits), got " + words.length);
    }
    return new Hash(words.clone());
  }

  /**
   * Parses the hex form of a hash of the given width. Upper-case digits are accepted; anything
   * else is rejected with the position of the offending character.
   *
   * @throws HashFormatException if the length is not {@code bits / 4} or a character is not hex
   */
  public static Hash parseHex(CharSequence hex, int bits) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("hash width must be 64 or 256 bits, got " + bits);
    }
    long[] words = new long[bits / 64];
    parseHexInto(hex, bits, words, 0);
    return new Hash(words);
  }

  /**
   * Parses hex into {@code target[offset .. offset + bits/64)} without allocating: the loaders'
   * batch path.
   *
   * @throws HashFormatException if the length is not {@code bits / 4} or a character is not hex
   */
  public static void parseHexInto(CharSequence hex, int bits, long[] target, int offset) {
    int digits = bits / 4;
    if (hex.length() != digits) {
      throw new HashFormatException(
          "expected " + digits + " hex digits for a " + bits + "-bit hash, got " + hex.length(),
          -1);
    }
    for (int w = 0; w < bits / 64; w++) {
      long word = 0;
      for (int i = 0; i < 16; i++) {
        int position = w * 16 + i;
        int digit = Character.digit(hex.charAt(position), 16);
        if (digit < 0 || hex.charAt(position) > 'f') {
          throw new HashFormatException(
              "invalid hex character '" + printable(hex.charAt(position)) + "' at position "
                  + position + " (expected 0-9 or a-f)",
              position);
        }
        word = (word << 4) | digit;
      }
      target[offset + w] = word;
    }
  }

  private static String printable(char c) {
    return Character.isISOControl(c) || Character.isWhitespace(c)
        ? String.format("\\u%04x", (int) c)
        : String.valueOf(c);
  }

  /** Formats words as lower-case hex, most significant first. */
  public static String toHex(long[] words, int offset, int count) {
    char[] out = new char[count * 16];
    for (int w = 0; w < count; w++) {
      long word = words[offset + w];
      for (int i = 15; i >= 0; i--) {
        out[w * 16 + i] = HEX[(int) (word & 0xF)];
        word >>>= 4;
      }
    }
    return new String(out);
  }

  /** Width in bits: 64 or 256. */
  public int bits() {
    return words.length * 64;
  }

  /** Number of 64-bit words: 1 or 4. */
  public int wordCount() {
    return words.length;
  }

  /** Word {@code i}, most significant first. */
  public long word(int i) {
    return words[i];
  }

  /** A copy of the words, most significant first. */
  public long[] words() {
    return words.clone();
  }

  /** Copies the words into {@code target} at {@code offset}. */
  public void copyTo(long[] target, int offset) {
    System.arraycopy(words, 0, target, offset, words.length);
  }

  /** Number of set bits (the reference tools' "norm"). */
  public int popCount() {
    int count = 0;
    for (long word : words) {
      count += Long.bitCount(word);
    }
    return count;
  }

  /** Hamming distance to a hash of the same width. */
  public int distance(Hash other) {
    return Hamming.distance(words, other.words);
  }

  /** Lower-case hex, most significant digit first (the reference form). */
  public String toHex() {
    return toHex(words, 0, words.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash other && Arrays.equals(words, other.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
