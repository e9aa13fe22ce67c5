package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.StoredSignal;

/**
 * Who may do what and see which signal: the one place where the exchange decides access. Every
 * operation passes {@link #authorize} (through {@link OperationAudit}); every signal shown to a
 * caller passes {@link #visible}; a signal the caller may not see is reported exactly as one that
 * does not exist ({@link #notFound}), so answers never tell them apart.
 *
 * <p>Thread-safety: thread-safe (reads the participants, which are thread-safe).
 */
final class AccessPolicy {
  private final ExchangeDirectory dir;

  AccessPolicy(ExchangeDirectory dir) {
    this.dir = dir;
  }

  /**
   * Checks that the exchange is open and the caller is (still) an active participant holding
   * {@code role} (admins hold every role); {@code null} asks only for an active participant.
   *
   * @throws AccessDeniedException if not
   */
  void authorize(Caller caller, Role role) {
    dir.checkOpen();
    Objects.requireNonNull(caller, "caller");
    if (!dir.participants.isActive(caller.participant())) {
      throw new AccessDeniedException("participant '" + caller.participant() + "' is suspended or unknown");
    }
    if (role == Role.CONTRIBUTOR) {
      dir.refuseIfReadOnly("signals are written");
    }
    if (role == null && caller.isAuditorOnly()) {
      throw new AccessDeniedException("participant '" + caller.participant()
          + "' is an auditor: it reads the audit log, its head and the statistics, nothing else");
    }
    if (role == Role.CONTRIBUTOR && Caller.LOCAL_OPERATOR.equals(caller.participant())) {
      throw new AccessDeniedException("signals need a contributing participant: name one (--as PARTICIPANT)");
    }
    if (role != null && !caller.has(role) && !caller.isAdmin()) {
      throw new AccessDeniedException(
          "participant '" + caller.participant() + "' lacks the " + role.label() + " role needed for this");
    }
  }

  /**
   * Whether {@code caller} may see {@code signal}: admins and the contributor always; others if
   * the signal is shared with all or names them.
   */
  static boolean visible(Caller caller, Signal signal) {
    return visible(caller, signal.contributor(), signal.visibility());
  }

  /**
   * The visibility rule itself, on a signal's audience (its contributor and visibility list): the
   * lookups' in-search filters ({@link Audiences}) evaluate it once per audience and caller.
   */
  static boolean visible(Caller caller, String contributor, java.util.List<String> visibility) {
    return caller.isAdmin()
        || contributor.equals(caller.participant())
        || visibility.isEmpty()
        || visibility.contains(caller.participant());
  }

  /** True if the caller may see this active signal and has not allow-listed it. */
  boolean acceptable(Caller caller, Signal signal) {
    return signal.isActive() && visible(caller, signal) && !dir.allowLists.suppresses(caller.participant(), signal);
  }

  /**
   * The signal with this id if the caller may see it.
   *
   * @throws SignalRejectedException {@code not_found} if there is none, or the caller may not see it
   */
  StoredSignal require(Caller caller, String id) {
    StoredSignal stored = dir.store.get(id);
    if (stored == null || !visible(caller, stored.signal())) {
      throw notFound(id);
    }
    return stored;
  }

  /** Whether {@code caller} may read participant {@code participant}'s contributions' figures. */
  static boolean seesParticipant(Caller caller, String participant) {
    return overseer(caller) || participant.equals(caller.participant());
  }

  /** Admins and auditors: they read figures over every signal and participant, and the audit log. */
  static boolean overseer(Caller caller) {
    return caller.isAdmin() || caller.has(Role.AUDITOR);
  }

  /**
   * The role an audit-log or figures operation asks for: {@link Role#AUDITOR} of an auditor,
   * {@link Role#ADMIN} of anyone else (admins hold every role).
   */
  static Role auditRole(Caller caller) {
    return caller != null && caller.has(Role.AUDITOR) ? Role.AUDITOR : Role.ADMIN;
  }

  /** {@code signal} as {@code caller} may see it ({@link ReaderView}). */
  Signal view(Caller caller, Signal signal) {
    return view(dir, caller, signal);
  }

  /** As {@link #view(Caller, Signal)}, for parts that hold the directory but no policy. */
  static Signal view(ExchangeDirectory dir, Caller caller, Signal signal) {
    return ReaderView.of(caller, signal, id -> {
      StoredSignal stored = dir.store.get(id);
      return stored != null && visible(caller, stored.signal());
    });
  }

  /** {@link #view} of each. */
  List<Signal> views(Caller caller, List<Signal> signals) {
    List<Signal> out = new ArrayList<>(signals.size());
    for (Signal s : signals) {
      out.add(view(caller, s));
    }
    return out;
  }

  static SignalRejectedException notFound(String id) {
    return new SignalRejectedException("not_found", "id", "no signal has id '" + id + "'");
  }
}
