package org.lantern.core.exchange;

/**
 * Thrown by every write (submit, retract, opinion) on an exchange opened as a read-only replica:
 * its signals come only from the exchange it follows, so a write here would be lost or, worse,
 * diverge from it. The message names that exchange, where the write belongs.
 *
 * <p>Thread-safety: immutable.
 */
public final class ReadOnlyExchangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exchange this replica follows (its base URL). */
  private final String primary;

  public ReadOnlyExchangeException(String primary, String message) {
    super(message, null, false, false);
    this.primary = primary;
  }

  /** The exchange this replica follows, where the refused write belongs. */
  public String primary() {
    return primary;
  }
}
