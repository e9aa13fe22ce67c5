package org.lantern.bench.peers;

import java.util.Arrays;

/**
 * Per-query latencies of one run, kept exactly (a run times at most a few hundred thousand
 * queries), with nearest-rank percentiles.
 *
 * <p>Thread-safety: not thread-safe; one per run.
 */
final class Latencies {
  private long[] nanos = new long[1024];
  private int count;

  void record(long elapsedNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = elapsedNanos;
  }

  int count() {
    return count;
  }

  /** The nearest-rank percentile {@code p} (0..100), microseconds; 0 for an empty run. */
  double percentileMicros(double p) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e3;
  }

  double meanMicros() {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += nanos[i];
    }
    return count == 0 ? 0 : sum / 1e3 / count;
  }
}
