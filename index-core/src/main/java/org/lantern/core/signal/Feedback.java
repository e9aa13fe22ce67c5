package org.lantern.core.signal;

import java.time.Instant;

/**
 * One participant's opinion on one signal.
 *
 * <p>Thread-safety: immutable.
 */
public record Feedback(String signalId, String participant, Opinion opinion, String note, Instant time) {
  public Feedback {
    note = note == null ? "" : note;
  }
}
