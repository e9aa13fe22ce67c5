package org.lantern.json;

/**
 * JSON input that cannot be read as the shape expected: malformed text, a value of the wrong
 * kind, a missing or unknown field. Carries a machine-readable {@link #code()} and the path of the
 * field at fault ({@code signals[3].visibility}), so that a client or a reject file can say which.
 * Cheap: no stack trace (a client's mistake, not a bug).
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String field;

  public JsonInputException(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  /** {@code invalid_json}, {@code invalid_type}, {@code missing_field}, {@code unknown_field}, ... */
  public String code() {
    return code;
  }

  /** The path of the field at fault ({@code body} or {@code line 3} for the whole input). */
  public String field() {
    return field;
  }
}
