package org.lantern.bench;

/**
 * The fixed seeds of the benchmark data sets, so every run on every machine measures the same
 * hashes and queries. Tests replace them with random seeds (see each benchmark's {@code seed}
 * field).
 *
 * <p>Thread-safety: constants only.
 */
public final class BenchSeeds {
  /** Seed of the stored hashes (SyntheticHashes). */
  public static final long DATA = 0x1A47E2026L;

  /** Seed of the query streams and random ordinals. */
  public static final long QUERIES = 0x5EED_0F_1A47E2L;

  private BenchSeeds() {}
}
