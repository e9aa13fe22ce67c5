package org.lantern.core.exchange;

import java.util.List;

/**
 * The keyword signals found in a text, ordered by position, with the number left out because they
 * are on the caller's allow-list, and the lead-not-evidence note.
 *
 * <p>Thread-safety: immutable.
 */
public record TextScan(List<TextHit> hits, int suppressed, String note) {
  public TextScan {
    hits = List.copyOf(hits);
  }
}
