package org.lantern.core.signal;

import java.util.Locale;

/**
 * What a participant reports back about a signal it looked at.
 *
 * <p>Thread-safety: immutable.
 */
public enum Opinion {
  /** The lead was real: the participant found abuse through it. */
  CONFIRMED,
  /** The lead was wrong for this participant (e.g. benign content). */
  FALSE_POSITIVE,
  /** Looked at, no conclusion. */
  SEEN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws SignalRejectedException ({@code invalid_opinion}) naming the accepted values */
  public static Opinion fromLabel(String label) {
    if (label != null) {
      for (Opinion o : values()) {
        if (o.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
          return o;
        }
      }
    }
    throw new SignalRejectedException(
        "invalid_opinion", "opinion", "unknown opinion '" + label + "' (expected confirmed, false_positive or seen)");
  }
}
