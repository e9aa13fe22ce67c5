package org.lantern.core.search;

/**
 * Decides, inside a search, whether a stored hash may be a hit at all (Lucene's {@code acceptDocs}
 * for k-NN): a rejected ordinal takes no place in the result, so a k-NN search returns the {@code
 * k} nearest <em>accepted</em> hashes in one pass, however many rejected ones lie nearer.
 *
 * <p>{@link HitCollector} asks only about a hash that would enter the result (within the current
 * bound, and better than the current k-th), at most once per ordinal per collector. An
 * implementation must be cheap (an array or bitmap read: it runs inside index loops) and must
 * not depend on the order in which hashes are offered.
 *
 * <p>Thread-safety: used by one query at a time; implementations may keep per-query state.
 */
@FunctionalInterface
public interface HitFilter {
  /** Accepts every hash. */
  HitFilter ALL = (ordinal, distance) -> true;

  /** Whether the hash at {@code ordinal}, {@code distance} from the query, may be returned. */
  boolean accept(int ordinal, int distance);
}
