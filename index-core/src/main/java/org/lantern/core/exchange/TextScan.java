package org.lantern.core.exchange;

import java.util.List;

/**
 * The keyword signals found in a text, ordered by position, with the number left out because they
 * are on the caller's allow-list, and the lead-not-evidence note. A scan returns at most {@link
 * CostLimits#maxTextHits} hits: {@code total} counts every visible hit, and {@code truncated}
 * says that {@code hits} holds only the first ones.
 *
 * <p>Thread-safety: immutable.
 */
public record TextScan(List<TextHit> hits, int suppressed, String note, long total, boolean truncated) {
  public TextScan {
    hits = List.copyOf(hits);
  }

  /** A scan that returned every hit. */
  public TextScan(List<TextHit> hits, int suppressed, String note) {
    this(hits, suppressed, note, hits.size(), false);
  }
}
