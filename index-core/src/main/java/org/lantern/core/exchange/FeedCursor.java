package org.lantern.core.exchange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.lantern.core.signal.SignalRejectedException;

/**
 * The delta feed's cursor as a participant sees it: an opaque string that reveals nothing about
 * the changes it may not see. Inside is the position in the exchange's change log (how many
 * changes the feed has examined), which counts every participant's writes; in clear, the gap
 * between two cursors would tell a reader how many hidden signals were written meanwhile.
 *
 * <p>Format: {@code fc1.} followed by 48 characters of unpadded base64url of 36 bytes: a random
 * 12-byte nonce, then the position (8 bytes, big-endian) encrypted with AES-128-GCM (8 bytes of
 * ciphertext and a 16-byte tag). The key is HMAC-SHA256(exchange secret, {@code "lantern feed
 * cursor v1"}), first 16 bytes; the participant's id is the associated data, so a cursor works
 * only for the participant it was issued to and any change to it is detected. Every cursor has the
 * same length, and two cursors for the same position differ (fresh nonce): equal-looking cursors
 * tell nothing either. The empty string, none, or {@code 0} is the start of the feed.
 *
 * <p>Thread-safety: thread-safe (a cipher per call; the key is immutable).
 */
public final class FeedCursor {
  /** Prefix of every cursor: format version 1. */
  public static final String PREFIX = "fc1.";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int LENGTH = NONCE + Long.BYTES + TAG_BITS / 8;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** Cursors keyed by {@code secret} (the exchange secret). */
  public FeedCursor(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] derived = mac.doFinal("lantern feed cursor v1".getBytes(StandardCharsets.US_ASCII));
      this.key = new SecretKeySpec(derived, 0, 16, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** The cursor for {@code position} issued to {@code participant}. */
  public String encode(String participant, long position) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(participant.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(position).array());
      byte[] out = new byte[LENGTH];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  /**
   * The position in a cursor issued to {@code participant}; 0 for {@code null}, empty or {@code "0"}.
   *
   * @throws SignalRejectedException {@code invalid_cursor} (field {@code cursor}) for anything else:
   *     a number, a changed cursor, another participant's or another exchange's
   */
  public long decode(String participant, String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.equals("0")) {
      return 0; // "0": the start, as clients of the numeric cursor asked for it; it tells nothing
    }
    byte[] raw;
    try {
      raw = cursor.startsWith(PREFIX) ? Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())) : null;
    } catch (IllegalArgumentException e) {
      raw = null;
    }
    if (raw == null || raw.length != LENGTH) {
      throw invalid();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
      cipher.updateAAD(participant.getBytes(StandardCharsets.UTF_8));
      byte[] position = cipher.doFinal(raw, NONCE, raw.length - NONCE);
      long value = ByteBuffer.wrap(position).getLong();
      if (value < 0) {
        throw invalid();
      }
      return value;
    } catch (javax.crypto.AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  private static SignalRejectedException invalid() {
    return new SignalRejectedException("invalid_cursor", "cursor",
        "cursor is not one this exchange gave you: pass next_cursor of your previous page exactly, or leave it out to"
            + " start from the beginning");
  }
}
