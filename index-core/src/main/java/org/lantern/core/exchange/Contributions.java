package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;

/**
 * The caller-facing writes: submit (prepared outside the lock by {@link SubmissionPreparer},
 * written by {@link SignalWriter}), retract by id or by value, apply a replica's feed, and the
 * expiry sweep. Each is authorized and recorded through {@link OperationAudit}; this class says
 * which role each needs and what its audit entry holds.
 *
 * <p>Thread-safety: thread-safe.
 */
final class Contributions {
  private final ExchangeDirectory dir;
  private final AccessPolicy policy;
  private final OperationAudit operations;
  private final SubmissionPreparer preparer;
  private final SignalWriter writer;

  Contributions(ExchangeDirectory dir, AccessPolicy policy, OperationAudit operations, SubmissionPreparer preparer, SignalWriter writer) {
    this.dir = dir;
    this.policy = policy;
    this.operations = operations;
    this.preparer = preparer;
    this.writer = writer;
  }

  PreparedBatch prepare(Caller caller, List<SignalSubmission> batch) {
    return operations.unrecorded(caller, Role.CONTRIBUTOR, () -> {
      Objects.requireNonNull(batch, "batch");
      List<SignalSubmission> copy = Collections.unmodifiableList(new ArrayList<>(batch));
      return new PreparedBatch(caller, copy, preparer.prepareAll(caller, copy, dir.now()));
    });
  }

  List<SubmitResult> submit(PreparedBatch batch) {
    Caller caller = batch.caller;
    return operations.run(caller, Role.CONTRIBUTOR, () -> writer.submit(batch), written -> submitEvent(caller, batch, written))
        .value();
  }

  private static AuditEvent submitEvent(Caller caller, PreparedBatch batch, SignalWriter.Changes<List<SubmitResult>> written) {
    List<SubmitResult> results = written.value();
    List<String> ids = new ArrayList<>();
    int[] outcomes = new int[SubmitResult.Outcome.values().length];
    TreeSet<String> types = new TreeSet<>();
    for (int i = 0; i < results.size(); i++) {
      SubmitResult r = results.get(i);
      outcomes[r.outcome().ordinal()]++;
      types.add(SubmissionPreparer.typeLabel(batch.submissions.get(i)));
      if (r.outcome() == SubmitResult.Outcome.CREATED || r.outcome() == SubmitResult.Outcome.UPDATED) {
        ids.add(r.id());
      }
    }
    return new AuditEvent(caller.participant(), "submit", List.copyOf(types), results.size(), 0, ids,
        "created " + outcomes[0] + ", updated " + outcomes[1] + ", unchanged " + outcomes[2] + ", rejected " + outcomes[3]
            + withRange(written.firstChange(), written.lastChange()));
  }

  /** {@code ", changes A-B"} for a write's audit detail, or nothing when it changed nothing. */
  private static String withRange(long first, long last) {
    return last < first ? "" : ", " + AuditRecovery.range(first, last);
  }

  Signal retract(Caller caller, String id) {
    Signal retracted = operations.run(caller, Role.CONTRIBUTOR, () -> writer.retract(caller, policy, id),
        r -> r.changed()
            ? new AuditEvent(caller.participant(), "retract", List.of(r.signal().type().label()), 1, 0, List.of(id),
                AuditRecovery.range(r.signal().sequence(), r.signal().sequence()))
            : null)
        .signal();
    return policy.view(caller, retracted);
  }

  List<SubmitResult> retractValues(Caller caller, List<SignalSubmission> batch) {
    return operations.run(caller, Role.CONTRIBUTOR, () -> writer.retractValues(caller, batch),
        r -> new AuditEvent(caller.participant(), "retract", r.types(), batch.size(), 0, r.retracted(),
            "retracted " + r.retracted().size() + " of " + batch.size() + " by value"
                + withRange(r.firstChange(), r.lastChange()))).results();
  }

  int replicate(Caller caller, List<FeedPage.Entry> entries) {
    return operations.run(caller, Role.ADMIN, () -> writer.replicate(entries),
        changed -> new AuditEvent(caller.participant(), "replicate", List.of(), entries.size(), 0, changed.value(),
            changed.lastChange() < changed.firstChange() ? null : AuditRecovery.range(changed.firstChange(), changed.lastChange())))
        .value().size();
  }

  int expireDue() {
    SignalWriter.Changes<List<String>> expired = writer.expireDue();
    List<String> changed = expired.value();
    if (!changed.isEmpty()) {
      operations.system(new AuditEvent(AuditLog.SYSTEM_PARTICIPANT, "expire", List.of(), changed.size(), 0, changed,
          AuditRecovery.range(expired.firstChange(), expired.lastChange())));
    }
    return changed.size();
  }
}
