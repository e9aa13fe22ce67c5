package org.lantern.core.exchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lantern.core.signal.SignalType;

/**
 * The stored (and looked-up) form of an account identifier: hex HMAC-SHA256 under the exchange
 * secret of {@code type ‖ 0 ‖ normalised identifier}. The type is mixed in so that the username
 * "alice@example.com" and the e-mail address of the same spelling are different keys. Without the
 * secret the key cannot be tested against guesses, which is the point: the exchange never holds an
 * identifier in clear (DESIGN.md §3).
 *
 * <p>Thread-safety: thread-safe (one {@link Mac} per thread).
 */
final class AccountKeys {
  private final ThreadLocal<Mac> macs;

  AccountKeys(byte[] secret) {
    byte[] key = secret.clone();
    macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no usable HmacSHA256", e);
              }
            });
  }

  /** The key of a normalised identifier of {@code type} (username or email). */
  String key(SignalType type, String normalised) {
    Mac mac = macs.get();
    mac.update(type.label().getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return HexFormat.of().formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
  }
}
