package org.lantern.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * What Helidon answers by itself, before any route runs: a request line, headers or framing it
 * cannot parse (400), a body over its backstop (413), and any HTTP version but 1.1. These get the
 * same JSON error body as the {@link Dispatcher}'s answers instead of Helidon's plain text.
 *
 * <p>Thread-safety: stateless.
 */
final class TransportAnswers implements DirectHandler {
  @Override
  public TransportResponse handle(
      TransportRequest request, EventType eventType, Status defaultStatus, ServerResponseHeaders headers, String message) {
    if (defaultStatus.code() == 501) {
      // Helidon's answer to a Transfer-Encoding it does not implement (RFC 9112 suggests 501); it
      // is the client's framing, so a 4xx that says what is accepted.
      return TransportResponse.builder()
          .status(Status.BAD_REQUEST_400)
          .headers(headers)
          .header(HeaderNames.CONTENT_TYPE, Call.JSON)
          .keepAlive(false)
          .entity(Dispatcher.errorBody(
              "unsupported_transfer_encoding", "the request's Transfer-Encoding is not supported: send chunked or a Content-Length",
              "transfer-encoding"))
          .build();
    }
    if (eventType == EventType.INTERNAL_ERROR) {
      // Helidon's catch-all while it reads a request line and headers, before any route runs: in
      // practice a client that closed the connection mid-header (a short read). Answered as the
      // client's error, which also keeps Helidon from logging a stack trace per dropped socket.
      return TransportResponse.builder()
          .status(Status.BAD_REQUEST_400)
          .headers(headers)
          .header(HeaderNames.CONTENT_TYPE, Call.JSON)
          .keepAlive(false)
          .entity(Dispatcher.errorBody("bad_request", "the request line or headers were cut short or could not be read", null))
          .build();
    }
    int status = defaultStatus.code();
    String code = switch (status) {
      case 413 -> "body_too_large";
      case 505 -> "http_version_not_supported";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
    String text = switch (status) {
      case 505 -> "only HTTP/1.1 is served (HTTP/1.0 only for GET /health)";
      case 413 -> "the request body is larger than the server accepts";
      default -> message == null || message.isBlank() ? "the request is malformed" : "the request is malformed: " + Call.clip(message);
    };
    return TransportResponse.builder()
        .status(defaultStatus)
        .headers(headers)
        .header(HeaderNames.CONTENT_TYPE, Call.JSON)
        .keepAlive(eventType.keepAlive())
        .entity(Dispatcher.errorBody(code, text, null))
        .build();
  }
}
