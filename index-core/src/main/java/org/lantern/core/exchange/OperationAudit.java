package org.lantern.core.exchange;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;

/**
 * The wrapper every caller-facing operation runs in: authorize the caller ({@link AccessPolicy}),
 * run the operation, then append the event that describes what it did to the audit log. The
 * operations themselves never write audit entries or check roles, so no operation can forget
 * either.
 *
 * <p>The event is built from the operation's result, after it ran: the audit log records what
 * happened (ids returned or written), and an operation that failed wrote nothing to record. A
 * lookup that refuses its query ({@link #lookup}) records the refusal with its reason code.
 *
 * <p>Thread-safety: thread-safe (the audit log serializes appends).
 */
final class OperationAudit {
  private final AccessPolicy policy;
  private final AuditLog audit;

  OperationAudit(AccessPolicy policy, AuditLog audit) {
    this.policy = policy;
    this.audit = audit;
  }

  /**
   * Runs an operation for {@code caller}, who needs {@code role} ({@code null}: any active
   * participant), and records {@code event.apply(result)} unless that is {@code null}.
   */
  <T> T run(Caller caller, Role role, Supplier<T> operation, Function<? super T, AuditEvent> event) {
    authorize(caller, role);
    T result = operation.get();
    record(event.apply(result));
    return result;
  }

  /** As {@link #run} for an operation that records nothing (reads of the caller's own data). */
  <T> T unrecorded(Caller caller, Role role, Supplier<T> operation) {
    authorize(caller, role);
    return operation.get();
  }

  /**
   * As {@link #run} for a lookup by any active participant: a query the lookup refuses ({@link
   * SignalRejectedException}) is recorded too, as operation {@code operation} with the reason code.
   */
  <T> T lookup(Caller caller, String operation, SignalType type, Supplier<T> lookup, Function<? super T, AuditEvent> event) {
    authorize(caller, null);
    T result;
    try {
      result = lookup.get();
    } catch (SignalRejectedException e) {
      record(AuditEvent.of(caller.participant(), operation, List.of(type.label()), 1).withDetail("rejected: " + e.code()));
      throw e;
    } catch (ReadOnlyExchangeException e) {
      record(AuditEvent.of(caller.participant(), operation, List.of(type.label()), 1).withDetail("refused: read-only replica"));
      throw e;
    }
    record(event.apply(result));
    return result;
  }

  /**
   * {@link AccessPolicy#authorize}, recording a denial: every door's denied attempt is in the audit
   * log (the command line's too), with the role that was missing, never the request's values. The
   * exception is marked as recorded, so that a door does not record the same attempt again.
   */
  void authorize(Caller caller, Role role) {
    try {
      policy.authorize(caller, role);
    } catch (AccessDeniedException denied) {
      record(AuditEvent.of(caller.participant(), "denied", List.of(), 1)
          .withDetail("403 forbidden: " + (role == null ? "no read access" : "needs " + role.label())));
      throw denied.markRecorded();
    }
  }

  /** Records what the exchange did on its own (expiry). */
  void system(AuditEvent event) {
    record(event);
  }

  /** Appends to the audit log; the operation has happened, so a failing log must not hide it. */
  private void record(AuditEvent event) {
    if (event != null) {
      audit.append(event);
    }
  }
}
