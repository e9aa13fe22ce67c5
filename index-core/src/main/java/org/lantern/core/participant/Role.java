package org.lantern.core.participant;

import java.util.Locale;
import org.lantern.core.signal.SignalRejectedException;

/**
 * What a participant may do. A reader looks up; a contributor also shares, retracts and gives
 * feedback; an admin manages participants and keys, reads the audit log and sees every signal. An
 * auditor reads the audit log, its head and the exchange's statistics and figures, and nothing
 * else: no signal, no lookup, no feed (it is not a reader).
 *
 * <p>Thread-safety: immutable.
 */
public enum Role {
  CONTRIBUTOR,
  READER,
  ADMIN,
  AUDITOR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws SignalRejectedException ({@code invalid_role}) naming the accepted roles */
  public static Role fromLabel(String label) {
    if (label != null) {
      for (Role role : values()) {
        if (role.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
          return role;
        }
      }
    }
    throw new SignalRejectedException("invalid_role", "roles", "unknown role '" + label + "' (expected contributor, reader, admin or auditor)");
  }
}
