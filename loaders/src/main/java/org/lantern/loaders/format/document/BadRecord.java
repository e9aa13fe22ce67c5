package org.lantern.loaders.format.document;

/**
 * A record of a document cannot be loaded; the message names the field and what was expected. The
 * readers turn it into a {@link org.lantern.loaders.format.SourceRecord.Rejected} and go on with the
 * next record, so it never leaves this package.
 *
 * <p>Checked, so that a converter cannot forget that a record may be bad; without a stack trace,
 * because it is an expected outcome, thrown once per bad record.
 *
 * <p>Thread-safety: immutable once thrown.
 */
final class BadRecord extends Exception {
  private static final long serialVersionUID = 1L;

  BadRecord(String reason) {
    super(reason, null, false, false);
  }
}
