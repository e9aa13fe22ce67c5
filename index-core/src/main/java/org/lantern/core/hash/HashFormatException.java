package org.lantern.core.hash;

/**
 * A hash's text form is malformed. The message names what was expected and, for a bad character,
 * its zero-based position; {@link #position()} returns it (or -1 for a length error).
 *
 * <p>Thread-safety: immutable.
 */
public final class HashFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int position;

  HashFormatException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Zero-based index of the offending character, or -1 when the length is wrong. */
  public int position() {
    return position;
  }
}
