package org.lantern.core.participant;

/**
 * The caller may not do this: a role it lacks, a signal it did not contribute, or a participant
 * that was suspended. (A signal the caller may not <em>see</em> is reported as not found instead,
 * so that its existence does not leak.)
 *
 * <p>Thread-safety: immutable.
 */
public final class AccessDeniedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
