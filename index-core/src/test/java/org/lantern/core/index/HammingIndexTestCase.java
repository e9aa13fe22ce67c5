package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test body for every index implementation and width: each subclass names an {@link
 * IndexKind} and a width, and every search is forced through that implementation and compared —
 * ids, distances and order — with {@link BruteForceOracle}.
 */
public abstract class HammingIndexTestCase {
  @TempDir Path tempDir;

  private final List<PlannedIndex> opened = new ArrayList<>();

  /** The implementation under test. */
  protected abstract IndexKind kind();

  /** 64 or 256. */
  protected abstract int bits();

  protected int words() {
    return bits() / 64;
  }

  /** Options for a test directory: every structure, sized for small sets (short substrings). */
  protected IndexOptions options() {
    return IndexOptions.all(1_000);
  }

  protected PlannedIndex open(Path dir) {
    PlannedIndex index = PlannedIndex.open(dir, bits(), options());
    opened.add(index);
    return index;
  }

  @AfterEach
  void closeAll() {
    for (PlannedIndex index : opened) {
      index.close();
    }
  }

  private Path newDir(String name) {
    try {
      return Files.createDirectories(tempDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> asStrings(SearchResult result) {
    List<String> strings = new ArrayList<>();
    for (Match match : result.matches()) {
      strings.add(match.id() + ":" + match.distance());
    }
    return strings;
  }

  private SplittableRandom random(String salt) {
    return TestSeeds.random(getClass().getName() + "/" + salt);
  }

  /** Asserts that the index equals the oracle for range and k-NN queries around {@code queries}. */
  private void assertSameAsOracle(
      PlannedIndex index, BruteForceOracle oracle, List<long[]> queries, int[] radii, int[] ks) {
    for (long[] query : queries) {
      Hash q = Hash.ofWords(query);
      for (int radius : radii) {
        List<String> expected = oracle.search(query, Integer.MAX_VALUE, radius);
        SearchResult actual = index.search(q, Integer.MAX_VALUE, radius, kind());
        assertThat(asStrings(actual))
            .as("range r=%d query=%s %s %s", radius, q, kind(), TestSeeds.describe())
            .isEqualTo(expected);
        for (Match match : actual.matches()) {
          assertThat(match.hash()).isEqualTo(Hash.ofWords(oracle.hash((int) match.id())));
        }
      }
      for (int k : ks) {
        assertThat(asStrings(index.search(q, k, bits(), kind())))
            .as("knn k=%d query=%s %s %s", k, q, kind(), TestSeeds.describe())
            .isEqualTo(oracle.search(query, k, bits()));
        int bounded = Math.min(bits(), radii[radii.length / 2]);
        assertThat(asStrings(index.search(q, k, bounded, kind())))
            .as("knn k=%d within %d query=%s %s %s", k, bounded, q, kind(), TestSeeds.describe())
            .isEqualTo(oracle.search(query, k, bounded));
      }
    }
  }

  /** Queries: near copies of stored hashes (0..40 bits away) and uniform random hashes. */
  private List<long[]> queries(SplittableRandom random, long[] packed, int stored, int count) {
    List<long[]> queries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0 && stored > 0) {
        long[] base = HashGenerators.hashAt(packed, random.nextInt(stored), words());
        queries.add(HashGenerators.nearCopy(random, base, random.nextInt(Math.min(41, bits()))));
      } else {
        queries.add(HashGenerators.uniform(random, 1, words()));
      }
    }
    return queries;
  }

  private int[] allRadii() {
    return java.util.stream.IntStream.rangeClosed(0, bits()).toArray();
  }

  private int[] someRadii() {
    return bits() == 64
        ? new int[] {0, 1, 2, 3, 5, 8, 10, 16, 24, 32, 64}
        : new int[] {0, 1, 2, 7, 15, 31, 32, 48, 64, 100, 128, 256};
  }

  private static final int[] KS = {1, 2, 5, 17, 100, 5000};

  private PlannedIndex loaded(String name, long[] packed, int count, BruteForceOracle oracle) {
    PlannedIndex index = open(newDir(name));
    index.addBatch(packed, count);
    oracle.addBatch(packed, count);
    return index;
  }

  @Test
  void shouldMatchOracleOnUniformDataForEveryRadius() {
    SplittableRandom random = random("uniform");
    int n = 600;
    long[] packed = HashGenerators.uniform(random, n, words());
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("uniform", packed, n, oracle);
    assertSameAsOracle(index, oracle, queries(random, packed, n, 6), allRadii(), KS);
  }

  @Test
  void shouldMatchOracleOnClusteredData() {
    SplittableRandom random = random("clustered");
    int n = 1500;
    long[] packed = HashGenerators.clustered(random, n, words(), 20, bits() / 8);
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("clustered", packed, n, oracle);
    assertSameAsOracle(index, oracle, queries(random, packed, n, 20), someRadii(), KS);
  }

  @Test
  void shouldMatchOracleOnDegenerateData() {
    SplittableRandom random = random("degenerate");
    int n = 3000; // 600 identical, 600 all-zero/all-one, 1200 sharing a 64-bit substring
    long[] packed = HashGenerators.degenerate(random, n, words());
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("degenerate", packed, n, oracle);
    List<long[]> queries = queries(random, packed, n, 8);
    queries.add(new long[words()]); // all zero
    long[] ones = new long[words()];
    java.util.Arrays.fill(ones, -1L);
    queries.add(ones);
    queries.add(HashGenerators.hashAt(packed, 0, words())); // the repeated hash itself
    queries.add(HashGenerators.hashAt(packed, 2, words())); // one of the shared-substring hashes
    assertSameAsOracle(index, oracle, queries, someRadii(), KS);
  }

  @Test
  void shouldMatchFilterFirstOracleWithRejectedHashesCrowdingTheQuery() {
    SplittableRandom random = random("filtered");
    int n = 3_000;
    long[] base = HashGenerators.uniform(random, 1, words());
    long[] packed = new long[n * words()];
    boolean[] rejected = new boolean[n];
    for (int i = 0; i < n; i++) {
      // Two thirds are near copies of one hash; of those, nine in ten are rejected.
      boolean near = i % 3 != 0;
      long[] hash = near ? HashGenerators.nearCopy(random, base, random.nextInt(bits() / 8 + 1))
          : HashGenerators.uniform(random, 1, words());
      System.arraycopy(hash, 0, packed, i * words(), words());
      rejected[i] = near ? random.nextInt(10) != 0 : random.nextInt(4) == 0;
    }
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("filtered", packed, n, oracle);
    for (int i = 0; i < n; i += 5) {
      index.remove(i);
      oracle.remove(i);
    }
    org.lantern.core.search.HitFilter filter = (ordinal, distance) -> {
      assertThat(distance).isEqualTo(Hash.ofWords(oracle.hash(ordinal)).distance(current));
      return !rejected[ordinal];
    };
    for (int q = 0; q < 8; q++) {
      long[] query = q % 4 == 3 ? HashGenerators.uniform(random, 1, words()) : HashGenerators.nearCopy(random, base, random.nextInt(4));
      current = Hash.ofWords(query);
      for (int k : KS) {
        for (int radius : new int[] {bits() / 8, bits() / 4, bits()}) {
          assertThat(asStrings(index.search(current, k, radius, kind(), filter)))
              .as("filtered knn k=%d within %d query=%s %s %s", k, radius, current, kind(), TestSeeds.describe())
              .isEqualTo(oracle.search(query, k, radius, id -> !rejected[id]));
        }
      }
    }
  }

  /** The query of the running filtered search (its filter checks the distances it is given). */
  private Hash current;

  @Test
  void shouldMatchOracleAfterRemovals() {
    SplittableRandom random = random("removals");
    int n = 1200;
    long[] packed = HashGenerators.clustered(random, n, words(), 30, bits() / 10);
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("removals", packed, n, oracle);
    for (int i = 0; i < n / 3; i++) {
      long id = random.nextInt(n + 5) - 2; // includes ids that do not exist
      assertThat(index.remove(id)).as("remove %d %s", id, TestSeeds.describe()).isEqualTo(oracle.remove(id));
    }
    assertThat(index.size()).isEqualTo(n - (int) Stream.iterate(0, i -> i + 1).limit(n)
        .filter(id -> oracle.search(oracle.hash(id), Integer.MAX_VALUE, 0).stream()
            .noneMatch(s -> s.startsWith(id + ":"))).count());
    assertSameAsOracle(index, oracle, queries(random, packed, n, 12), someRadii(), KS);
    // Removed hashes are gone for get() too; a new add after removals gets a fresh id.
    long fresh = index.add(Hash.ofWords(HashGenerators.hashAt(packed, 0, words())));
    oracle.addBatch(HashGenerators.hashAt(packed, 0, words()), 1);
    assertThat(fresh).isEqualTo(n);
    assertSameAsOracle(index, oracle, queries(random, packed, n, 4), someRadii(), KS);
  }

  @Test
  void shouldMatchOracleAfterCloseAndReopen() {
    SplittableRandom random = random("reopen");
    int n = 900;
    long[] packed = HashGenerators.clustered(random, n, words(), 10, bits() / 6);
    BruteForceOracle oracle = new BruteForceOracle(bits());
    Path dir = newDir("reopen");
    try (PlannedIndex first = PlannedIndex.open(dir, bits(), options())) {
      first.addBatch(packed, n / 2);
      for (int i = 0; i < 40; i++) {
        first.remove(i * 7);
      }
    }
    oracle.addBatch(packed, n / 2);
    for (int i = 0; i < 40; i++) {
      oracle.remove(i * 7);
    }
    PlannedIndex reopened = open(dir);
    assertSameAsOracle(reopened, oracle, queries(random, packed, n / 2, 6), someRadii(), KS);
    // It keeps growing where it stopped.
    long[] rest = java.util.Arrays.copyOfRange(packed, (n / 2) * words(), n * words());
    assertThat(reopened.addBatch(rest, n - n / 2)).isEqualTo(n / 2);
    oracle.addBatch(rest, n - n / 2);
    assertSameAsOracle(reopened, oracle, queries(random, packed, n, 6), someRadii(), KS);
    // A read-only view of the same directory sees the same answers.
    try (PlannedIndex readOnly = PlannedIndex.openReadOnly(dir, bits())) {
      long[] query = HashGenerators.hashAt(packed, 3, words());
      assertThat(asStrings(readOnly.search(Hash.ofWords(query), 50, bits() / 4, kind())))
          .isEqualTo(oracle.search(query, 50, bits() / 4));
    }
  }

  @Test
  void shouldAnswerEdgeCases() {
    PlannedIndex index = open(newDir("edges"));
    Hash zero = Hash.ofWords(new long[words()]);
    assertThat(index.search(zero, 10, bits(), kind()).matches()).isEmpty();
    assertThat(index.search(zero, Integer.MAX_VALUE, 0, kind()).matches()).isEmpty();
    index.add(zero);
    long[] ones = new long[words()];
    java.util.Arrays.fill(ones, -1L);
    index.add(Hash.ofWords(ones));
    // radius 0 finds only the exact hash; radius = width finds everything; k > size returns all.
    assertThat(asStrings(index.search(zero, Integer.MAX_VALUE, 0, kind()))).containsExactly("0:0");
    assertThat(asStrings(index.search(zero, Integer.MAX_VALUE, bits() - 1, kind()))).containsExactly("0:0");
    assertThat(asStrings(index.search(zero, Integer.MAX_VALUE, bits(), kind())))
        .containsExactly("0:0", "1:" + bits());
    assertThat(asStrings(index.search(zero, 99, bits(), kind()))).containsExactly("0:0", "1:" + bits());
    assertThatThrownBy(() -> index.search(zero, 0, 3, kind())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.search(zero, 1, bits() + 1, kind()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.." + bits());
    assertThatThrownBy(() -> index.search(zero, 1, -1, kind())).isInstanceOf(IllegalArgumentException.class);
    Hash otherWidth = bits() == 64 ? Hash.of256(0, 0, 0, 0) : Hash.of64(0);
    assertThatThrownBy(() -> index.add(otherWidth)).isInstanceOf(IllegalArgumentException.class);
    assertThat(index.get(0)).isEqualTo(zero);
    assertThat(index.get(2)).isNull();
    assertThat(index.remove(0)).isTrue();
    assertThat(index.remove(0)).isFalse();
    assertThat(index.get(0)).isNull();
    assertThat(asStrings(index.search(zero, 5, bits(), kind()))).containsExactly("1:" + bits());
  }

  @Test
  void aBigBatchShouldAnswerLikeTheOracle() {
    // Past 4096 hashes a batch links MIH tables on two threads: the answers must not change.
    SplittableRandom random = random("big-batch");
    int n = 9000;
    long[] packed = HashGenerators.clustered(random, n, words(), 30, bits() / 6);
    BruteForceOracle oracle = new BruteForceOracle(bits());
    PlannedIndex index = loaded("big-batch", packed, n, oracle);
    assertSameAsOracle(index, oracle, queries(random, packed, n, 4), someRadii(), new int[] {1, 17, 100});
  }

  @Test
  void rangeShouldEqualKnnFilteredToTheRadius() {
    SplittableRandom random = random("range-vs-knn");
    int n = 800;
    long[] packed = HashGenerators.clustered(random, n, words(), 8, bits() / 5);
    PlannedIndex index = open(newDir("range-vs-knn"));
    index.addBatch(packed, n);
    for (long[] query : queries(random, packed, n, 10)) {
      Hash q = Hash.ofWords(query);
      for (int radius : someRadii()) {
        List<String> range = asStrings(index.search(q, Integer.MAX_VALUE, radius, kind()));
        List<String> knn = asStrings(index.search(q, n, bits(), kind()));
        List<String> filtered = knn.stream()
            .filter(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1)) <= radius).toList();
        assertThat(range).as("r=%d %s", radius, TestSeeds.describe()).isEqualTo(filtered);
      }
    }
  }

  @Test
  void propertyShouldMatchOracleForRandomSetsAndRadii() {
    Path root = newDir("property");
    int[] counter = {0};
    qt().withExamples(TestSeeds.iterations(25))
        .withFixedSeed(TestSeeds.seed(getClass().getName() + "/property"))
        .forAll(longs().all(), integers().between(0, 400), integers().between(0, bits()), integers().between(1, 60))
        .checkAssert((seed, n, radius, k) -> {
          SplittableRandom random = new SplittableRandom(seed);
          long[] packed = random.nextBoolean()
              ? HashGenerators.uniform(random, n, words())
              : HashGenerators.clustered(random, Math.max(n, 1), words(), 1 + random.nextInt(5), bits() / 4);
          int count = packed.length / words();
          BruteForceOracle oracle = new BruteForceOracle(bits());
          try (PlannedIndex index = PlannedIndex.open(root.resolve("p" + counter[0]++), bits(), options())) {
            index.addBatch(packed, count);
            oracle.addBatch(packed, count);
            for (long[] query : queries(random, packed, count, 3)) {
              assertThat(asStrings(index.search(Hash.ofWords(query), k, radius, kind())))
                  .as("seed=%d n=%d r=%d k=%d", seed, count, radius, k)
                  .isEqualTo(oracle.search(query, k, radius));
            }
          }
        });
  }
}
