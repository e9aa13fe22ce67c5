package org.lantern.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lantern.core.exchange.Exchange;

/**
 * The server's Prometheus metrics ({@code GET /metrics}): requests and their latency per route
 * template and status, matches returned, signals accepted and rejected, and the exchange's size.
 *
 * <p>Meters are looked up once per (route, status) and cached: a Micrometer registration per
 * request would cost more than the lookup it measures.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> matchCounters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> submitCounters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> connectionCounters = new ConcurrentHashMap<>();

  ServerMetrics(Supplier<Exchange> exchange) {
    Gauge.builder("lantern_signals_stored", () -> sizeOf(exchange, Exchange::storedSignals))
        .description("Signals in the store, of any status")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("lantern_client_disconnects", null, x -> ClientDisconnects.count())
        .description("Connections the client dropped mid-request (counted, not logged), since the process started")
        .register(registry);
    Gauge.builder("lantern_change_sequence", () -> sizeOf(exchange, Exchange::lastSequence))
        .description("Commit sequence of the last change (the delta feed's head)")
        .register(registry);
  }

  private static double sizeOf(Supplier<Exchange> exchange, java.util.function.ToLongFunction<Exchange> f) {
    Exchange e = exchange.get();
    if (e == null) {
      return Double.NaN;
    }
    try {
      return f.applyAsLong(e);
    } catch (RuntimeException closed) {
      return Double.NaN; // scraped while shutting down
    }
  }

  void request(String method, String route, int status, long nanos) {
    String key = method + ' ' + route + ' ' + status;
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("lantern_http_requests")
                      .description("HTTP requests by route template and status")
                      .tag("method", method)
                      .tag("route", route)
                      .tag("status", Integer.toString(status))
                      .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code matched} signals returned for lookups of {@code type}. */
  void matches(String type, int matched) {
    counter(matchCounters, "lantern_match_queries", type, "Values looked up, by signal type").increment();
    if (matched > 0) {
      counter(matchCounters, "lantern_matches", type, "Matches returned, by signal type").increment(matched);
    }
  }

  /** One submitted signal's outcome (created, updated, unchanged, rejected). */
  void submitted(String outcome) {
    Counter c = submitCounters.get(outcome);
    if (c == null) {
      c =
          submitCounters.computeIfAbsent(
              outcome,
              o ->
                  Counter.builder("lantern_signals_submitted")
                      .description("Submitted signals by outcome")
                      .tag("outcome", o)
                      .register(registry));
    }
    c.increment();
  }

  /**
   * A connection-level event, by reason: {@code header_timeout}, {@code body_timeout}, {@code
   * idle_timeout}, {@code refused_max_connections}, {@code refused_max_connections_per_address},
   * {@code client_abort} (a body the client broke off). Counted, not logged one by one: a client
   * that drops thousands of sockets must not flood the log.
   */
  void connection(String reason) {
    counter(connectionCounters, "lantern_connection_events", "reason", reason, "Connections timed out, refused or broken off by the client, by reason")
        .increment();
  }

  private Counter counter(ConcurrentHashMap<String, Counter> cache, String name, String type, String description) {
    return counter(cache, name, "type", type, description);
  }

  private Counter counter(ConcurrentHashMap<String, Counter> cache, String name, String tag, String type, String description) {
    String key = name + ' ' + type;
    Counter c = cache.get(key);
    if (c == null) {
      c = cache.computeIfAbsent(key, k -> Counter.builder(name).description(description).tag(tag, type).register(registry));
    }
    return c;
  }

  /** The registry behind {@code /metrics}, for meters of parts beside the HTTP layer (a replica's follower). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
