package org.lantern.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /health}, {@code /metrics} and {@code /openapi.yaml}: public, for load balancers,
 * Prometheus and client authors. None of them reveals a signal, a participant or a key.
 *
 * <p>Thread-safety: stateless; the API description is read once.
 */
final class SystemHandlers {
  static final String OPENAPI_RESOURCE = "/org/lantern/server/http/openapi.yaml";
  private static final byte[] OPENAPI = load();

  private SystemHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/health", Route.Access.PUBLIC, SystemHandlers::health),
        Route.get("/metrics", Route.Access.PUBLIC, SystemHandlers::metrics),
        Route.get("/openapi.yaml", Route.Access.PUBLIC, SystemHandlers::openapi));
  }

  /**
   * 200 once the exchange is open (its indexes loaded and the change log replayed), 503 before;
   * on a replica also 503 until it has caught up with its exchange once (see {@link HealthReport}).
   */
  static void health(Call call) throws Exception {
    ServerContext context = call.context();
    boolean ready = context.ready();
    HealthReport extra = context.health();
    boolean serving = ready && (extra == null || extra.serving());
    call.json(serving ? 200 : 503, json -> {
      json.writeStartObject();
      String status = !ready ? (context.closing() ? "stopping" : "starting") : extra == null ? "ok" : extra.status();
      json.writeStringField("status", status);
      if (ready) {
        json.writeNumberField("signals", call.exchange().storedSignals());
        json.writeNumberField("sequence", call.exchange().lastSequence());
      }
      if (extra != null) {
        extra.writeFields(json);
      }
      json.writeEndObject();
    });
  }

  static void metrics(Call call) {
    call.send(200, "text/plain; version=0.0.4; charset=utf-8", call.metrics().scrape().getBytes(StandardCharsets.UTF_8));
  }

  static void openapi(Call call) {
    call.send(200, "application/yaml", OPENAPI);
  }

  private static byte[] load() {
    try (InputStream in = SystemHandlers.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
