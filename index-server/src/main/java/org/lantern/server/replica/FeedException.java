package org.lantern.server.replica;

/**
 * The followed exchange answered a feed request with an error. {@link #retryable()} says whether
 * asking again later can help (5xx, 429: yes; 401, 403 and other 4xx: no, the replica stops).
 *
 * <p>Thread-safety: immutable.
 */
final class FeedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final long retryAfterMillis; // 0: none given

  FeedException(int status, String message, long retryAfterMillis) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** The HTTP status; 0 when the answer was not a feed page at all. */
  int status() {
    return status;
  }

  boolean retryable() {
    return status >= 500 || status == 429 || status == 408;
  }

  /** What the exchange's Retry-After asked for, in milliseconds; 0 when it gave none. */
  long retryAfterMillis() {
    return retryAfterMillis;
  }
}
