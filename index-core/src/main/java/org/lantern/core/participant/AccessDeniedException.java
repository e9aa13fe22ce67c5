package org.lantern.core.participant;

/**
 * The caller may not do this: a role it lacks, a signal it did not contribute, or a participant
 * that was suspended. (A signal the caller may not <em>see</em> is reported as not found instead,
 * so that its existence does not leak.)
 *
 * <p>The exchange records a denial in its audit log before it throws; {@link #recorded()} then
 * tells a door (the HTTP server) not to record the same attempt a second time.
 *
 * <p>Thread-safety: the recorded mark is set once, before the exception is thrown.
 */
public final class AccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private boolean recorded;

  public AccessDeniedException(String message) {
    super(message);
  }

  /** Marks the denial as already in the audit log; returns this exception. */
  public AccessDeniedException markRecorded() {
    recorded = true;
    return this;
  }

  /** Whether the exchange already recorded this denial in its audit log. */
  public boolean recorded() {
    return recorded;
  }
}
