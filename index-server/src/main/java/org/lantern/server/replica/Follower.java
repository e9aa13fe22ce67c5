package org.lantern.server.replica;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.participant.Caller;

/**
 * Keeps a read-only exchange in step with the exchange it follows: reads the delta feed page by
 * page from the durable cursor, applies each page ({@link Exchange#replicate}), then saves the
 * cursor; when the feed has nothing more it polls every {@code pollInterval}.
 *
 * <p>Memory: one page at a time (at most {@code pageSize} signals), whatever the backlog, so a
 * catch-up over millions of signals costs what one page costs.
 *
 * <p>Failures: a network error, a 5xx or a 429 is retried with exponential backoff and full
 * jitter (from 100 ms up to {@code retryMax}; a Retry-After is honoured), recorded in {@link
 * ReplicaStatus} and the log; the replica keeps serving what it has meanwhile. A 401 or 403 (the
 * key was revoked or its participant suspended) or any other 4xx stops the follower for good, with
 * a message saying why; {@link #awaitStop} then returns it.
 *
 * <p>Thread-safety: {@link #start}, {@link #stop} and {@link #awaitStop} may be called from any
 * thread; the follower's own thread does the work.
 */
public final class Follower {
  private static final long FIRST_RETRY_MILLIS = 100;

  private final Options options;
  private final FeedClient client;
  private final Exchange exchange;
  private final ReplicaState state;
  private final ReplicaStatus status;
  private final Consumer<String> log;
  private final Clock clock;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch stopSignal = new CountDownLatch(1); // wakes the waits; never an interrupt
  private volatile boolean stopping;
  private volatile Thread thread;

  /**
   * How to follow.
   *
   * @param follow the exchange's base URL
   * @param key the API key of the participant the replica follows as
   * @param pollInterval wait between feed requests once caught up
   * @param pageSize feed entries per request (1..10000)
   * @param retryMax longest wait between retries after failures
   * @param statusEvery how often a status line is logged while not caught up
   */
  public record Options(URI follow, String key, Duration pollInterval, int pageSize, Duration retryMax, Duration statusEvery) {
    public Options {
      if (pageSize < 1 || pageSize > 10_000) {
        throw new IllegalArgumentException("--page-size must be in 1..10000, got " + pageSize);
      }
      if (pollInterval.isNegative() || retryMax.toMillis() < FIRST_RETRY_MILLIS) {
        throw new IllegalArgumentException("the poll interval must be >= 0 and the longest retry wait >= 100 ms");
      }
    }
  }

  /**
   * @param state the replica's durable state (its cursor), opened on its data directory
   * @param log where status lines go (one line each)
   */
  public Follower(Options options, Exchange exchange, ReplicaState state, ReplicaStatus status, Consumer<String> log, Clock clock) {
    this.options = options;
    this.client = new FeedClient(options.follow(), options.key(), Duration.ofSeconds(30));
    this.exchange = exchange;
    this.state = state;
    this.status = status;
    this.log = log;
    this.clock = clock;
  }

  /** The cursor the follower resumes from ({@code null}: the exchange's beginning). */
  public String resumeCursor() {
    return state.cursor();
  }

  /** Starts following on a new thread. */
  public void start() {
    Thread t = Thread.ofPlatform().name("lantern-replica-follower").daemon().unstarted(this::run);
    thread = t;
    t.start();
  }

  /**
   * Stops after the page in hand (a page being applied is finished), waiting up to 5 s. The
   * follower is never interrupted: an interrupt during file I/O closes the channel under the
   * exchange (NIO's rule). A feed request still in flight after 5 s is left to time out; the
   * exchange closed meanwhile refuses its page.
   */
  public void stop() {
    stopping = true;
    stopSignal.countDown();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits {@code millis} unless stopped; true if stopped. */
  private boolean pause(long millis) throws InterruptedException {
    return stopSignal.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits until the follower stops; returns why it stopped on its own, or {@code null} after {@link #stop}. */
  public String awaitStop() throws InterruptedException {
    done.await();
    return status.stoppedBecause();
  }

  private void run() {
    Caller operator = Caller.localOperator();
    long retryMillis = FIRST_RETRY_MILLIS;
    long nextStatusLine = System.nanoTime() + options.statusEvery().toNanos();
    long appliedAtLastLine = 0;
    try {
      while (!stopping) {
        if (System.nanoTime() - nextStatusLine >= 0) {
          long applied = status.applied();
          if (!status.caughtUp()) {
            log.accept(statusLine(applied - appliedAtLastLine));
          }
          appliedAtLastLine = applied;
          nextStatusLine = System.nanoTime() + options.statusEvery().toNanos();
        }
        Instant requestStart = clock.instant();
        FeedBatch page;
        try {
          page = client.fetch(state.cursor(), options.pageSize());
        } catch (FeedException e) {
          if (!e.retryable()) {
            String why = "the exchange at " + options.follow() + " refused the feed (" + e.getMessage() + ")"
                + (e.status() == 401 || e.status() == 403
                    ? ": the key was revoked or its participant suspended, or it is not the key of a participant there;"
                        + " the replica stops (its data stays; start it again with a valid --key-file)"
                    : ": the replica stops");
            status.stopped(why);
            log.accept(why);
            return;
          }
          retryMillis = backOff(e.getMessage(), Math.max(retryMillis, e.retryAfterMillis()));
          continue;
        } catch (IOException e) {
          retryMillis = backOff(describe(e), retryMillis);
          continue;
        }
        if (stopping) {
          return;
        }
        int changed = page.entries().isEmpty() ? 0 : exchange.replicate(operator, page.entries());
        Instant inStep = page.more() ? null : requestStart;
        state.save(page.nextCursor(), inStep, false);
        status.pageApplied(page.entries().size(), changed);
        if (inStep != null) {
          status.inStepAsOf(inStep);
        }
        retryMillis = FIRST_RETRY_MILLIS;
        if (!page.more() && !options.pollInterval().isZero()) {
          pause(options.pollInterval().toMillis());
        }
      }
    } catch (InterruptedException e) {
      // stop() asked for it
    } catch (IOException | RuntimeException e) {
      if (!stopping) {
        String why = "the replica stopped following after an unexpected failure: " + describe(e);
        status.stopped(why);
        log.accept(why);
      }
    } finally {
      done.countDown();
    }
  }

  /** Records a failure, sleeps a jittered backoff; returns the next backoff's cap. */
  private long backOff(String message, long capMillis) throws InterruptedException {
    String line = "feed request to " + options.follow() + " failed: " + message;
    boolean first = status.lastError() == null;
    status.failed(message);
    if (first) {
      log.accept(line + "; retrying with backoff, serving what is here meanwhile");
    }
    long cap = Math.min(capMillis, options.retryMax().toMillis());
    // Full jitter: replicas restarted together (an exchange back from an outage) spread out.
    pause(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    return Math.min(cap * 2, options.retryMax().toMillis());
  }

  private String statusLine(long appliedSinceLast) {
    String error = status.lastError();
    return String.format(Locale.ROOT, "replica of %s: %s, lag %.1f s, %d signals applied in the last %d s%s",
        options.follow(), status.everCaughtUp() ? "behind" : "catching up", status.lag().toMillis() / 1e3,
        appliedSinceLast, options.statusEvery().toSeconds(), error == null ? "" : ", last error: " + error);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
