package org.lantern.core.exchange;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The exchange's background thread: the expiry sweep and the periodic commit of the text index,
 * each at its configured interval (none if both are zero).
 *
 * <p>Thread-safety: thread-safe; {@link #stop} waits for a running task to finish.
 */
final class Maintenance {
  private final ScheduledExecutorService service;

  Maintenance(ExchangeConfig config, ExchangeDirectory dir, Contributions contributions) {
    long sweep = config.expirySweepInterval().toMillis();
    long commit = config.commitInterval().toMillis();
    if (sweep <= 0 && commit <= 0) {
      service = null;
      return;
    }
    service =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lantern-exchange-maintenance");
              t.setDaemon(true);
              return t;
            });
    if (sweep > 0) {
      service.scheduleWithFixedDelay(() -> quietly(() -> {
        if (!dir.isClosed()) {
          contributions.expireDue();
        }
      }), sweep, sweep, TimeUnit.MILLISECONDS);
    }
    if (commit > 0) {
      // a failure here loses nothing (the change log is replayed): retried at the next tick
      service.scheduleWithFixedDelay(() -> quietly(dir::commitText), commit, commit, TimeUnit.MILLISECONDS);
    }
  }

  private static void quietly(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // retried at the next tick
    }
  }

  /** Stops the thread, letting a running task finish. */
  void stop() {
    if (service != null) {
      // shutdown, not shutdownNow: an interrupt during a Lucene commit closes its NIO channels
      // (and with them the index's write lock); the running task is let finish instead.
      service.shutdown();
      try {
        service.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
