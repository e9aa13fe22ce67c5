package org.lantern.core.exchange;

import java.util.List;
import java.util.function.Predicate;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;

/**
 * The exchange read by modification time, as one caller may see it ({@link ModificationOrder},
 * built on first use), for feeds whose clients checkpoint a time (StopNCII's {@code
 * FetchHashes}). Reached through {@link Exchange#modifiedFeed()}; every read is audited.
 *
 * <p>Thread-safety: thread-safe (the order is built once under a lock; {@link ModificationOrder}
 * serializes its catch-up and shares reads).
 */
public final class ModifiedFeed {
  /** Most signals one page may ask for. */
  static final int MAX_PAGE = 10_000;

  private final ExchangeDirectory dir;
  private final OperationAudit operations;
  private final Object lock = new Object();
  private volatile ModificationOrder order; // built on first use: it reads every signal
  private boolean closed; // guarded by lock

  ModifiedFeed(ExchangeDirectory dir, OperationAudit operations) {
    this.dir = dir;
    this.operations = operations;
  }

  /**
   * The signals the caller may see, ordered by modification time (then id): those modified at or
   * after {@code fromMillis} and after {@code after} (null: from the start), that {@code include}
   * accepts, at most {@code limit} (1..10000); retracted and expired ones included (a
   * client deletes them). Times never go back, so restarting from any time on a page skips nothing;
   * the work is bounded by {@code 4 * limit} signals examined, all the caller's to see. See {@link
   * ModificationOrder}.
   */
  public ModifiedPage modifiedSince(Caller caller, long fromMillis, ModifiedPage.Position after, int limit, Predicate<Signal> include) {
    return operations.run(caller, null,
        () -> {
          if (limit < 1 || limit > MAX_PAGE) {
            throw new SignalRejectedException("invalid_limit", "limit", "limit must be in 1.." + MAX_PAGE + ", got " + limit);
          }
          ModificationOrder o = order();
          o.catchUp();
          return o.read(caller, fromMillis, after, limit, limit * 4, include,
              id -> dir.opinions.summary(id, caller.participant()), s -> SameValue.active(dir.indexes, dir.store, s));
        },
        page -> new AuditEvent(caller.participant(), "feed_by_time", List.of(), 1, page.changes().size(), List.of(),
            "from " + java.time.Instant.ofEpochMilli(fromMillis) + (after == null ? "" : " after a page token")));
  }

  /** Active signals of {@code type} the caller may see (a count over its view only; audited). */
  public long activeSignals(Caller caller, SignalType type) {
    return operations.run(caller, null,
        () -> {
          ModificationOrder o = order();
          o.catchUp();
          return o.activeCount(caller, type);
        },
        count -> AuditEvent.of(caller.participant(), "count_signals", List.of(type.label()), 1));
  }

  private ModificationOrder order() {
    ModificationOrder o = order;
    if (o == null) {
      synchronized (lock) {
        if (closed) {
          throw new IllegalStateException("the exchange in " + dir.dataDir + " is closed");
        }
        o = order;
        if (o == null) {
          o = ModificationOrder.open(dir.dataDir, dir.log, dir.store);
          order = o;
        }
      }
    }
    return o;
  }

  /** Closes the order if it was built; package-private: only the exchange closes its feed. */
  void close() {
    synchronized (lock) {
      closed = true;
      if (order != null) {
        order.close();
      }
    }
  }
}
