package org.lantern.server.http;

import org.lantern.core.exchange.Exchange;

/**
 * What every request shares: the exchange (set once it is open, cleared when it starts closing),
 * the limits, the metrics, the rate limiter, the connection guard and the access log.
 *
 * <p>Thread-safety: thread-safe; the exchange reference is volatile.
 */
final class ServerContext {
  private final ServerLimits limits;
  private final ServerMetrics metrics;
  private final RateLimiter rateLimiter;
  private final AccessLog accessLog;
  private final HealthReport health; // null for a plain exchange
  private final ConnectionGuard connections;
  private final int decodePermits;
  private final java.util.concurrent.Semaphore decodes;
  // One core fewer than the machine has: one always stays free for the cheap requests.
  private final WorkPool work = new WorkPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
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
    this.connections = new ConnectionGuard(limits.connections(), metrics, System::nanoTime);
    this.decodePermits = limits.work().decodePermits(Runtime.getRuntime().maxMemory());
    this.decodes = new java.util.concurrent.Semaphore(decodePermits);
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

  /** Image decodes running at once at most; taken without waiting (503 when none is free). */
  java.util.concurrent.Semaphore decodes() {
    return decodes;
  }

  /** Where CPU-heavy work runs, off the virtual threads' carriers. */
  WorkPool work() {
    return work;
  }

  int decodePermits() {
    return decodePermits;
  }

  ConnectionGuard connections() {
    return connections;
  }

  AccessLog accessLog() {
    return accessLog;
  }
}
