package org.lantern.core.testing;

import java.util.SplittableRandom;

/**
 * Reproducible randomness for tests: the seed comes from {@code -Dlantern.seed} (hex or decimal)
 * when given, else from the clock, and every failure message should include {@link #describe}.
 * {@code -Dtests.iterations} scales the randomized loops ({@link #iterations}).
 *
 * <p>Not {@code tests.seed}: Lucene reads that property when its classes load and expects bare hex.
 */
public final class TestSeeds {
  private static final long BASE_SEED = initialSeed();

  private TestSeeds() {}

  private static long initialSeed() {
    String property = System.getProperty("lantern.seed", "").trim();
    if (property.isEmpty()) {
      return System.nanoTime() ^ 0x5DEECE66DL;
    }
    return property.startsWith("0x")
        ? Long.parseUnsignedLong(property.substring(2), 16)
        : Long.parseLong(property);
  }

  /** The run's seed, mixed with a per-test salt so tests do not share streams. */
  public static long seed(String salt) {
    return BASE_SEED ^ (salt.hashCode() * 0x9E3779B97F4A7C15L);
  }

  public static SplittableRandom random(String salt) {
    return new SplittableRandom(seed(salt));
  }

  /** "seed 0x… (replay with -Dlantern.seed=0x…)" for failure messages. */
  public static String describe() {
    return "lantern.seed=0x" + Long.toHexString(BASE_SEED) + " (replay with -Dlantern.seed=0x"
        + Long.toHexString(BASE_SEED) + ")";
  }

  /** {@code base} times the {@code tests.iterations} multiplier (default 1). */
  public static int iterations(int base) {
    String property = System.getProperty("tests.iterations", "").trim();
    int multiplier = property.isEmpty() ? 1 : Integer.parseInt(property);
    return Math.max(1, base * multiplier);
  }
}
