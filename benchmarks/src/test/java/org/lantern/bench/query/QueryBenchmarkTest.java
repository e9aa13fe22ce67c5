package org.lantern.bench.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lantern.core.index.IndexKind;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.TestSeeds;

/** The query benchmark's answers at small n against the brute-force oracle. */
class QueryBenchmarkTest {
  private static final int N = 2000;

  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path datasetCache;

  @org.junit.jupiter.api.BeforeAll
  static void cacheImageSetsInATemporaryDirectory() {
    // BenchDatasets caches IMAGES sets by seed; keep the random test seeds out of java.io.tmpdir.
    System.setProperty("lantern.bench.datasets", datasetCache.toString());
  }
  private static final int CHECKED_QUERIES = 256;

  @ParameterizedTest(name = "bits={0} index={1} radius={2} dataset={3} substrings={4} k={5}")
  @CsvSource({
    "64, FLAT, default, MIXED, auto, 10", "64, MIH, default, MIXED, auto, 10",
    "64, BKTREE, default, MIXED, auto, 10", "256, FLAT, default, MIXED, auto, 10",
    "256, MIH, default, MIXED, auto, 10", "256, BKTREE, default, MIXED, auto, 10",
    "64, MIH, 3, MIXED, auto, 10", "256, MIH, 12, MIXED, auto, 10",
    "256, MIH, default, UNIFORM, 16, 1", "256, MIH, default, CLUSTERED, auto, 25",
    "256, BKTREE, default, CLUSTERED, auto, 10", "64, MIH, default, HOTSPOT, 4, 10",
    "256, MIH, default, HOTSPOT, auto, 10", "256, AUTO, default, IMAGES, auto, 10"
  })
  void rangeAndKnnShouldMatchTheOracle(
      int bits, IndexKind index, String radius, String dataset, String substrings, int k) {
    QueryBenchmark bench = new QueryBenchmark();
    bench.bits = bits;
    bench.index = index;
    bench.n = N;
    bench.radius = radius;
    bench.dataset = dataset;
    bench.mihSubstrings = substrings;
    bench.k = k;
    bench.seed = TestSeeds.seed("QueryBenchmark.data." + bits);
    bench.querySeed = TestSeeds.seed("QueryBenchmark.queries." + bits);
    try {
      bench.setUp();
      int r = QueryBenchmark.resolveRadius(radius, bits);
      BruteForceOracle oracle = new BruteForceOracle(bits);
      oracle.addBatch(bench.data, N);
      long totalMatches = 0;
      for (int i = 0; i < CHECKED_QUERIES; i++) {
        long[] q = bench.queries[i].words();
        int expected = oracle.search(q, Integer.MAX_VALUE, r).size();
        assertThat(bench.range()).as("range query %d, %s", i, TestSeeds.describe()).isEqualTo(expected);
        totalMatches += expected;
      }
      assertThat(totalMatches).as("the near-copy queries must find something").isPositive();
      // The range loop left the cursor at CHECKED_QUERIES.
      for (int i = CHECKED_QUERIES; i < 2 * CHECKED_QUERIES; i++) {
        List<String> nearest = oracle.search(bench.queries[i].words(), k, bits);
        int expected = 0;
        for (String hit : nearest) {
          expected += Integer.parseInt(hit.substring(hit.indexOf(':') + 1));
        }
        assertThat(nearest).hasSize(k);
        assertThat(bench.knn()).as("knn query %d, %s", i, TestSeeds.describe()).isEqualTo(expected);
      }
    } finally {
      bench.tearDown();
    }
    assertThat(Files.exists(bench.dir)).as("tear-down deletes the index directory").isFalse();
  }

  @Test
  void shouldResolveTheDefaultRadiusPerWidth() {
    assertThat(QueryBenchmark.resolveRadius("default", 256)).isEqualTo(31);
    assertThat(QueryBenchmark.resolveRadius("default", 64)).isEqualTo(8);
    assertThat(QueryBenchmark.resolveRadius("12", 64)).isEqualTo(12);
    assertThatThrownBy(() -> QueryBenchmark.resolveRadius("65", 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..64");
  }
}
