package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Feedback;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.StoredSignal;

/**
 * Participants' opinions on signals: giving one (one per participant and signal; a new one
 * replaces the old), reading a signal's summary, and a contributor's view of what others said
 * about its signals. Reached through {@link Exchange#feedback()}; every call is audited.
 *
 * <p>Thread-safety: thread-safe; an opinion is written under the writer's lock, so it never races
 * a close.
 */
public final class FeedbackLedger {
  private final ExchangeDirectory dir;
  private final AccessPolicy policy;
  private final OperationAudit operations;
  private final SubmissionPreparer preparer;
  private final SignalWriter writer;

  FeedbackLedger(ExchangeDirectory dir, AccessPolicy policy, OperationAudit operations, SubmissionPreparer preparer, SignalWriter writer) {
    this.dir = dir;
    this.policy = policy;
    this.operations = operations;
    this.preparer = preparer;
    this.writer = writer;
  }

  /** Records the caller's opinion on a signal it may see; returns the signal's feedback now. */
  public Opinions setOpinion(Caller caller, String id, Opinion opinion, String note) {
    StoredSignal[] target = new StoredSignal[1];
    return operations.run(caller, null,
        () -> {
          dir.refuseIfReadOnly("opinions are given");
          Objects.requireNonNull(opinion, "opinion");
          String text = preparer.checkedNote(note);
          return writer.locked(() -> {
            StoredSignal stored = policy.require(caller, id);
            target[0] = stored;
            dir.opinions.put(new Feedback(stored.signal().id(), caller.participant(), opinion, text, dir.now()));
            return dir.opinions.summary(stored.signal().id(), caller.participant());
          });
        },
        summary -> new AuditEvent(caller.participant(), "opinion", List.of(target[0].signal().type().label()), 1, 0,
            List.of(target[0].signal().id()), opinion.label()));
  }

  /** The feedback on one signal the caller may see, with its own opinion. */
  public Opinions opinions(Caller caller, String id) {
    Signal[] target = new Signal[1];
    return operations.run(caller, null,
        () -> {
          target[0] = policy.require(caller, id).signal();
          return dir.opinions.summary(target[0].id(), caller.participant());
        },
        summary -> new AuditEvent(caller.participant(), "opinions", List.of(target[0].type().label()), 1, 1,
            List.of(target[0].id()), null));
  }

  /**
   * The opinions others gave on the caller's own signals (all, for admins), newest first, at most
   * {@code limit}.
   */
  public List<Feedback> received(Caller caller, int limit) {
    return operations.run(caller, null,
        () -> {
          SignalLookup.checkLimit(limit);
          List<Feedback> out = new ArrayList<>();
          dir.opinions.forEach(
              list -> {
                if (list.isEmpty()) {
                  return;
                }
                StoredSignal stored = dir.store.get(list.get(0).signalId());
                if (stored != null && AccessPolicy.seesParticipant(caller, stored.signal().contributor())) {
                  out.addAll(list);
                }
              });
          out.sort(Comparator.comparing(Feedback::time).reversed().thenComparing(Feedback::signalId));
          return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        },
        shown -> new AuditEvent(caller.participant(), "feedback", List.of(), 1, shown.size(), List.of(), null));
  }
}
