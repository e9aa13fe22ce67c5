package org.lantern.core.signal;

import java.util.Locale;

/**
 * Where a signal is in its life. Only {@link #ACTIVE} signals are matched; the others stay in the
 * store (an exchange must be able to say what it once shared, and the feed reports them as
 * deletions).
 *
 * <p>Thread-safety: immutable.
 */
public enum SignalStatus {
  ACTIVE,
  /** Withdrawn by its contributor. */
  RETRACTED,
  /** Past its {@code expires} time; retired by the expiry sweep. */
  EXPIRED;

  /** "active", "retracted", "expired". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
