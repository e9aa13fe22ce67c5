package org.lantern.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /health} and {@code /openapi.yaml}: public, for load balancers and client authors;
 * {@code /health} says only whether the exchange is up. The figures, which tell an onlooker how
 * much is shared and when ({@code /metrics} for Prometheus, {@code /v1/status}), need the key of
 * an admin or an auditor: give Prometheus an auditor's key ({@code authorization: {credentials_file:
 * ...}} in its scrape config).
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
        Route.get("/metrics", Route.Access.AUDIT, SystemHandlers::metrics),
        Route.get("/v1/status", Route.Access.AUDIT, SystemHandlers::status),
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
      // Status only (and, on a replica, its own lag): the exchange's figures are behind a key at
      // /v1/status, so an unauthenticated caller learns nothing about what is stored.
      String status = !ready ? (context.closing() ? "stopping" : "starting") : extra == null ? "ok" : extra.status();
      json.writeStringField("status", status);
      if (extra != null) {
        extra.writeFields(json);
      }
      json.writeEndObject();
    });
  }

  /** The figures {@code /health} keeps to itself: signals stored, the change sequence, recovery. */
  static void status(Call call) throws Exception {
    var exchange = call.exchange();
    exchange.oversight().recordRead(call.caller(), "status");
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("status", "ok");
      json.writeNumberField("signals", exchange.storedSignals());
      json.writeNumberField("sequence", exchange.lastSequence());
      json.writeBooleanField("recovered", exchange.recovered());
      json.writeEndObject();
    });
  }

  static void metrics(Call call) {
    call.exchange().oversight().recordRead(call.caller(), "metrics");
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
