package org.lantern.core.exchange;

import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;

/**
 * What {@link SubmissionPreparer} made of one submission before the write lock: a signal ready to
 * write, a refusal, or a signal derived from others, deferred to the write lock because its
 * parents may be earlier signals of the same batch.
 *
 * <p>Thread-safety: immutable.
 */
sealed interface PreparedSignal {
  /** Validated, canonicalised, with its id. */
  record Ready(Signal signal) implements PreparedSignal {}

  /** Refused, with the reason to report. */
  record Refused(SignalRejectedException reason) implements PreparedSignal {}

  /** Derived from other signals: prepared under the write lock, in batch order. */
  record Deferred() implements PreparedSignal {
    static final Deferred INSTANCE = new Deferred();
  }
}
