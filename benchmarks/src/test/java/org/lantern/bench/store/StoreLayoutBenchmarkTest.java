package org.lantern.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lantern.core.hash.Hamming;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;

/** Every layout's reads, scans and appends against distances computed directly on the data. */
class StoreLayoutBenchmarkTest {
  private static final int N = 4 * StoreLayoutBenchmark.APPEND_BATCH;

  @ParameterizedTest(name = "bits={0} layout={1}")
  @CsvSource({
    "64, MAPPED", "64, CHRONICLE", "64, CHRONICLE_IN_PLACE",
    "256, MAPPED", "256, CHRONICLE", "256, CHRONICLE_IN_PLACE"
  })
  void everyOperationShouldMatchBruteForce(int bits, StoreLayoutBenchmark.Layout layout) {
    StoreLayoutBenchmark bench = new StoreLayoutBenchmark();
    bench.bits = bits;
    bench.n = N;
    bench.layout = layout;
    bench.seed = TestSeeds.seed("StoreLayout.data." + bits);
    bench.querySeed = TestSeeds.seed("StoreLayout.queries." + bits);
    int words = bits / 64;
    StoreLayoutBenchmark.AppendState append = new StoreLayoutBenchmark.AppendState();
    try {
      bench.setUp();
      assertThat(bench.store.size()).isEqualTo(N);
      // (a) random reads follow the ordinal stream
      for (int i = 0; i < 3000; i++) {
        long[] code = HashGenerators.hashAt(bench.data, bench.ordinals[i], words);
        assertThat(bench.randomRead())
            .as("read %d (ordinal %d), %s", i, bench.ordinals[i], TestSeeds.describe())
            .isEqualTo(Hamming.distance(code, bench.query));
      }
      // (c) the scan sums every distance
      long expectedSum = 0;
      for (int i = 0; i < N; i++) {
        expectedSum += Hamming.distance(HashGenerators.hashAt(bench.data, i, words), bench.query);
      }
      assertThat(bench.scan()).as(TestSeeds.describe()).isEqualTo(expectedSum);
      // (b) appends fill the store batch by batch, then start over in a fresh one
      int batches = N / StoreLayoutBenchmark.APPEND_BATCH;
      for (int b = 1; b <= batches; b++) {
        append.ensureRoom(bench);
        assertThat(bench.append(append)).isEqualTo(b * StoreLayoutBenchmark.APPEND_BATCH);
      }
      assertThat(append.store.scan(bench.query)).as(TestSeeds.describe()).isEqualTo(expectedSum);
      for (int ordinal = 0; ordinal < N; ordinal += 7) {
        long[] code = HashGenerators.hashAt(bench.data, ordinal, words);
        assertThat(append.store.distance(ordinal, bench.query)).isEqualTo(Hamming.distance(code, bench.query));
      }
      Path firstAppendDir = append.dir;
      append.ensureRoom(bench);
      assertThat(Files.exists(firstAppendDir)).as("a full append store is deleted").isFalse();
      assertThat(bench.append(append)).isEqualTo(StoreLayoutBenchmark.APPEND_BATCH);
      long[] first = HashGenerators.hashAt(bench.data, 0, words);
      assertThat(append.store.distance(0, bench.query)).isEqualTo(Hamming.distance(first, bench.query));
    } finally {
      Path appendDir = append.dir;
      append.close();
      bench.tearDown();
      assertThat(appendDir == null || !Files.exists(appendDir)).isTrue();
    }
    assertThat(Files.exists(bench.dir)).isFalse();
  }
}
