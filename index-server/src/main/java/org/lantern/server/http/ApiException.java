package org.lantern.server.http;

/**
 * A request the server refuses, with the HTTP status and the DESIGN.md §5 error body
 * ({@code {"error":{"code","message","field"}}}) to answer with. Handlers throw it; the
 * {@link Dispatcher} is the one place that turns it (and the core's exceptions) into a response.
 *
 * <p>Thread-safety: immutable.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;
  private final long retryAfterSeconds; // 0: no Retry-After header

  public ApiException(int status, String code, String field, String message) {
    this(status, code, field, message, 0);
  }

  private ApiException(int status, String code, String field, String message, long retryAfterSeconds) {
    // No stack trace: these are answers to clients, not faults, and some arrive thousands a second.
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400 for a malformed or invalid request; {@code field} names the offending JSON path. */
  public static ApiException badRequest(String code, String field, String message) {
    return new ApiException(400, code, field, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", "authorization", message);
  }

  public static ApiException notFound(String field, String message) {
    return new ApiException(404, "not_found", field, message);
  }

  /** 413: the body, a batch or a list is larger than the configured limit. */
  public static ApiException tooLarge(String code, String field, String message) {
    return new ApiException(413, code, field, message);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "unsupported_media_type", "content-type", message);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(
        429, "rate_limited", null, "too many requests for this API key; retry after " + retryAfterSeconds + " s",
        retryAfterSeconds);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", null, message, 1);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The JSON path of the offending input, or {@code null}. */
  public String field() {
    return field;
  }

  /** Seconds for a {@code Retry-After} header; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
