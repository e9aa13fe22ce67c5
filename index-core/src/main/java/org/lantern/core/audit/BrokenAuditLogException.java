package org.lantern.core.audit;

/**
 * The audit log failed the check made before the exchange opens it for writing ({@link
 * AuditLog#verifyAtOpen}): the chain is broken, or it no longer holds the last verified point
 * (cut back or rewritten while the exchange was stopped). Appending to it would bury the damage
 * under new entries, so the exchange refuses to start until a person decides: inspect it with
 * {@code lantern audit verify}, then either restore the log or start with {@code
 * --accept-broken-audit}, which the log then records.
 *
 * <p>Thread-safety: immutable.
 */
public final class BrokenAuditLogException extends IllegalStateException {
  private final transient VerifyReport report;

  public BrokenAuditLogException(java.nio.file.Path dir, VerifyReport report) {
    super("the audit log " + dir + " is broken: " + report.summary() + ". Refusing to start: appending would hide"
        + " the damage. Inspect it with `lantern audit verify --data DIR`; restore it from a copy, or start with"
        + " --accept-broken-audit to go on (recorded in the log).");
    this.report = report;
  }

  /** What the check found. */
  public VerifyReport report() {
    return report;
  }
}
