package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.ParticipantName;

/**
 * What a member's own tools (the investigator page) read about itself and the exchange: its own
 * participant record, whom it may share with, the categories the exchange accepts, and the signals
 * it may see, listed newest change first ({@link SignalListing}). Reached through {@link
 * Exchange#members()}. Each read is authorized and audited through {@link OperationAudit}.
 *
 * <p>Thread-safety: thread-safe (reads only; the listing reads the log and store as the feed does).
 */
public final class MemberViews {
  private final ExchangeDirectory dir;
  private final OperationAudit operations;
  private final Set<String> categories;

  MemberViews(ExchangeDirectory dir, OperationAudit operations) {
    this.dir = dir;
    this.operations = operations;
    this.categories = java.util.Collections.unmodifiableSet(new Categories(dir.config.extraCategories()).allowed()); // sorted
  }

  /** The caller's own participant record (audited as {@code me}). */
  public Participant self(Caller caller) {
    return operations.run(caller, null,
        () -> dir.participants.get(caller.participant())
            .orElseThrow(() -> new AccessDeniedException("participant '" + caller.participant() + "' is unknown")),
        me -> AuditEvent.of(caller.participant(), "me", List.of(), 1));
  }

  /** The categories this exchange accepts on signals, sorted. */
  public Set<String> categories() {
    return categories;
  }

  /**
   * Ids and display names of the active participants, sorted by id: whom a signal may be shared
   * with. Any active participant may read it (a member must be able to name recipients without
   * typing an id blind); suspended participants, roles and keys are left out.
   */
  public List<ParticipantName> participantNames(Caller caller) {
    return operations.run(caller, null,
        () -> {
          List<ParticipantName> out = new ArrayList<>();
          for (Participant p : dir.participants.list()) {
            if (!p.suspended()) {
              out.add(new ParticipantName(p.id(), p.displayName()));
            }
          }
          out.sort(Comparator.comparing(ParticipantName::id));
          return out;
        },
        names -> AuditEvent.of(caller.participant(), "participant_names", List.of(), 1));
  }

  /**
   * The signals the caller may see that pass {@code filter}, newest change first, at most {@code
   * limit} below {@code cursor} (0: from the newest); each page examines a bounded number of
   * changes, so a page may be short with {@link SignalPage#more()} set.
   */
  public SignalPage listSignals(Caller caller, SignalFilter filter, long cursor, int limit) {
    return operations.run(caller, null,
        () -> {
          if (limit < 1 || limit > Exchange.MAX_LIMIT) {
            throw new org.lantern.core.signal.SignalRejectedException(
                "invalid_limit", "limit", "limit must be in 1.." + Exchange.MAX_LIMIT + ", got " + limit);
          }
          if (cursor < 0) {
            throw new org.lantern.core.signal.SignalRejectedException("invalid_cursor", "cursor", "cursor must be >= 0, got " + cursor);
          }
          return SignalListing.page(dir.log, dir.store, s -> AccessPolicy.visible(caller, s), filter, cursor, limit,
              Math.max(10_000L, limit * 10L));
        },
        page -> new AuditEvent(caller.participant(), "list_signals", List.of(), 1, page.signals().size(), List.of(),
            "cursor " + cursor + " to " + page.nextCursor()));
  }
}
