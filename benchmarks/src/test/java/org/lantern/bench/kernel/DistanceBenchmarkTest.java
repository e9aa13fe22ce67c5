package org.lantern.bench.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lantern.core.testing.TestSeeds;

/** Each kernel benchmark's sum against a bit-by-bit count (independent of the kernels). */
class DistanceBenchmarkTest {
  private static int slowDistance(long a, long b) {
    int d = 0;
    for (int bit = 0; bit < 64; bit++) {
      if (((a >>> bit) & 1) != ((b >>> bit) & 1)) {
        d++;
      }
    }
    return d;
  }

  private static DistanceBenchmark bench() {
    DistanceBenchmark bench = new DistanceBenchmark();
    bench.seed = TestSeeds.seed("DistanceBenchmark");
    bench.setUp();
    return bench;
  }

  @Test
  void distance64ShouldSumTheBitDifferences() {
    DistanceBenchmark bench = bench();
    long expected = 0;
    for (long code : bench.codes64) {
      expected += slowDistance(bench.q64, code);
    }
    assertThat(bench.distance64()).as(TestSeeds.describe()).isEqualTo(expected);
    assertThat(bench.codes64).hasSize(DistanceBenchmark.CODES);
  }

  @Test
  void distance256ShouldSumTheBitDifferences() {
    DistanceBenchmark bench = bench();
    long[] q = {bench.q0, bench.q1, bench.q2, bench.q3};
    long expected = 0;
    for (int i = 0; i < bench.codes256.length; i++) {
      expected += slowDistance(q[i % 4], bench.codes256[i]);
    }
    assertThat(bench.distance256()).as(TestSeeds.describe()).isEqualTo(expected);
    assertThat(bench.codes256).hasSize(DistanceBenchmark.CODES * 4);
  }
}
