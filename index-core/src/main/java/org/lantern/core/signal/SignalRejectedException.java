package org.lantern.core.signal;

import java.util.Objects;

/**
 * One signal (or one lookup value) cannot be accepted as given. The {@link #code()} is a stable,
 * machine-readable reason ({@code invalid_url}, {@code invalid_hash}, ...) that the HTTP API puts in
 * its error object; the message says what was wrong and what was expected, in words a contributor can
 * act on; {@link #field()} names the offending field ({@code value}, {@code note}, ...).
 *
 * <p>Rejection is per signal: the rest of a batch goes on.
 *
 * <p>Thread-safety: immutable.
 */
public final class SignalRejectedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String field;

  public SignalRejectedException(String code, String field, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.field = Objects.requireNonNull(field, "field");
  }

  /** Stable reason, snake_case, e.g. {@code invalid_url}. */
  public String code() {
    return code;
  }

  /** The field of the signal the reason is about, e.g. {@code value}. */
  public String field() {
    return field;
  }
}
