package org.lantern.core.exchange;

import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.VerifyReport;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.StoredSignal;

/**
 * What lets others check the exchange: transparency figures, the audit chain's verification,
 * anchor and export, the audit records of what a door did without reading the exchange (refusals,
 * figures from its own counters, operations such as hashing an upload), and a signal's provenance
 * (where it came from and what it led to), each as far as the caller may see. Reached through
 * {@link Exchange#oversight()}; provenance is a member's lookup, served by {@link
 * Exchange#provenance}.
 *
 * <p>Thread-safety: thread-safe; reads the exchange's records and appends to the audit log only
 * (the log serializes appends).
 */
public final class Oversight {
  private final ExchangeDirectory dir;
  private final AccessPolicy policy;
  private final OperationAudit operations;
  private final ProvenanceGraph provenance;

  Oversight(ExchangeDirectory dir, AccessPolicy policy, OperationAudit operations, ProvenanceGraph provenance) {
    this.dir = dir;
    this.policy = policy;
    this.operations = operations;
    this.provenance = provenance;
  }

  /** Transparency figures for {@code [from, to)}, as far as the caller may see. Reads the whole store. */
  public ExchangeStats stats(Caller caller, Instant from, Instant to) {
    // An auditor reads the figures (its one read besides the audit log); others as readers.
    Role role = caller != null && caller.has(Role.AUDITOR) ? Role.AUDITOR : null;
    return operations.run(caller, role,
        () -> {
          if (from == null || to == null || !from.isBefore(to)) {
            throw new SignalRejectedException("invalid_period", "from", "the period needs from < to, got " + from + " .. " + to);
          }
          return TransparencyStats.collect(dir.store, dir.opinions, dir.audit.directory(), from, to,
              s -> AccessPolicy.overseer(caller) || AccessPolicy.visible(caller, s),
              participant -> AccessPolicy.seesParticipant(caller, participant));
        },
        stats -> AuditEvent.of(caller.participant(), "stats", List.of(), 1));
  }

  /** Checks the whole audit chain (admins and auditors); the check itself is recorded. */
  public VerifyReport verifyAudit(Caller caller) {
    return operations.run(caller, AccessPolicy.auditRole(caller), () -> AuditLog.verify(dir.audit.directory()),
        report -> AuditEvent.of(caller.participant(), "audit_verify", List.of(), 1).withDetail(report.intact() ? "intact" : "broken"));
  }

  /**
   * The audit log's newest entry as an anchor (admins and auditors). The request is recorded
   * first, so the head returned is that very entry (or a later one). An auditor keeps it and later
   * runs {@code lantern audit verify --expect SEQ:HASH}.
   */
  public AuditHead auditHead(Caller caller) {
    operations.run(caller, AccessPolicy.auditRole(caller), () -> Boolean.TRUE,
        ok -> AuditEvent.of(caller.participant(), "audit_head", List.of(), 1));
    return dir.audit.head();
  }

  /**
   * Records a read of the exchange's figures ({@code metrics}, {@code status}) that a door answers
   * from its own counters (admins and auditors).
   */
  public void recordRead(Caller caller, String operation) {
    operations.run(caller, AccessPolicy.auditRole(caller), () -> Boolean.TRUE,
        ok -> AuditEvent.of(caller.participant(), operation, List.of(), 1));
  }

  /** Writes the audit entries since {@code since} as JSON lines (admins and auditors); returns how many. */
  public long exportAudit(Caller caller, Instant since, Writer out) {
    return operations.run(caller, AccessPolicy.auditRole(caller), () -> AuditLog.export(dir.audit.directory(), since, out),
        n -> AuditEvent.of(caller.participant(), "audit_export", List.of(), 1).withDetail(n + " entries since " + since));
  }

  /**
   * Records an operation a door performed for {@code caller} without reading the exchange
   * (hashing an upload, comparing two hashes), so that every authenticated attempt is in the audit
   * log. {@code detail} must hold no looked-up value.
   */
  public void recordOperation(Caller caller, String operation, String detail) {
    operations.run(caller, null, () -> Boolean.TRUE,
        done -> AuditEvent.of(caller.participant(), operation, List.of(), 1).withDetail(detail));
  }

  /**
   * Records an authenticated attempt that a door refused or that failed, with its outcome: {@code
   * door} names the route or command ({@code "POST /v1/signals"}), {@code status} and {@code code}
   * the answer. Never pass the request's values: the audit log holds no queried value and no
   * account identifier.
   */
  public void recordRefusal(Caller caller, String door, int status, String code) {
    Objects.requireNonNull(caller, "caller");
    String detail = door + " -> " + status + " " + code;
    dir.audit.append(AuditEvent.of(caller.participant(), "refused", List.of(), 1)
        .withDetail(detail.length() > AuditEvent.MAX_DETAIL ? detail.substring(0, AuditEvent.MAX_DETAIL) : detail));
  }

  /** Where a signal came from and what it led to, as far as the caller may see. */
  Provenance provenance(Caller caller, String id) {
    return operations.run(caller, null,
        () -> {
          Signal root = policy.require(caller, id).signal();
          List<Signal> ancestors = new ArrayList<>();
          List<Signal> descendants = new ArrayList<>();
          Function<String, Signal> lookup = x -> {
            StoredSignal stored = dir.store.get(x);
            return stored == null ? null : stored.signal();
          };
          // The walks count the hidden steps too; those counts are never shown (they would tell of them).
          provenance.walk(root, true, lookup, s -> AccessPolicy.visible(caller, s), ancestors);
          provenance.walk(root, false, lookup, s -> AccessPolicy.visible(caller, s), descendants);
          return new Provenance(policy.view(caller, root), policy.views(caller, ancestors), policy.views(caller, descendants));
        },
        p -> {
          List<String> shown = new ArrayList<>();
          p.ancestors().forEach(a -> shown.add(a.id()));
          p.descendants().forEach(d -> shown.add(d.id()));
          return new AuditEvent(caller.participant(), "provenance", List.of(p.signal().type().label()), 1, shown.size(), shown, null);
        });
  }
}
