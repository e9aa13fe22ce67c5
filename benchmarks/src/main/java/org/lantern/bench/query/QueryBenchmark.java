package org.lantern.bench.query;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.bench.TempDirs;
import org.lantern.core.hash.Hash;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.search.SearchResult;
import org.lantern.core.search.SearchStats;
import org.lantern.bench.BenchDatasets;
import org.lantern.core.synth.DatasetKind;
import org.lantern.core.synth.SyntheticHashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one query against a {@link PlannedIndex} built from {@link SyntheticHashes}, with the
 * structure forced ({@code index}): a range query ({@link #range}: every hash within {@code
 * radius}, returns the number of matches) and a kNN query ({@link #knn}: the {@code k} nearest
 * with no radius limit, returns the sum of their distances). Mode is {@link Mode#SampleTime}, so
 * JMH prints p50/p90/p99/p99.9 per parameter set, in microseconds.
 *
 * <p>The index is built once per trial in a temporary directory, with only the structure the
 * trial forces (every structure for AUTO), and deleted in tear-down. The data set is {@code
 * dataset}: MIXED ({@link SyntheticHashes}, the default) or a {@link DatasetKind}; queries are
 * {@value #QUERIES}, half near copies of stored hashes (1..radius bits flipped), half random, one
 * per invocation, cycling (see {@link BenchDatasets}). The forks print the mean probes and candidates per query at the end
 * of each trial (from {@link SearchStats}).
 *
 * <p>Parameters, all overridable with {@code -p name=v1,v2}: {@code bits} 64 or 256; {@code
 * index} FLAT, MIH, BKTREE (AUTO lets the planner choose); {@code n} stored hashes (10M is
 * opt-in: {@code -p n=10000000}); {@code radius} an integer in 0..bits or {@code default} (31 for
 * 256 bits, 8 for 64 bits); {@code k} of kNN; {@code dataset}; {@code mihSubstrings} "auto" or a
 * count. Example:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar QueryBenchmark.range -p bits=256 -p n=1000000 -p radius=31
 * </pre>
 *
 * <p>Thread-safety: the state is shared by all benchmark threads ({@link Scope#Benchmark}); the
 * index allows concurrent readers, but the query cursor is a plain field, so with {@code -t > 1}
 * threads may share or skip queries (harmless for latency, not for exact reproduction).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueryBenchmark {
  /** Number of distinct queries cycled through; a power of two. */
  public static final int QUERIES = 1024;

  /** Hash width in bits: 64 or 256. */
  @Param({"64", "256"})
  public int bits;

  /** The structure every query is forced to use; AUTO lets the planner choose. */
  @Param({"FLAT", "MIH", "BKTREE"})
  public IndexKind index;

  /** Number of stored hashes. */
  @Param({"10000", "100000", "1000000"})
  public int n;

  /** An integer radius, or "default": 31 for 256 bits, 8 for 64 bits. */
  @Param({"default"})
  public String radius;

  /** k of {@link #knn}. */
  @Param({"10"})
  public int k;

  /** The data set: MIXED ({@link SyntheticHashes}) or a {@link DatasetKind} name. */
  @Param({"MIXED"})
  public String dataset;

  /** Multi-index substrings: "auto" (about log2(n) bits each) or a count, e.g. 16 (HMA's 16x16). */
  @Param({"auto"})
  public String mihSubstrings;

  /** Seed of the stored hashes; tests replace it. */
  long seed = BenchSeeds.DATA;

  /** Seed of the queries; tests replace it. */
  long querySeed = BenchSeeds.QUERIES;

  Path dir;
  PlannedIndex planned;
  long[] data; // the n stored hashes, packed, bits / 64 words each; id i is hash i
  Hash[] queries;
  int maxDistance; // the resolved radius
  private int cursor;
  private long probes; // summed over the trial, for the tear-down report
  private long candidates;
  private long searches;

  /** Resolves a radius parameter: an integer in 0..bits, or "default". */
  public static int resolveRadius(String radius, int bits) {
    if ("default".equals(radius)) {
      return bits == 256 ? 31 : 8;
    }
    int value = Integer.parseInt(radius.trim());
    if (value < 0 || value > bits) {
      throw new IllegalArgumentException("radius must be in 0.." + bits + ", got " + value);
    }
    return value;
  }

  /** Builds the index and the queries. */
  @Setup(Level.Trial)
  public void setUp() {
    ForkChecks.requireLanternFlags();
    maxDistance = resolveRadius(radius, bits);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    data = BenchDatasets.hashes(dataset, bits, n, seed);
    dir = TempDirs.create("lantern-query-");
    long buildMillis;
    try {
      planned = PlannedIndex.open(dir, bits, options(index, n, mihSubstrings));
      long start = System.nanoTime();
      planned.addBatch(data, n);
      buildMillis = (System.nanoTime() - start) / 1_000_000;
    } catch (RuntimeException | Error e) {
      tearDown(); // JMH does not tear down a trial whose set-up failed
      throw e;
    }
    long[] packed = BenchDatasets.queries(dataset, bits, data, n, QUERIES, maxDistance, querySeed);
    int words = bits / 64;
    queries = new Hash[QUERIES];
    long[] one = new long[words];
    for (int i = 0; i < QUERIES; i++) {
      System.arraycopy(packed, i * words, one, 0, words);
      queries[i] = Hash.ofWords(one);
    }
    System.out.printf(
        "%n[query] bits=%d n=%d dataset=%s index=%s radius=%d: built in %d ms, MIH layout %s, %d MiB mapped%n",
        bits, n, dataset, index, maxDistance, buildMillis, planned.mihLayout(), planned.mappedBytes() >> 20);
  }

  /**
   * The directory's options: only the structure the queries are forced to use (building a
   * BK-tree for MIH trials would make 10M trials cost minutes more), every structure for AUTO.
   */
  static IndexOptions options(IndexKind index, int n, String mihSubstrings) {
    int substrings = "auto".equals(mihSubstrings) ? 0 : Integer.parseInt(mihSubstrings.trim());
    java.util.EnumSet<IndexKind> structures = switch (index) {
      case AUTO -> java.util.EnumSet.of(IndexKind.MIH, IndexKind.BKTREE);
      case FLAT -> java.util.EnumSet.noneOf(IndexKind.class);
      default -> java.util.EnumSet.of(index);
    };
    return new IndexOptions(n, structures, substrings);
  }

  /** Closes the index, deletes its directory and prints the work per query. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (searches > 0) {
      System.out.printf(
          "%n[query] %s: %.1f probes, %.1f candidates per query (%d queries)%n",
          index, (double) probes / searches, (double) candidates / searches, searches);
    }
    if (planned != null) {
      planned.close();
      planned = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  private Hash nextQuery() {
    Hash q = queries[cursor];
    cursor = (cursor + 1) & (QUERIES - 1);
    return q;
  }

  private void count(SearchStats stats) {
    probes += stats.probes();
    candidates += stats.candidates();
    searches++;
  }

  /** One range query: every stored hash within the radius. Returns the number of matches. */
  @Benchmark
  public int range() {
    SearchResult result = planned.search(nextQuery(), Integer.MAX_VALUE, maxDistance, index);
    count(result.stats());
    return result.size();
  }

  /** One kNN query: the {@code k} nearest, any distance. Returns the sum of their distances. */
  @Benchmark
  public int knn() {
    SearchResult result = planned.search(nextQuery(), k, bits, index);
    count(result.stats());
    int sum = 0;
    for (int i = 0; i < result.size(); i++) {
      sum += result.matches().get(i).distance();
    }
    return sum;
  }
}
