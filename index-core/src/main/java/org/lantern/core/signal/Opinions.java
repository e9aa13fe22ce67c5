package org.lantern.core.signal;

import java.util.Locale;

/**
 * The feedback on one signal: counts per opinion, the roll-up, and the asking participant's own.
 *
 * @param confirmed participants who confirmed it
 * @param falsePositive participants who found it a false positive
 * @param seen participants who looked without a conclusion
 * @param mine the asking participant's opinion, or {@code null}
 *     <p>Thread-safety: immutable.
 */
public record Opinions(int confirmed, int falsePositive, int seen, Opinion mine) {
  public static final Opinions NONE = new Opinions(0, 0, 0, null);

  /** The one-word summary a match shows. */
  public enum Rollup {
    /** Nobody confirmed or disputed it yet (seen-only counts as none). */
    NONE,
    CONFIRMED,
    /** Some confirmed it and some found it a false positive. */
    DISPUTED,
    FALSE_POSITIVE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code disputed} when both confirmations and false positives exist, otherwise whichever
   * exists, otherwise {@code none}: a contributor and a consumer need to know at a glance that
   * participants disagree, not which side is bigger.
   */
  public Rollup rollup() {
    if (confirmed > 0 && falsePositive > 0) {
      return Rollup.DISPUTED;
    }
    if (confirmed > 0) {
      return Rollup.CONFIRMED;
    }
    if (falsePositive > 0) {
      return Rollup.FALSE_POSITIVE;
    }
    return Rollup.NONE;
  }
}
