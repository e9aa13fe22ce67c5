package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;
import org.lantern.core.signal.SignalType;

/**
 * One caller's search for the hashes nearest a query among those of a perceptual type it may
 * see: the shared index, then the restricted partition of each audience visible to it ({@link
 * RestrictedHashes}), each searched with the caller's filter inside, the hits merged nearest
 * first. Partitions of audiences the caller may not see are never touched, so the search's work
 * depends only on what the caller may see.
 *
 * <p>Thread-safety: not thread-safe; one instance serves one lookup (it keeps the filters, whose
 * counts of allow-listed hashes the lookup reads at the end).
 */
final class CallerHashSearch {
  /**
   * A hit: its distance, its signal's binary id, and its ordinal in the shared index ({@code -1}
   * for a restricted hash: its record names no ordinal to check).
   */
  record Hit(int distance, byte[] id, long ordinal) {}

  /**
   * Hits nearest first; the nearest distance at which a place searched stopped because it was
   * full; and the work done, for the tests that hold it independent of hidden signals.
   */
  record Found(List<Hit> hits, int fullAt, Work work) {}

  /**
   * What a search examined: the shared index's plan, probes and candidates, and the restricted
   * partitions scanned with the slots they held.
   */
  record Work(String plan, long probes, long candidates, int partitions, long slots) {}

  private final DerivedIndexes indexes;
  private final CallerFilters filters;
  private final Caller caller;
  private final SignalType type;
  private final Set<String> allowed;
  private final List<CallerFilters.HashFilter> used = new ArrayList<>();

  CallerHashSearch(DerivedIndexes indexes, CallerFilters filters, Caller caller, SignalType type) {
    this.indexes = indexes;
    this.filters = filters;
    this.caller = caller;
    this.type = type;
    this.allowed = filters.allowed(caller, type);
  }

  /**
   * Up to {@code k} acceptable hits within {@code maxDistance} from each place searched, merged
   * nearest first. {@link Found#fullAt} is the smallest farthest distance among the places that
   * returned {@code k} (more hits as near may exist there), or {@link Integer#MAX_VALUE}.
   */
  Found search(Hash query, int k, int maxDistance) {
    used.clear();
    String plan = "";
    long probes = 0;
    long candidates = 0;
    int partitions = 0;
    long slots = 0;
    List<Hit> hits = new ArrayList<>();
    int fullAt = Integer.MAX_VALUE;
    long[] visible = indexes.audiences.visibleTo(caller);
    PerceptualIndex shared = indexes.perceptual(type.hashType());
    if (shared != null) {
      CallerFilters.HashFilter filter = filters.shared(shared, visible, allowed);
      used.add(filter);
      SearchResult result = shared.search(query, k, maxDistance, filter);
      plan = result.stats().index();
      probes = result.stats().probes();
      candidates = result.stats().candidates();
      List<Match> matches = result.matches();
      for (Match m : matches) {
        hits.add(new Hit(m.distance(), shared.idAt(m.id()), m.id()));
      }
      if (matches.size() == k) {
        fullAt = matches.get(k - 1).distance();
      }
    }
    RestrictedHashes restricted = indexes.restricted(type.hashType());
    long[] words = query.words();
    for (int word = 0; word < visible.length; word++) {
      for (long bits = visible[word]; bits != 0; bits &= bits - 1) {
        int audience = (word << 6) + Long.numberOfTrailingZeros(bits);
        RestrictedHashes.Hits found = restricted.search(audience, words, k, maxDistance, view -> {
          CallerFilters.HashFilter filter = filters.partition(view, allowed);
          used.add(filter);
          return filter;
        });
        if (found == null) {
          continue;
        }
        partitions++;
        slots += found.view().slots();
        for (long packed : found.packed()) {
          byte[] id = found.view().idAt(HitCollector.ordinal(packed));
          if (id != null) {
            hits.add(new Hit(HitCollector.distance(packed), id, -1));
          }
        }
        if (found.packed().length == k) {
          fullAt = Math.min(fullAt, HitCollector.distance(found.packed()[k - 1]));
        }
      }
    }
    hits.sort(Comparator.comparingInt(Hit::distance));
    return new Found(hits, fullAt, new Work(plan, probes, candidates, partitions, slots));
  }

  /** Allow-listed hashes met by the last search that rank before {@code worstKept} (packed distance). */
  int suppressed(long worstKept) {
    int n = 0;
    for (CallerFilters.HashFilter filter : used) {
      n += filter.suppressed(worstKept);
    }
    return n;
  }
}
