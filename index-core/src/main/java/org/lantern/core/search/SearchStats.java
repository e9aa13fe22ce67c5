package org.lantern.core.search;

/**
 * The work one query did: the two numbers to watch when tuning an index.
 *
 * <ul>
 *   <li>{@link #probes()} — buckets looked up (multi-index hashing) or tree nodes visited
 *       (BK-tree); 0 for a flat scan;
 *   <li>{@link #candidates()} — stored hashes whose distance to the query was computed.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; one instance per query.
 */
public final class SearchStats {
  private long probes;
  private long candidates;
  private String index = "";

  public void addProbes(long n) {
    probes += n;
  }

  public void addCandidates(long n) {
    candidates += n;
  }

  /** Records which index answered ("flat", "mih", "bktree"). */
  public void index(String name) {
    index = name;
  }

  public long probes() {
    return probes;
  }

  public long candidates() {
    return candidates;
  }

  public String index() {
    return index;
  }

  @Override
  public String toString() {
    return index + ": probes=" + probes + " candidates=" + candidates;
  }
}
