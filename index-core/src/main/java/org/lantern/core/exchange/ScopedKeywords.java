package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.text.KeywordHit;
import org.lantern.core.text.KeywordScanner;

/**
 * The active keywords as free-text scanners: one per text scope ({@link Audience#scope}: one for
 * everything shared with all, one per restricted audience), plus one of them all. A member's scan
 * runs the scanners of the scopes it may see, so a hidden keyword in its text is never found,
 * never costs a hit: the work depends only on keywords it may see. An admin, who sees all, runs
 * the one scanner of all.
 *
 * <p>Thread-safety: {@link #put}, {@link #remove} by the single writer (under the exchange's
 * write lock, or during open); {@link #scan} and {@link #size} from any thread (each scanner is
 * thread-safe; a scan that meets a keyword moving between scopes may miss it or see it twice,
 * and the lookup checks each signal's record anyway).
 */
final class ScopedKeywords {
  private final KeywordScanner all = new KeywordScanner();
  private final ConcurrentHashMap<String, KeywordScanner> byScope = new ConcurrentHashMap<>();
  /** Writer only: the scope each id's keyword is in. */
  private final Map<String, String> scopeOf = new java.util.HashMap<>();

  /** Holds keyword signal {@code id} (canonical {@code keyword}) in {@code scope}, moving it if it was in another. */
  void put(String id, String keyword, String scope) {
    String old = scopeOf.put(id, scope);
    if (old != null && !old.equals(scope)) {
      KeywordScanner previous = byScope.get(old);
      previous.remove(id);
      if (previous.size() == 0) {
        byScope.remove(old);
      }
    }
    byScope.computeIfAbsent(scope, s -> new KeywordScanner()).add(id, keyword);
    all.add(id, keyword);
  }

  /** Drops keyword signal {@code id}, if held. */
  void remove(String id) {
    String scope = scopeOf.remove(id);
    if (scope != null) {
      KeywordScanner scanner = byScope.get(scope);
      scanner.remove(id);
      if (scanner.size() == 0) {
        byScope.remove(scope);
      }
    }
    all.remove(id);
  }

  /**
   * The most scanners one scan runs: each reads the whole text, so a member that others share
   * keywords with under many lists gets the one scanner of all instead (the same answer; its time
   * may again show hidden keywords).
   */
  static final int MAX_SCANNERS = 8;

  /** Keywords held. */
  int size() {
    return all.size();
  }

  /**
   * Every occurrence in {@code text} of a keyword in one of {@code scopes} (null: every scope),
   * ordered by start, then id, then end, as {@link KeywordScanner#scan} orders them; or, when
   * more than {@link #MAX_SCANNERS} of those scopes hold keywords, of every keyword (the caller
   * drops what it may not see).
   */
  List<KeywordHit> scan(CharSequence text, List<String> scopes) {
    if (scopes == null) {
      return all.scan(text);
    }
    List<KeywordScanner> scanners = new ArrayList<>();
    for (String scope : scopes) {
      KeywordScanner scanner = byScope.get(scope);
      if (scanner != null) {
        scanners.add(scanner);
        if (scanners.size() > MAX_SCANNERS) {
          return all.scan(text); // bounded work: one pass, at the price of meeting hidden keywords
        }
      }
    }
    List<KeywordHit> hits = new ArrayList<>();
    for (KeywordScanner scanner : scanners) {
      hits.addAll(scanner.scan(text));
    }
    if (scanners.size() > 1) {
      hits.sort(Comparator.comparingInt(KeywordHit::start).thenComparing(KeywordHit::id).thenComparingInt(KeywordHit::end));
    }
    return hits;
  }
}
