package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.Match;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer that dies while linking a batch leaves links to ordinals that were never published.
 * The next writable open must unlink them; otherwise reusing those ordinals would corrupt the
 * bucket lists and the tree (lost entries, cycles).
 */
class CrashRepairTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {64, 256})
  void shouldUnlinkAHalfLinkedBatchOnReopen(int bits) {
    SplittableRandom random = TestSeeds.random("crash-repair/" + bits);
    int words = bits / 64;
    long[] first = HashGenerators.clustered(random, 300, words, 5, bits / 10);
    long[] lost = HashGenerators.clustered(random, 80, words, 5, bits / 10);
    long[] after = HashGenerators.clustered(random, 200, words, 5, bits / 10);
    BruteForceOracle oracle = new BruteForceOracle(bits);
    try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(1_000))) {
      index.addBatch(first, 300);
      oracle.addBatch(first, 300);
      // What addBatch does, stopped before publishing: the process "dies" here.
      index.store().appendUnpublished(lost, 80);
      index.store().beginLinking(380);
      index.structure(IndexKind.MIH).link(300, 380);
      index.structure(IndexKind.BKTREE).link(300, 340);
    }
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(1_000))) {
        assertThat(index.ordinals()).isEqualTo(300);
        assertThat(index.addBatch(after, 200)).isEqualTo(300); // the lost ordinals are reused
        oracle.addBatch(after, 200);
        for (IndexKind kind : new IndexKind[] {IndexKind.FLAT, IndexKind.MIH, IndexKind.BKTREE}) {
          for (int q = 0; q < 40; q++) {
            long[] query = HashGenerators.nearCopy(random, HashGenerators.hashAt(q % 2 == 0 ? after : first, random.nextInt(200), words), random.nextInt(bits / 8));
            int radius = random.nextInt(bits / 3);
            var actual = index.search(Hash.ofWords(query), Integer.MAX_VALUE, radius, kind).matches().stream()
                .map(m -> m.id() + ":" + m.distance()).toList();
            assertThat(actual).as("%s r=%d %s", kind, radius, TestSeeds.describe())
                .isEqualTo(oracle.search(query, Integer.MAX_VALUE, radius));
          }
        }
      }
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 256})
  void hotBucketsShouldBeLeftOutWithoutChangingTheAnswer(int bits) {
    SplittableRandom random = TestSeeds.random("hot/" + bits);
    int words = bits / 64;
    int n = 20_000;
    long[] packed = HashGenerators.uniform(random, n, words);
    // A quarter of the hashes share a hot prefix: the first 64 bits (PDQ) or 32 bits (64-bit).
    long hotMask = bits == 64 ? 0xFFFF_FFFF_0000_0000L : -1L;
    long hotWord = random.nextLong() & hotMask;
    for (int i = 0; i < n; i += 4) {
      packed[i * words] = hotWord | (packed[i * words] & ~hotMask);
    }
    BruteForceOracle oracle = new BruteForceOracle(bits);
    oracle.addBatch(packed, n);
    try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(n))) {
      index.addBatch(packed, n);
      for (int q = 0; q < 20; q++) {
        long[] query = HashGenerators.nearCopy(random, HashGenerators.hashAt(packed, 4 * random.nextInt(n / 4), words), 3);
        query[0] = hotWord | (query[0] & ~hotMask); // in the hot bucket of each table the prefix covers
        if (q % 2 == 1) {
          // ... or next to it: one or two flipped bits in the prefix make the hot bucket a probe
          query[0] ^= 1L << (63 - random.nextInt(12));
          query[0] ^= random.nextBoolean() ? 1L << (63 - random.nextInt(12)) : 0;
        }
        int radius = bits == 64 ? 8 : 31;
        var result = index.search(Hash.ofWords(query), Integer.MAX_VALUE, radius, IndexKind.MIH);
        assertThat(result.matches().stream().map(m -> m.id() + ":" + m.distance()).toList())
            .isEqualTo(oracle.search(query, Integer.MAX_VALUE, radius));
        // Visiting the hot buckets would cost n/4 candidates per table that the prefix covers.
        assertThat(result.stats().candidates())
            .as("candidates with hot tables left out, %s", TestSeeds.describe())
            .isLessThan(n / 4);
        for (Match match : result.matches()) {
          assertThat(match.distance()).isLessThanOrEqualTo(radius);
        }
      }
    }
  }
}
