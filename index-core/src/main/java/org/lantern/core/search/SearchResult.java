package org.lantern.core.search;

import java.util.List;

/**
 * The answer to one query: matches sorted by (distance, id), and the work it took.
 *
 * <p>Thread-safety: immutable once returned (the stats are not updated afterwards).
 */
public record SearchResult(List<Match> matches, SearchStats stats) {
  public SearchResult {
    matches = List.copyOf(matches);
  }

  public int size() {
    return matches.size();
  }
}
