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
 * FetchHashes}); and the audit record of operations a door performs without reading the
 * exchange.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ModifiedFeed implements AutoCloseable {
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

  /** See {@link Exchange#modifiedSince}. */
  ModifiedPage modifiedSince(Caller caller, long fromMillis, ModifiedPage.Position after, int limit, Predicate<Signal> include) {
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

  /** See {@link Exchange#activeSignals}. */
  long activeSignals(Caller caller, SignalType type) {
    return operations.run(caller, null,
        () -> {
          ModificationOrder o = order();
          o.catchUp();
          return o.activeCount(caller, type);
        },
        count -> AuditEvent.of(caller.participant(), "count_signals", List.of(type.label()), 1));
  }

  /** See {@link Exchange#recordOperation}. */
  void recordOperation(Caller caller, String operation, String detail) {
    operations.run(caller, null, () -> Boolean.TRUE,
        done -> AuditEvent.of(caller.participant(), operation, List.of(), 1).withDetail(detail));
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

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (order != null) {
        order.close();
      }
    }
  }
}
