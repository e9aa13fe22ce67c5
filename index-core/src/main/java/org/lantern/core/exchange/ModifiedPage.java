package org.lantern.core.exchange;

import java.util.List;
import java.util.Objects;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;

/**
 * One page of the signals a participant may see, in order of modification time: what {@link
 * ModifiedFeed#modifiedSince} answers. Built for feeds whose clients keep a time as their checkpoint
 * (StopNCII's {@code FetchHashes}): every change is placed at a time no earlier than any time
 * already handed out, so restarting from a time seen on a page never skips a change.
 *
 * @param changes the signals, ascending by ({@link Change#modifiedMillis}, id)
 * @param next where the page stopped (the last signal examined, which may be one the filter left
 *     out); {@code null} when nothing was examined
 * @param more true if signals the caller may see follow {@code next}
 *     <p>Thread-safety: immutable.
 */
public record ModifiedPage(List<Change> changes, Position next, boolean more) {
  public ModifiedPage {
    changes = List.copyOf(changes);
  }

  /**
   * One signal as it is now.
   *
   * @param signal the stored signal (any status: retracted and expired ones are deletions)
   * @param modifiedMillis its place in the order: its last change time, raised where needed so
   *     that the order never goes back in time (epoch milliseconds)
   * @param opinions the feedback on it, with the caller's own
   * @param activeSameValue when {@code signal} is no longer active: the active signals of other
   *     contributors with the same type and value that the caller may see (so a client keyed by
   *     value keeps the value); empty otherwise
   */
  public record Change(Signal signal, long modifiedMillis, Opinions opinions, List<Signal> activeSameValue) {
    public Change {
      activeSameValue = List.copyOf(activeSameValue);
    }
  }

  /**
   * A place in the order: after the signal {@code id} modified at {@code millis}. Positions are
   * ordered by time, then id.
   */
  public record Position(long millis, String id) implements Comparable<Position> {
    public Position {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public int compareTo(Position o) {
      int byTime = Long.compare(millis, o.millis);
      return byTime != 0 ? byTime : id.compareTo(o.id);
    }
  }
}
