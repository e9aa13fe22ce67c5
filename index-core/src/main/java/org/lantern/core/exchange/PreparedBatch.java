package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.participant.Caller;

/**
 * A batch of submissions validated, canonicalised and given their ids by {@link
 * Exchange#prepare}, outside the exchange's write lock, waiting for {@link
 * Exchange#submit(PreparedBatch)}. Splitting the two lets a bulk loader prepare the next batch
 * on one thread while another writes the current one, in file order.
 *
 * <p>Thread-safety: immutable once built; it may be handed between threads.
 */
public final class PreparedBatch {
  final Caller caller;
  final List<SignalSubmission> submissions;
  /** Per submission, in order: what could be prepared outside the write lock. */
  final List<PreparedSignal> prepared;

  PreparedBatch(Caller caller, List<SignalSubmission> submissions, List<PreparedSignal> prepared) {
    this.caller = caller;
    this.submissions = submissions;
    this.prepared = prepared;
  }

  /** Number of submissions. */
  public int size() {
    return submissions.size();
  }

  /** The submissions, in order, as given. */
  public List<SignalSubmission> submissions() {
    return submissions;
  }
}
