package org.lantern.bench.peers;

import java.util.Arrays;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;

/**
 * Counts how many of the true matches an index found.
 *
 * <p>Thread-safety: stateless.
 */
final class Recall {
  private Recall() {}

  /** The number of {@code result}'s ids that are in {@code truth} (ascending ordinals). */
  static int overlap(SearchResult result, int[] truth) {
    int found = 0;
    for (Match match : result.matches()) {
      if (Arrays.binarySearch(truth, (int) match.id()) >= 0) {
        found++;
      }
    }
    return found;
  }
}
