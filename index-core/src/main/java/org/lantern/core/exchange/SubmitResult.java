package org.lantern.core.exchange;

import org.lantern.core.signal.SignalRejectedException;

/**
 * What became of one submitted signal.
 *
 * @param index its position in the batch
 * @param id the signal's id; {@code null} when rejected
 * @param outcome created, updated, unchanged (identical re-submission: nothing written) or
 *     rejected
 * @param error why it was rejected; {@code null} otherwise
 *     <p>Thread-safety: immutable.
 */
public record SubmitResult(int index, String id, Outcome outcome, SignalRejectedException error) {
  /** The fate of a submitted signal. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    REJECTED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean accepted() {
    return outcome != Outcome.REJECTED;
  }
}
