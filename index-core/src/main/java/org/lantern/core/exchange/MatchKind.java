package org.lantern.core.exchange;

import java.util.Locale;

/**
 * How a matched signal relates to what was looked up.
 *
 * <p>Thread-safety: immutable.
 */
public enum MatchKind {
  /** A perceptual hash within the asked Hamming distance (see the distance). */
  NEAR,
  /** The same canonical value: a digest, URL, account key or keyword. */
  EXACT,
  /** A stored URL whose host and path are a prefix of the queried URL's. */
  PREFIX,
  /** A stored URL on the same host (and port) as the queried one. */
  HOST,
  /** A keyword found in scanned text. */
  KEYWORD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
