package org.lantern.bench.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lantern.core.hash.Hash;
import org.lantern.core.index.IndexKind;
import org.lantern.core.search.Match;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;

/** Each build yields a complete index: every maintained structure answers as the oracle does. */
class BuildBenchmarkTest {
  private static final int N = 3000;

  @ParameterizedTest(name = "bits={0} structures={1}")
  @CsvSource({
    "64, FLAT", "64, MIH", "64, BKTREE", "64, ALL",
    "256, FLAT", "256, MIH", "256, BKTREE", "256, ALL"
  })
  void addAllShouldBuildAnIndexThatMatchesTheOracle(int bits, BuildBenchmark.Structures structures) {
    BuildBenchmark bench = new BuildBenchmark();
    bench.bits = bits;
    bench.n = N;
    bench.structures = structures;
    bench.batch = 700; // not a divisor of N: the last batch is partial
    bench.seed = TestSeeds.seed("BuildBenchmark." + bits);
    bench.setUpTrial();
    BruteForceOracle oracle = new BruteForceOracle(bits);
    oracle.addBatch(bench.data, N);
    int words = bits / 64;
    int radius = bits == 256 ? 31 : 8;
    SplittableRandom random = TestSeeds.random("BuildBenchmark.queries." + bits);
    for (int round = 0; round < 2; round++) { // two builds: the fixtures must reset cleanly
      try {
        bench.openFresh();
        assertThat(bench.addAll()).as(TestSeeds.describe()).isEqualTo(N);
        EnumSet<IndexKind> kinds = EnumSet.of(IndexKind.FLAT);
        kinds.addAll(bench.planned.structures());
        for (int i = 0; i < 40; i++) {
          long[] stored = HashGenerators.hashAt(bench.data, random.nextInt(N), words);
          long[] q = HashGenerators.nearCopy(random, stored, random.nextInt(radius + 1));
          List<String> expected = oracle.search(q, Integer.MAX_VALUE, radius);
          for (IndexKind kind : kinds) {
            List<String> got = new ArrayList<>();
            for (Match m : bench.planned.search(Hash.ofWords(q), Integer.MAX_VALUE, radius, kind).matches()) {
              got.add(m.id() + ":" + m.distance());
            }
            assertThat(got).as("%s query %d, %s", kind, i, TestSeeds.describe()).isEqualTo(expected);
          }
        }
      } finally {
        bench.closeAndDelete();
      }
      assertThat(Files.exists(bench.dir)).isFalse();
    }
  }
}
