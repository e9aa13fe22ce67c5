package org.lantern.core.exchange;

import java.util.List;

/**
 * The signals matched for one lookup value, with the lead-not-evidence note that every answer
 * carries.
 *
 * @param query the value as given
 * @param canonical its canonical form (for accounts the key, never the clear value; for perceptual
 *     hashes the lower-case hex)
 * @param matches strongest first: by distance for hashes, exact → prefix → host for URLs
 * @param suppressed matches left out because they are on the caller's allow-list
 * @param note {@link Exchange#LEAD_NOTE}
 *     <p>Thread-safety: immutable.
 */
public record Matches(String query, String canonical, List<SignalMatch> matches, int suppressed, String note) {
  public Matches {
    matches = List.copyOf(matches);
  }

  Matches(String query, String canonical, List<SignalMatch> matches, int suppressed) {
    this(query, canonical, matches, suppressed, Exchange.LEAD_NOTE);
  }
}
