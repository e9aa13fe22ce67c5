package org.lantern.server.http;

import org.lantern.core.exchange.Exchange;

/**
 * What every request shares: the exchange (set once it is open, cleared when it starts closing),
 * the limits, the metrics, the rate limiter and the access log.
 *
 * <p>Thread-safety: thread-safe; the exchange reference is volatile.
 */
final class ServerContext {
  private final ServerLimits limits;
  private final ServerMetrics metrics;
  private final RateLimiter rateLimiter;
  private final AccessLog accessLog;
  private final HealthReport health; // null for a plain exchange
  private volatile Exchange exchange;
  private volatile boolean closing;

  ServerContext(ServerLimits limits, AccessLog accessLog) {
    this(limits, accessLog, null);
  }

  ServerContext(ServerLimits limits, AccessLog accessLog, HealthReport health) {
    this.limits = limits;
    this.health = health;
    this.accessLog = accessLog;
    this.metrics = new ServerMetrics(() -> exchange);
    this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), System::nanoTime);
  }

  /** The open exchange. @throws ApiException 503 while it opens or closes */
  Exchange exchange() {
    Exchange e = exchange;
    if (e == null || closing) {
      throw ApiException.unavailable(closing ? "the exchange is shutting down" : "the exchange is starting; retry shortly");
    }
    return e;
  }

  boolean ready() {
    return exchange != null && !closing;
  }

  boolean closing() {
    return closing;
  }

  void open(Exchange e) {
    this.exchange = e;
  }

  void closing(boolean value) {
    this.closing = value;
  }

  /** What this server adds to {@code /health}, or {@code null}. */
  HealthReport health() {
    return health;
  }

  ServerLimits limits() {
    return limits;
  }

  ServerMetrics metrics() {
    return metrics;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  AccessLog accessLog() {
    return accessLog;
  }
}
