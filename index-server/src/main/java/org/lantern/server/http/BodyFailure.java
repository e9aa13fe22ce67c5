package org.lantern.server.http;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a failure while reading a request body into the client's error: a body cut short, a
 * chunked encoding that does not parse, a connection reset. Helidon reports these with several
 * unrelated exception types; none of them is a fault of the server, so none is a 500.
 *
 * <p>Thread-safety: stateless.
 */
final class BodyFailure {
  /** The error code of every such answer; the dispatcher counts them rather than logging each. */
  static final String CODE = "unreadable_body";

  private BodyFailure() {}

  static ApiException of(Throwable failure) {
    return ApiException.badRequest(CODE, "body", "the request body could not be read: " + reason(failure));
  }

  private static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataReader.InsufficientDataAvailableException) {
        return "it ended before its announced length or final chunk";
      }
      if (t instanceof NumberFormatException) {
        return "malformed chunked encoding (a chunk size is not hexadecimal)";
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return "the connection failed while it was sent";
      }
    }
    return "malformed framing";
  }
}
