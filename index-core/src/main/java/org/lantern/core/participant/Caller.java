package org.lantern.core.participant;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated, active participant on whose behalf an exchange operation runs. Every
 * operation of {@link org.lantern.core.exchange.Exchange} takes one and checks its roles and the
 * visibility of each signal against it. Obtained from {@link Participants#authenticate} (API
 * keys) or {@link Participants#caller} (local, trusted command line).
 *
 * <p>Thread-safety: immutable.
 */
public record Caller(String participant, Set<Role> roles) {
  public Caller {
    Objects.requireNonNull(participant, "participant");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** Id of the {@link #localOperator()}: not a valid participant id, so no participant can claim it. */
  public static final String LOCAL_OPERATOR = "(local operator)";

  /**
   * Whoever runs the command line on the data directory itself: it can read every file anyway, so
   * it reads as an admin. It cannot contribute (signals need a real contributor).
   */
  public static Caller localOperator() {
    return new Caller(LOCAL_OPERATOR, EnumSet.of(Role.READER, Role.ADMIN));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /**
   * Whether the caller holds the auditor role and no other: it may read the audit log, its head
   * and the statistics, and no signal.
   */
  public boolean isAuditorOnly() {
    return roles.size() == 1 && roles.contains(Role.AUDITOR);
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }
}
