package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.StoredSignal;

/**
 * Lists signals newest change first by walking the change log backwards: each signal is reported
 * once, at its latest change, as it now is. The walk examines at most {@code maxScan} changes per
 * page whatever the filter, so a page costs the same bounded work however rare the wanted signals
 * are; a short page then says {@code more} and the client asks again from its cursor.
 *
 * <p>The cursor is a commit sequence, which every signal already carries ({@code sequence}) and the
 * delta feed hands out: it tells the caller nothing about signals it may not see beyond what the
 * feed does.
 *
 * <p>Thread-safety: stateless; reads the log and store concurrently with writers, as the feed does.
 */
final class SignalListing {
  private SignalListing() {}

  /**
   * The page below {@code cursor} (exclusive; 0 means from the newest change).
   *
   * @param visible the caller's visibility rule, applied before the filter
   */
  static SignalPage page(
      ChangeLog log, SignalStore store, Predicate<Signal> visible, SignalFilter filter, long cursor, int limit, long maxScan) {
    long head = log.size();
    long seq = cursor == 0 || cursor > head ? head + 1 : cursor;
    List<Signal> out = new ArrayList<>(Math.min(limit, 256));
    long budget = maxScan;
    while (seq > 1 && out.size() < limit && budget-- > 0) {
      seq--;
      StoredSignal stored = store.get(log.idAt(seq));
      if (stored == null || stored.signal().sequence() != seq) {
        continue; // not written yet, or superseded by a later change (reported there)
      }
      Signal signal = stored.signal();
      if (visible.test(signal) && filter.accepts(signal)) {
        out.add(signal);
      }
    }
    boolean more = seq > 1;
    return new SignalPage(out, more ? seq : 0, more);
  }
}
