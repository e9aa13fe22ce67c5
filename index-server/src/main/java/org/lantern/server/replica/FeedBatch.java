package org.lantern.server.replica;

import java.util.List;
import org.lantern.core.exchange.FeedPage;

/**
 * One page of an exchange's delta feed as read over HTTP.
 *
 * @param entries the changes, in the exchange's commit order
 * @param nextCursor the cursor to ask with next: an opaque string, stored and sent back as given
 * @param more true if the exchange already has changes after {@code nextCursor}
 *     <p>Thread-safety: immutable.
 */
record FeedBatch(List<FeedPage.Entry> entries, String nextCursor, boolean more) {
  FeedBatch {
    entries = List.copyOf(entries);
  }
}
