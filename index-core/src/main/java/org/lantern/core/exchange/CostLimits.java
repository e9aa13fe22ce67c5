package org.lantern.core.exchange;

import java.util.Properties;

/**
 * Bounds on what one lookup may cost the exchange, whoever calls it (DESIGN.md §7, bounded
 * cost): the hits one text scan returns, the ids one audit entry lists, and how short a new
 * keyword signal may be (a keyword that matches everywhere makes every scan expensive).
 *
 * @param maxTextHits hits one {@link Exchange#scanText} returns; the rest are counted, and the
 *     answer says it was truncated ({@code text.max_hits})
 * @param auditMaxIds matched ids one audit entry lists; beyond it the entry lists the first ones
 *     and records the count and a digest of all ({@code audit.max_ids})
 * @param minKeywordChars fewest characters (spaces not counted) of a new keyword signal's
 *     canonical form ({@code keyword.min_chars}); existing keywords stay matchable and retractable
 *     <p>Thread-safety: immutable.
 */
public record CostLimits(int maxTextHits, int auditMaxIds, int minKeywordChars) {
  public CostLimits {
    if (maxTextHits < 1 || auditMaxIds < 1 || minKeywordChars < 1) {
      throw new IllegalArgumentException(
          "text.max_hits, audit.max_ids and keyword.min_chars must be positive, got " + maxTextHits + ", " + auditMaxIds + ", " + minKeywordChars);
    }
  }

  /** 1,000 hits per scan, 100 ids per audit entry, keywords of at least 3 characters. */
  public static CostLimits defaults() {
    return new CostLimits(1_000, 100, 3);
  }

  static CostLimits fromProperties(Properties p, java.util.function.ToLongBiFunction<String, Long> longProperty) {
    CostLimits d = defaults();
    return new CostLimits(
        (int) longProperty.applyAsLong("text.max_hits", (long) d.maxTextHits),
        (int) longProperty.applyAsLong("audit.max_ids", (long) d.auditMaxIds),
        (int) longProperty.applyAsLong("keyword.min_chars", (long) d.minKeywordChars));
  }
}
