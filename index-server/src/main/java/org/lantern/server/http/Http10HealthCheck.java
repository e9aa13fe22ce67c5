package org.lantern.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code GET /health} (also {@code HEAD} and {@code OPTIONS}, HAProxy's bare {@code
 * option httpchk}) over HTTP/1.0, which Helidon 4 does not serve at all: load balancers' default
 * health checks send exactly that, and a 505 marks every server down. Only that: any other
 * HTTP/1.0 request gets 505, so the API itself stays HTTP/1.1. The answer says only whether the
 * exchange is ready (200 {@code {"status":"ok"}} or 503), and the connection closes after it, as
 * HTTP/1.0 expects.
 *
 * <p>Helidon picks a connection's protocol by its first line; this selector claims the lines that
 * end in {@code HTTP/1.0}, which Helidon's HTTP/1.1 selector refuses.
 *
 * <p>Thread-safety: thread-safe (stateless beyond the readiness supplier); each connection it
 * creates is confined to that connection's thread.
 */
final class Http10HealthCheck implements ServerConnectionSelector {
  /** Longest request line and header line read; a health check sends a few short ones. */
  private static final int MAX_LINE = 1_024;
  private static final int MAX_HEADER_LINES = 64;

  private final BooleanSupplier ready;

  Http10HealthCheck(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  public int bytesToIdentifyConnection() {
    return 0;
  }

  @Override
  public Support supports(BufferData data) {
    int lineEnd = data.indexOf((byte) '\n');
    if (lineEnd < 0) {
      return data.available() > MAX_LINE ? Support.UNSUPPORTED : Support.UNKNOWN;
    }
    return data.readString(lineEnd).endsWith(" HTTP/1.0\r") ? Support.SUPPORTED : Support.UNSUPPORTED;
  }

  @Override
  public Set<String> supportedApplicationProtocols() {
    return Set.of();
  }

  @Override
  public ServerConnection connection(ConnectionContext ctx) {
    return new ServerConnection() {
      @Override
      public void handle(Semaphore requestSemaphore) {
        answer(ctx);
      }

      @Override
      public Duration idleTime() {
        return Duration.ZERO;
      }

      @Override
      public void close(boolean interrupt) {
        // one request, answered at once; the connection handler closes the socket after it
      }
    };
  }

  private void answer(ConnectionContext ctx) {
    DataReader reader = ctx.dataReader();
    String requestLine = line(reader);
    for (int i = 0; i < MAX_HEADER_LINES; i++) {
      String header = line(reader);
      if (header == null || header.isEmpty()) {
        break;
      }
    }
    String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
    String path = parts.length == 3 ? parts[1] : "";
    int query = path.indexOf('?');
    boolean health = parts.length == 3
        && (parts[0].equals("GET") || parts[0].equals("HEAD") || parts[0].equals("OPTIONS"))
        && (query < 0 ? path : path.substring(0, query)).equals("/health");
    String status;
    byte[] body;
    if (health) {
      boolean up = ready.getAsBoolean();
      status = up ? "200 OK" : "503 Service Unavailable";
      body = ("{\"status\":\"" + (up ? "ok" : "unavailable") + "\"}").getBytes(StandardCharsets.UTF_8);
    } else {
      status = "505 HTTP Version Not Supported";
      body = Dispatcher.errorBody("http_version_not_supported", "only HTTP/1.1 is served (HTTP/1.0 only for GET /health)", null);
    }
    boolean head = parts.length > 0 && parts[0].equals("HEAD");
    String headers = "HTTP/1.0 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    BufferData out = BufferData.growing(headers.length() + body.length);
    out.write(headers.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.write(body);
    }
    ctx.dataWriter().writeNow(out);
  }

  /** The next line without its CRLF, or {@code null} when it is too long or malformed. */
  private static String line(DataReader reader) {
    try {
      int end = reader.findNewLine(MAX_LINE);
      if (end >= MAX_LINE) {
        return null;
      }
      String line = reader.readAsciiString(end);
      reader.skip(2);
      return line;
    } catch (DataReader.IncorrectNewLineException e) {
      return null;
    }
  }
}
