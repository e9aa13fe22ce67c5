package org.lantern.server.replica;

import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.lantern.server.http.HealthReport;

/**
 * How far a replica is behind the exchange it follows, for {@code /health}, {@code /metrics} and
 * the status line in the log.
 *
 * <p><b>Lag</b> is the staleness bound a lookup here has: the time since the replica was last
 * known to hold every change the exchange had committed. A feed request that answers "no more"
 * proves that every change committed before the request was sent is now applied, so after such a
 * page the lag restarts from the request's start; it then grows until the next such page. While
 * following normally it stays under the poll interval plus a round trip; while the exchange is
 * unreachable it grows with the clock. A replica that has never caught up has no bound: its lag
 * counts from its start, and {@code /health} answers 503.
 *
 * <p>Thread-safety: thread-safe (the follower writes, requests read).
 */
public final class ReplicaStatus implements HealthReport {
  private final Clock clock;
  private final Duration okLag;
  private final Instant started;
  private final AtomicLong applied = new AtomicLong(); // signals changed by applied pages, this process
  private final AtomicLong fetched = new AtomicLong(); // feed entries received, this process
  private final AtomicLong errors = new AtomicLong();
  private volatile Instant caughtUpAt; // null: never in step
  private volatile String lastError; // null: none since the last successful page
  private volatile Instant lastErrorAt;
  private volatile String stopped; // why the follower stopped for good, or null

  /**
   * @param okLag the largest lag {@code /health} still calls {@code ok}
   * @param caughtUpAt when the replica was last in step (from its durable state), or {@code null}
   */
  public ReplicaStatus(Clock clock, Duration okLag, Instant caughtUpAt) {
    this.clock = clock;
    this.okLag = okLag;
    this.started = clock.instant();
    this.caughtUpAt = caughtUpAt;
  }

  /** Registers the replica's meters on {@code registry} (the server's {@code /metrics}). */
  public void register(MeterRegistry registry) {
    Gauge.builder("lantern_replica_lag_seconds", this, s -> s.lag().toMillis() / 1e3)
        .description("Seconds since the replica last held every change of the exchange it follows (its staleness bound)")
        .register(registry);
    FunctionCounter.builder("lantern_replica_applied_total", applied, AtomicLong::get)
        .description("Signals changed on this replica by applied feed pages, since it started")
        .register(registry);
    FunctionCounter.builder("lantern_replica_fetched_total", fetched, AtomicLong::get)
        .description("Feed entries received from the exchange, since the replica started")
        .register(registry);
    FunctionCounter.builder("lantern_replica_errors_total", errors, AtomicLong::get)
        .description("Failed feed requests (network errors, 5xx, 429), since the replica started")
        .register(registry);
    Gauge.builder("lantern_replica_last_error_timestamp_seconds", this,
            s -> s.lastErrorAt == null ? 0 : s.lastErrorAt.toEpochMilli() / 1e3)
        .description("When the last feed request failed (0: none); the message is in /health and the log")
        .register(registry);
    Gauge.builder("lantern_replica_caught_up", this, s -> s.caughtUp() ? 1 : 0)
        .description("1 when the lag is within the ok threshold, else 0")
        .register(registry);
  }

  /** The staleness bound now (see the class comment). */
  public Duration lag() {
    Instant base = caughtUpAt == null ? started : caughtUpAt;
    Duration lag = Duration.between(base, clock.instant());
    return lag.isNegative() ? Duration.ZERO : lag;
  }

  /** True when the lag is within the ok threshold. */
  public boolean caughtUp() {
    return caughtUpAt != null && lag().compareTo(okLag) <= 0;
  }

  /** Whether the replica has ever been in step (it may then serve lookups, however stale). */
  public boolean everCaughtUp() {
    return caughtUpAt != null;
  }

  public long applied() {
    return applied.get();
  }

  public long fetched() {
    return fetched.get();
  }

  public String lastError() {
    return lastError;
  }

  void pageApplied(int entries, int changed) {
    fetched.addAndGet(entries);
    applied.addAndGet(changed);
    lastError = null;
  }

  void inStepAsOf(Instant requestStart) {
    caughtUpAt = requestStart;
  }

  void failed(String message) {
    errors.incrementAndGet();
    lastError = message;
    lastErrorAt = clock.instant();
  }

  void stopped(String why) {
    stopped = why;
    failed(why);
  }

  /** Why the follower stopped for good, or {@code null} while it follows. */
  public String stoppedBecause() {
    return stopped;
  }

  @Override
  public boolean serving() {
    return stopped == null && everCaughtUp();
  }

  @Override
  public String status() {
    return stopped != null ? "stopped" : caughtUp() ? "ok" : "catching_up";
  }

  @Override
  public void writeFields(JsonGenerator json) throws IOException {
    json.writeObjectFieldStart("replica");
    json.writeNumberField("lag_seconds", lag().toMillis() / 1e3);
    if (caughtUpAt != null) {
      json.writeStringField("in_step_as_of", caughtUpAt.toString());
    }
    json.writeNumberField("applied", applied.get());
    String error = lastError;
    if (error != null) {
      json.writeStringField("last_error", error);
    }
    json.writeEndObject();
  }
}
