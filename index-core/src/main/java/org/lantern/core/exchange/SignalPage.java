package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.signal.Signal;

/**
 * One page of a signal listing ({@link MemberViews#listSignals}): signals as they now are, newest
 * change first.
 *
 * @param signals the signals on this page
 * @param nextCursor the cursor to ask with for the next (older) page: the commit sequence the scan
 *     stopped at; 0 when there is nothing older
 * @param more whether older changes remain to be examined (a page may be short, even empty, with
 *     {@code more} true: each page examines a bounded number of changes)
 *     <p>Thread-safety: immutable.
 */
public record SignalPage(List<Signal> signals, long nextCursor, boolean more) {
  public SignalPage {
    signals = List.copyOf(signals);
  }
}
