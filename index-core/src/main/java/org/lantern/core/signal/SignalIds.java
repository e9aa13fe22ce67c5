package org.lantern.core.signal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signal ids: the first 128 bits of HMAC-SHA256(exchange secret, type ‖ value ‖ contributor),
 * written as 26 characters of lower-case base32 (RFC 4648 alphabet, no padding).
 *
 * <p>Why derived rather than random: re-submitting the same (type, canonical value, contributor)
 * must update the existing signal, and a derived id makes that a plain key lookup with no second
 * index that could disagree with the first after a crash. Why keyed: an id must not let someone who
 * sees it test guesses of the value (an e-mail address, a URL) offline; without the exchange
 * secret the id is a random string. 128 bits make collisions negligible (birthday bound ~2^64).
 *
 * <p>Thread-safety: instances are not thread-safe (one {@link Mac} each); use one per thread or
 * {@link #threadLocal}.
 */
public final class SignalIds {
  /** Length of an id's binary form in bytes. */
  public static final int BYTES = 16;
  /** Length of an id's text form in characters. */
  public static final int LENGTH = 26;

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final byte SEPARATOR = 0;

  private final Mac mac;

  public SignalIds(byte[] secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("unusable exchange secret", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  /** One instance per thread over the same secret. */
  public static ThreadLocal<SignalIds> threadLocal(byte[] secret) {
    byte[] copy = secret.clone();
    return ThreadLocal.withInitial(() -> new SignalIds(copy));
  }

  /** The binary id of (type, canonical value, contributor). */
  public byte[] derive(SignalType type, String value, String contributor) {
    mac.update(type.label().getBytes(StandardCharsets.UTF_8));
    mac.update(SEPARATOR);
    mac.update(value.getBytes(StandardCharsets.UTF_8));
    mac.update(SEPARATOR);
    mac.update(contributor.getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(mac.doFinal(), BYTES);
  }

  /** The text form of a binary id. */
  public static String encode(byte[] id) {
    if (id.length != BYTES) {
      throw new IllegalArgumentException("an id has " + BYTES + " bytes, got " + id.length);
    }
    char[] out = new char[LENGTH];
    int buffer = 0;
    int bits = 0;
    int next = 0;
    for (byte b : id) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out[next++] = ALPHABET[(buffer >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    out[next] = ALPHABET[(buffer << (5 - bits)) & 31]; // 128 = 25 * 5 + 3: three bits remain
    return new String(out);
  }

  /**
   * The binary form of a text id.
   *
   * @throws SignalRejectedException ({@code invalid_id}) if {@code text} is not an id
   */
  public static byte[] decode(String text) {
    byte[] id = tryDecode(text);
    if (id != null) {
      return id;
    }
    // Not an id: find out why, for the message.
    if (text == null || text.length() != LENGTH) {
      throw invalid(text, "an id has " + LENGTH + " characters");
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      if (c >= 128 || VALUE[c] < 0) {
        throw invalid(text, "character " + i + " '" + c + "' is not in [a-z2-7]");
      }
    }
    // The last character carries 3 bits of the id and 2 padding bits, which must be zero so that
    // every id has exactly one text form.
    throw invalid(text, "its last character has non-zero padding bits");
  }

  /** True if {@code text} is a well-formed id. */
  public static boolean isValid(String text) {
    return tryDecode(text) != null;
  }

  /** The binary form of a text id, or {@code null} if {@code text} is not one (no exception: lookups of unknown ids are common). */
  public static byte[] tryDecode(String text) {
    if (text == null || text.length() != LENGTH) {
      return null;
    }
    byte[] out = new byte[BYTES];
    int next = 0;
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? VALUE[c] : -1;
      if (v < 0) {
        return null;
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        if (next < BYTES) {
          out[next++] = (byte) (buffer >>> (bits - 8));
        }
        bits -= 8;
      }
    }
    return (buffer & ((1 << bits) - 1)) != 0 ? null : out;
  }

  /** Base32 value of each ASCII character, -1 where none. */
  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUE[ALPHABET[i]] = (byte) i;
    }
  }

  private static SignalRejectedException invalid(String text, String why) {
    return new SignalRejectedException(
        "invalid_id", "id", "'" + text + "' is not a signal id: " + why);
  }
}
