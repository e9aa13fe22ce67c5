package org.lantern.core.index;

import java.util.Set;

/**
 * Chooses the index for one query from the hash width, the radius, the number of stored hashes
 * and the structures the directory maintains, with a cost model in nanoseconds:
 *
 * <ul>
 *   <li>flat scan: {@code size * recordBytes * SCAN_COST_PER_BYTE} — sequential, memory-bandwidth
 *       bound (about 0.07 ns per byte measured: 2.4 ns per 32-byte record);
 *   <li>multi-index hashing: probes and candidates needed to guarantee the radius (see {@link
 *       MultiIndexHash}), each a random memory access;
 *   <li>BK-tree: only when it is the one structure maintained, for 64-bit hashes and radius
 *       &lt;= {@link #BKTREE_MAX_RADIUS}; on our measurements (benchmarks/RESULTS.md) multi-index
 *       hashing beats it everywhere else.
 * </ul>
 *
 * For k-NN without a radius the planner assumes the radius is {@code bits / 8}; multi-index
 * search runs with a probe budget and hands over to the flat scan when the neighbours turn out to
 * be farther than that.
 *
 * <p>Thread-safety: stateless.
 */
final class IndexPlanner {
  /** Below this many hashes the flat scan always wins: it fits in cache. */
  static final int FLAT_BELOW = 2048;

  static final int BKTREE_MAX_RADIUS = 4;

  /** Sequential scan cost per byte of record (ns), from StoreLayoutBenchmark's mapped scan. */
  static final double SCAN_COST_PER_BYTE = 0.07;

  /** Random access cost of one probe or one candidate (ns): a cache miss, partly overlapped. */
  static final double RANDOM_ACCESS_COST = 45;

  private IndexPlanner() {}

  static IndexKind choose(
      int bits, int recordBytes, int size, int maxDistance, Set<IndexKind> available, MihLayout layout) {
    if (size < FLAT_BELOW) {
      return IndexKind.FLAT;
    }
    double flat = scanCost(recordBytes, size);
    if (available.contains(IndexKind.MIH)) {
      int radius = maxDistance >= bits ? bits / 8 : maxDistance;
      double mih = mihCost(layout, size, radius);
      return mih < flat ? IndexKind.MIH : IndexKind.FLAT;
    }
    if (available.contains(IndexKind.BKTREE) && bits == 64 && maxDistance <= BKTREE_MAX_RADIUS) {
      return IndexKind.BKTREE;
    }
    return IndexKind.FLAT;
  }

  /** Expected nanoseconds for a multi-index search over every table that guarantees {@code radius}. */
  static double mihCost(MihLayout layout, int size, int radius) {
    int m = layout.substrings();
    int[] all = new int[m];
    for (int t = 0; t < m; t++) {
      all[t] = t;
    }
    return RANDOM_ACCESS_COST * mihWork(layout, all, m, size, radius);
  }

  /**
   * Probes plus expected candidates (uniform data of {@code size} hashes; none when size is 0)
   * for a search over {@code tables[0 .. count)}, in that order, that guarantees {@code radius}.
   */
  static double mihWork(MihLayout layout, int[] tables, int count, int size, int radius) {
    int[] lengths = layout.lengths();
    double work = 0;
    for (int rho = 0; ; rho++) {
      for (int j = 0; j < count; j++) {
        int length = lengths[tables[j]];
        double probes = FlipMasks.binomial(length, rho);
        work += probes + (size == 0 ? 0 : probes * size / Math.pow(2, length));
        if (rho == length || count * rho + j >= radius) {
          return work;
        }
      }
    }
  }

  /**
   * The probe budget of a multi-index k-NN search before it hands over to a flat scan: the number
   * of random accesses that cost as much as the scan.
   */
  static long mihProbeBudget(int recordBytes, int size) {
    return Math.max(1024, (long) (scanCost(recordBytes, size) / RANDOM_ACCESS_COST));
  }

  /** Nanoseconds for a flat scan over {@code size} records. */
  static double scanCost(int recordBytes, int size) {
    return (double) size * recordBytes * SCAN_COST_PER_BYTE;
  }
}
