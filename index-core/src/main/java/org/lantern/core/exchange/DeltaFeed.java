package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.StoredSignal;

/**
 * The delta feed: the change log read as pages of signals, as one caller may see them. Each
 * signal appears at its latest change only (an entry whose record carries a later sequence is
 * skipped: the signal comes again at that later place); retracted and expired signals come as
 * deletions. A replica that applies every page from 0 holds the caller's visible state. A signal
 * whose visibility is narrowed so that it hides from a caller that could see it before comes to
 * that caller as a {@linkplain FeedPage.Entry#revoked() revoked} deletion carrying only what it saw
 * (see {@link VisibilityHistory}), and to nobody else: that would tell them it exists. Reached
 * through {@link Exchange#deltaFeed()}; every page read is audited.
 *
 * <p>Thread-safety: thread-safe; reads the log and the store without the write lock.
 */
public final class DeltaFeed {
  /** Most entries one page may ask for. */
  static final int MAX_PAGE = 10_000;

  private final ExchangeDirectory dir;
  private final OperationAudit operations;
  private final FeedCursor cursors;

  DeltaFeed(ExchangeDirectory dir, OperationAudit operations) {
    this.dir = dir;
    this.operations = operations;
    this.cursors = new FeedCursor(dir.secret);
  }

  /**
   * The delta feed after the opaque {@code cursor} a participant holds ({@link FeedCursor}; {@code
   * null} or empty: from the start). Give the participant {@link #cursor} of the page, never
   * {@link FeedPage#nextCursor()}.
   *
   * @throws SignalRejectedException {@code invalid_cursor} for one not issued to this caller here
   */
  public FeedPage updates(Caller caller, String cursor, int limit) {
    operations.authorize(caller, null); // an auditor's or suspended caller's cursor is not even read
    return updates(caller, cursors.decode(caller.participant(), cursor), limit);
  }

  /** The opaque cursor, for {@code caller}, of the position after {@code page}. */
  public String cursor(Caller caller, FeedPage page) {
    return cursors.encode(caller.participant(), page.nextCursor());
  }

  /** What a caller that lost sight of {@code s} is told of it: only what it saw before. */
  private static Signal revoked(Signal s, Caller caller) {
    return new Signal(s.id(), s.type(), s.value(), s.contributor(), List.of(), "", s.created(), s.updated(), null,
        SignalStatus.RETRACTED, List.of(), List.of(caller.participant()), s.sequence());
  }

  /**
   * The delta feed: at most {@code limit} (1..10000) changes after {@code cursor} (0:
   * from the start) the caller may see, and {@linkplain FeedPage.Entry#revoked() revoked} deletions
   * of signals it saw and may no longer see.
   */
  public FeedPage updates(Caller caller, long cursor, int limit) {
    long[] from = {cursor};
    return operations.run(caller, null,
        () -> {
          if (cursor < 0) {
            throw new SignalRejectedException("invalid_cursor", "cursor", "cursor must be >= 0, got " + cursor);
          }
          if (limit < 1 || limit > MAX_PAGE) {
            throw new SignalRejectedException("invalid_limit", "limit", "limit must be in 1.." + MAX_PAGE + ", got " + limit);
          }
          long head = dir.log.size();
          long maxScan = Math.max(10_000L, limit * 10L); // bound the work spent on changes the caller may not see
          List<FeedPage.Entry> entries = new ArrayList<>(Math.min(limit, 1024));
          long seq = Math.min(cursor, head);
          from[0] = seq;
          while (seq < head && entries.size() < limit && maxScan-- > 0) {
            seq++;
            StoredSignal stored = dir.store.get(dir.log.idAt(seq));
            if (stored == null || stored.signal().sequence() != seq) {
              continue; // not written, or superseded by a later change
            }
            Signal signal = stored.signal();
            if (!AccessPolicy.visible(caller, signal)) {
              if (dir.visibilityHistory.lostSight(signal.id(), caller.participant())) {
                entries.add(new FeedPage.Entry(seq, revoked(signal, caller), true, true));
              }
              continue; // not the caller's to see (and never was: nothing to tell)
            }
            entries.add(new FeedPage.Entry(seq, AccessPolicy.view(dir, caller, signal), !signal.isActive()));
          }
          // A full page says "more" whether or not anything visible follows: saying it only when
          // something follows would tell the caller that hidden changes came after its last entry.
          return new FeedPage(entries, seq, entries.size() == limit || seq < head);
        },
        page -> new AuditEvent(caller.participant(), "feed", List.of(), 1, page.entries().size(), List.of(),
            "cursor " + from[0] + " to " + page.nextCursor()));
  }
}
