package org.lantern.bench.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.bench.TempDirs;
import org.lantern.core.synth.SyntheticHashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chronicle Map against flat memory-mapped arrays (our {@code HashStore}) for the hash bits'
 * three hot operations (DESIGN.md §2: "which layout wins is decided by benchmark"), in ns/op:
 *
 * <ul>
 *   <li>{@link #randomRead}: the distance from a query to the code at a random ordinal, one per
 *       invocation; what a multi-index candidate check does. The ordinals are a seeded random
 *       stream over all n codes, so the working set is the whole store;
 *   <li>{@link #append}: appending {@value #APPEND_BATCH} codes per invocation (ns/op is per
 *       code): {@code put} per code vs {@code appendUnpublished} + {@code publish} per batch. The
 *       store is recreated (untimed) whenever the next batch would exceed {@code n}, so it never
 *       grows past its sizing and the page faults of fresh file pages are part of the cost;
 *   <li>{@link #scan}: the sum of distances from one query to all n codes; one op is the whole
 *       scan (divide by n for ns per code).
 * </ul>
 *
 * <p>Layouts ({@code layout}): {@code MAPPED} (HashStore: packed codes in chunked mapped files),
 * {@code CHRONICLE} (a persisted Chronicle Map keyed by ordinal, single reads by {@code getUsing}
 * into a reused value), {@code CHRONICLE_IN_PLACE} (the same map, single reads through a query
 * context without copying). Scans and appends are the same for both Chronicle layouts.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StoreLayoutBenchmark -p n=1000000}
 *
 * <p>Thread-safety: the read store is shared ({@link Scope#Benchmark}) but the Chronicle holders
 * are single-threaded, so run with one thread (the default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StoreLayoutBenchmark {
  /** Codes appended per {@link #append} invocation. */
  public static final int APPEND_BATCH = 1024;

  /** Length of the random ordinal stream; a power of two. */
  static final int ORDINALS = 1 << 20;

  /** The storage layouts compared. */
  public enum Layout {
    /** Our HashStore: packed codes in chunked memory-mapped files. */
    MAPPED,
    /** Chronicle Map keyed by ordinal, single reads by getUsing into a reused value. */
    CHRONICLE,
    /** Chronicle Map keyed by ordinal, single reads in place through a query context. */
    CHRONICLE_IN_PLACE;

    /** Creates an empty store of this layout in {@code dir}, sized for {@code capacity} codes. */
    public CodeStore create(Path dir, int bits, long capacity) {
      return switch (this) {
        case MAPPED -> new MappedCodeStore(dir, bits, capacity);
        case CHRONICLE -> ChronicleCodeStore.create(dir.resolve("codes.cm3"), bits, capacity, false);
        case CHRONICLE_IN_PLACE ->
            ChronicleCodeStore.create(dir.resolve("codes.cm3"), bits, capacity, true);
      };
    }
  }

  /** Code width in bits: 256 (32-byte codes) or 64 (8-byte codes). */
  @Param({"256", "64"})
  public int bits;

  /** Codes in the read store, and the capacity of the append store; at least 1024. */
  @Param({"1000000"})
  public int n;

  /** The storage layout under test. */
  @Param({"MAPPED", "CHRONICLE", "CHRONICLE_IN_PLACE"})
  public Layout layout;

  /** Seed of the codes; tests replace it. */
  long seed = BenchSeeds.DATA;

  /** Seed of the query and ordinal stream; tests replace it. */
  long querySeed = BenchSeeds.QUERIES;

  long[] data; // the n codes, packed; ordinal i holds hash i
  long[][] appendBatches; // data cut into APPEND_BATCH-code packed arrays
  long[] query; // one random query, words() long
  int[] ordinals; // ORDINALS random ordinals in 0..n-1
  Path dir;
  CodeStore store; // holds all n codes
  private int cursor;

  /** Generates the codes and fills the read store. */
  @Setup(Level.Trial)
  public void setUp() {
    ForkChecks.requireLanternFlags();
    if (n < APPEND_BATCH) {
      throw new IllegalArgumentException("n must be at least " + APPEND_BATCH + ", got " + n);
    }
    int words = bits / 64;
    data = new SyntheticHashes(bits, seed).hashes(n);
    appendBatches = new long[n / APPEND_BATCH][];
    for (int b = 0; b < appendBatches.length; b++) {
      appendBatches[b] =
          Arrays.copyOfRange(data, b * APPEND_BATCH * words, (b + 1) * APPEND_BATCH * words);
    }
    SplittableRandom random = new SplittableRandom(querySeed);
    query = new long[words];
    for (int w = 0; w < words; w++) {
      query[w] = random.nextLong();
    }
    ordinals = new int[ORDINALS];
    for (int i = 0; i < ORDINALS; i++) {
      ordinals[i] = random.nextInt(n);
    }
    dir = TempDirs.create("lantern-store-");
    long start = System.nanoTime();
    try {
      store = layout.create(dir, bits, n);
      for (int from = 0; from < n; from += APPEND_BATCH) {
        int count = Math.min(APPEND_BATCH, n - from);
        store.append(Arrays.copyOfRange(data, from * words, (from + count) * words), count);
      }
    } catch (RuntimeException | Error e) {
      tearDown(); // JMH does not tear down a trial whose set-up failed
      throw e;
    }
    System.out.printf(
        "%n[store] %s bits=%d: %d codes loaded in %d ms%n",
        layout, bits, n, (System.nanoTime() - start) / 1_000_000);
  }

  /** Closes the read store and deletes its directory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
      store = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  /** The distance from the query to the code at the next random ordinal. */
  @Benchmark
  public int randomRead() {
    int ordinal = ordinals[cursor];
    cursor = (cursor + 1) & (ORDINALS - 1);
    return store.distance(ordinal, query);
  }

  /** Sum of the distances from the query to all n codes. */
  @Benchmark
  public long scan() {
    return store.scan(query);
  }

  /** Appends the next {@value #APPEND_BATCH} codes to the append store. Returns its size. */
  @Benchmark
  @OperationsPerInvocation(APPEND_BATCH)
  public int append(AppendState state) {
    state.store.append(appendBatches[state.nextBatch], APPEND_BATCH);
    state.nextBatch = (state.nextBatch + 1) % appendBatches.length;
    return state.store.size();
  }

  /**
   * The store {@link #append} writes to, separate from the read store, recreated when full.
   *
   * <p>Thread-safety: one per benchmark thread.
   */
  @State(Scope.Thread)
  public static class AppendState {
    Path dir;
    CodeStore store;
    int nextBatch;

    /** Before each invocation: a fresh, empty store if the next batch would not fit. */
    @Setup(Level.Invocation)
    public void ensureRoom(StoreLayoutBenchmark bench) {
      if (store != null && store.size() + APPEND_BATCH <= bench.n) {
        return;
      }
      close();
      dir = TempDirs.create("lantern-append-");
      try {
        store = bench.layout.create(dir, bench.bits, bench.n);
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    /** Closes and deletes the append store. */
    @TearDown(Level.Trial)
    public void close() {
      if (store != null) {
        store.close();
        store = null;
      }
      TempDirs.deleteRecursively(dir);
      dir = null;
    }
  }
}
