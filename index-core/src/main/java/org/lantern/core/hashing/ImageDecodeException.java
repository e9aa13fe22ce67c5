package org.lantern.core.hashing;

/**
 * An image could not be decoded: empty, truncated, corrupt, of an unsupported format, or larger
 * than the decoder's pixel limit. The message names the source and what was wrong.
 *
 * <p>Checked, because bad files are an expected input at every door (uploads, batch folders) and
 * callers must decide per file whether to skip, report or stop.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The file name or label of the bad input. */
  private final String source;

  /** An error about {@code source}; the message is prefixed with it. */
  public ImageDecodeException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** An error about {@code source} caused by {@code cause} (whose message is appended). */
  public ImageDecodeException(String source, String problem, Throwable cause) {
    super(source + ": " + problem + describe(cause), cause);
    this.source = source;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return " (" + cause.getClass().getSimpleName() + (message == null ? "" : ": " + message) + ")";
  }

  /** The file name or label given to the decoder. */
  public String source() {
    return source;
  }
}
