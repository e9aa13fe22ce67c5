package org.lantern.core.exchange;

import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;

/**
 * Which signals a listing ({@link MemberViews#listSignals}) returns. Every {@code null} component
 * matches everything; the listing applies the caller's visibility before any of them.
 *
 * @param contributor only the signals this participant shared
 * @param type only signals of this type
 * @param status only signals in this state
 * @param category only signals carrying this category
 *     <p>Thread-safety: immutable.
 */
public record SignalFilter(String contributor, SignalType type, SignalStatus status, String category) {
  /** Matches every signal. */
  public static final SignalFilter ANY = new SignalFilter(null, null, null, null);

  /** Whether {@code signal} passes every component that is set. */
  public boolean accepts(Signal signal) {
    return (contributor == null || contributor.equals(signal.contributor()))
        && (type == null || type == signal.type())
        && (status == null || status == signal.status())
        && (category == null || signal.categories().contains(category));
  }
}
