package org.lantern.loaders.hashlist;

/**
 * A line of a hash list that cannot be loaded; the message is the reason, written for the person
 * who will fix the file. Cheap to throw: no stack trace is captured (bad lines can be millions).
 *
 * <p>Thread-safety: immutable.
 */
public final class RejectedLineException extends Exception {
  private static final long serialVersionUID = 1L;

  public RejectedLineException(String reason) {
    super(reason, null, false, false);
  }
}
