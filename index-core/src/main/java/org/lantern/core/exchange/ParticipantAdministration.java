package org.lantern.core.exchange;

import java.util.List;
import java.util.Set;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;

/**
 * The admin operations on participants and their API keys, each checked for the admin role and
 * audited (a new key's secret never reaches the log, only its id). Reached through {@link
 * Exchange#administration()}; authentication reads {@link Exchange#participants()} instead.
 *
 * <p>Thread-safety: thread-safe ({@link Participants} serializes changes; the audit log serializes
 * its appends).
 */
public final class ParticipantAdministration {
  private final Participants participants;
  private final OperationAudit operations;

  ParticipantAdministration(Participants participants, OperationAudit operations) {
    this.participants = participants;
    this.operations = operations;
  }

  /** Adds a participant (admins only; audited). */
  public Participant add(Caller caller, String id, String displayName, Set<Role> roles) {
    return operations.run(caller, Role.ADMIN, () -> participants.add(id, displayName, roles),
        added -> AuditEvent.of(caller.participant(), "participant_add", List.of(), 1).withDetail(added.id()));
  }

  /** Suspends or reactivates a participant (admins only; audited). */
  public Participant setSuspended(Caller caller, String id, boolean suspended) {
    return operations.run(caller, Role.ADMIN, () -> participants.setSuspended(id, suspended),
        changed -> AuditEvent.of(caller.participant(), suspended ? "participant_suspend" : "participant_reactivate", List.of(), 1)
            .withDetail(id));
  }

  /** Creates an API key for a participant (admins only; audited without the key). */
  public Participants.NewKey createKey(Caller caller, String id) {
    return operations.run(caller, Role.ADMIN, () -> participants.createKey(id),
        key -> AuditEvent.of(caller.participant(), "key_create", List.of(), 1).withDetail(id + " " + key.keyId()));
  }

  /** Revokes an API key (admins only; audited). */
  public boolean revokeKey(Caller caller, String id, String keyId) {
    return operations.run(caller, Role.ADMIN, () -> participants.revokeKey(id, keyId),
        revoked -> AuditEvent.of(caller.participant(), "key_revoke", List.of(), 1).withDetail(id + " " + keyId));
  }

  /** Every participant (admins only). */
  public List<Participant> list(Caller caller) {
    return operations.run(caller, Role.ADMIN, participants::list,
        all -> new AuditEvent(caller.participant(), "participant_list", List.of(), 1, all.size(), List.of(), null));
  }
}
