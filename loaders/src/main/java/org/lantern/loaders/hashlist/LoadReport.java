package org.lantern.loaders.hashlist;

/**
 * What a load did. Every line that is not blank or a comment is counted exactly once: {@code read
 * = loaded + duplicates + rejected}.
 *
 * <p>Thread-safety: immutable.
 */
public record LoadReport(long read, long loaded, long duplicates, long rejected, double seconds) {
  /** Hashes per second over the whole load. */
  public double rate() {
    return seconds > 0 ? read / seconds : 0;
  }

  /** One line: "loaded 10 hashes, 2 duplicates, 1 rejected in 0.52 s (25 /s)". */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "loaded %d, duplicates %d, rejected %d, in %.2f s (%,.0f lines/s)",
        loaded, duplicates, rejected, seconds, rate());
  }
}
