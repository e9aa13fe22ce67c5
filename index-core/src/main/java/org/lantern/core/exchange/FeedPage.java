package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.signal.Signal;

/**
 * One page of the delta feed: the changes after a cursor, in commit order, as one participant may
 * see them.
 *
 * @param entries the changes
 * @param nextCursor the cursor to ask with next (the sequence of the last change examined)
 * @param more true if the feed has changes after {@code nextCursor} already
 *     <p>Thread-safety: immutable.
 */
public record FeedPage(List<Entry> entries, long nextCursor, boolean more) {
  public FeedPage {
    entries = List.copyOf(entries);
  }

  /**
   * One change: the signal as it now is. {@code deleted} is true when it left the matchable set
   * (retracted or expired): a replica removes it. {@code revoked} (always with {@code deleted})
   * says that the reader may no longer see the signal at all (its visibility was narrowed): the
   * signal then carries only what the reader saw before (id, type, value, contributor, created),
   * never the new visibility, note or categories, and a replica drops it entirely.
   */
  public record Entry(long sequence, Signal signal, boolean deleted, boolean revoked) {
    /** A change the reader may see. */
    public Entry(long sequence, Signal signal, boolean deleted) {
      this(sequence, signal, deleted, false);
    }
  }
}
