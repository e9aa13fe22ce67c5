package org.lantern.core.index;

import java.util.Locale;

/**
 * The Hamming index implementations, by the name the command line and the API use.
 *
 * <p>Thread-safety: immutable.
 */
public enum IndexKind {
  /** Let the planner choose per query. */
  AUTO,
  /** Brute force over every stored hash: the oracle, and the fastest choice for small sets. */
  FLAT,
  /** Multi-index hashing (Norouzi et al.). */
  MIH,
  /** Burkhard–Keller metric tree. */
  BKTREE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "auto", "flat", "mih" or "bktree", ignoring case. */
  public static IndexKind fromLabel(String label) {
    String wanted = label.trim().toLowerCase(Locale.ROOT);
    for (IndexKind kind : values()) {
      if (kind.label().equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown index '" + label + "' (expected one of auto, flat, mih, bktree)");
  }
}
