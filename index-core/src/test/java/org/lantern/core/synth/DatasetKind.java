package org.lantern.core.synth;

import java.util.Locale;

/**
 * The shapes of benchmark data set that {@link HashDatasets} generates. Each stresses an index
 * differently:
 *
 * <ul>
 *   <li>{@link #UNIFORM}: independent uniform bits — the textbook case multi-index hashing is sized
 *       for; buckets are as even as they get.
 *   <li>{@link #CLUSTERED}: near-duplicate groups (re-encoded copies of one image), so range
 *       queries near a member find many results.
 *   <li>{@link #HOTSPOT}: a fifth of the hashes share one of a few low-entropy 64-bit words (blank
 *       borders, logos): some substring buckets are huge, which is what makes a multi-index probe
 *       slow.
 *   <li>{@link #IMAGES}: PDQ (256 bits) or pHash (64 bits) of procedurally drawn scenes and their
 *       transformed copies — real perceptual-hash bit statistics, not uniform ones.
 * </ul>
 *
 * <p>Thread-safety: an enum; immutable.
 */
public enum DatasetKind {
  UNIFORM,
  CLUSTERED,
  HOTSPOT,
  IMAGES;

  /** The command-line form: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a label, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted labels
   */
  public static DatasetKind fromLabel(String label) {
    for (DatasetKind kind : values()) {
      if (kind.label().equalsIgnoreCase(label.strip())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown data set kind '" + label + "': expected uniform, clustered, hotspot or images");
  }
}
