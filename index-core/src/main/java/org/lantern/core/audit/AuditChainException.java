package org.lantern.core.audit;

/**
 * Thrown by {@link AuditLog#export} and {@link AuditLog#read} when the chain breaks before its
 * end: the entries before the break have been passed on, none after it. {@link #report()} says
 * where and why, as {@link AuditLog#verify} would.
 *
 * <p>Thread-safety: immutable.
 */
public final class AuditChainException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient VerifyReport report;
  private final long passedOn;

  AuditChainException(VerifyReport report, long passedOn) {
    super("audit log broken at entry " + report.firstBadSequence() + ": " + report.reason()
        + " (" + passedOn + " entries passed on before it)");
    this.report = report;
    this.passedOn = passedOn;
  }

  /** Where the chain breaks, and why. */
  public VerifyReport report() {
    return report;
  }

  /** Entries exported (or read) before the break. */
  public long passedOn() {
    return passedOn;
  }
}
