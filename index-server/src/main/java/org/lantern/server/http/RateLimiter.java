package org.lantern.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per participant, in work units (see {@link WorkLimits}): {@code burst} units at
 * once, then {@code perSecond} sustained. A request takes one unit to be admitted; its work is
 * charged once known ({@link #charge}). Buckets refill lazily when touched, so an idle participant costs nothing but its
 * map entry (one per participant: a small, vetted set).
 *
 * <p>Thread-safety: thread-safe; each bucket is locked only for its few arithmetic steps.
 */
final class RateLimiter {
  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /**
   * Charges {@code units} of work already admitted to {@code key}'s bucket, which may go below
   * zero (down to minus the burst): the key's next requests then wait until it refills.
   */
  void charge(String key, long units) {
    if (units <= 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.max(-burst, Math.min(burst, b.tokens + (now - b.last) * perNano) - units);
      b.last = now;
    }
  }

  /**
   * Takes one token for {@code key}.
   *
   * @return 0 if the request may go on; otherwise the whole seconds to wait (at least 1)
   */
  long acquire(String key) {
    long now = nanoTime.getAsLong();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) * perNano);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - b.tokens) / perNano;
      return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
  }
}
