package org.lantern.core.store;

/**
 * A data directory's files are not what this version of Lantern wrote: wrong magic, unknown
 * format version, a width or type that disagrees with the caller, or a count the files cannot
 * hold. The message names the file and the field.
 *
 * <p>Thread-safety: immutable.
 */
public final class StoreFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreFormatException(String message) {
    super(message);
  }

  public StoreFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
