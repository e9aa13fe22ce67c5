package org.lantern.bench.build;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.bench.TempDirs;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
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
 * Build cost: the time to {@link PlannedIndex#addBatch} {@code n} seeded hashes, in batches of
 * {@code batch}, into a fresh directory maintaining the structure set {@code structures}. One
 * invocation is one whole build ({@link Mode#SingleShotTime}, milliseconds); divide by {@code n} for
 * the cost per hash. Directory creation and deletion happen outside the timed region (per-invocation
 * fixtures, which are fine for invocations this long). The returned value is the index size.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BuildBenchmark -p n=1000000}
 *
 * <p>Thread-safety: one instance per benchmark thread ({@link Scope#Thread}); each build has its own
 * directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class BuildBenchmark {
  /** Which search structures the directory maintains (the hash store and flat scan always). */
  public enum Structures {
    /** Hash store only: the flat scan needs nothing else. */
    FLAT(EnumSet.noneOf(IndexKind.class)),
    /** Store plus the multi-index tables. */
    MIH(EnumSet.of(IndexKind.MIH)),
    /** Store plus the BK-tree. */
    BKTREE(EnumSet.of(IndexKind.BKTREE)),
    /** Everything ({@link IndexOptions#all}). */
    ALL(EnumSet.of(IndexKind.MIH, IndexKind.BKTREE));

    private final Set<IndexKind> kinds;

    Structures(Set<IndexKind> kinds) {
      this.kinds = kinds;
    }

    /** The options of a directory of this structure set, sized for {@code n} hashes. */
    public IndexOptions options(long n) {
      return new IndexOptions(n, kinds, 0);
    }
  }

  /** Hash width in bits: 64 or 256. */
  @Param({"64", "256"})
  public int bits;

  /** Hashes added per build. */
  @Param({"100000"})
  public int n;

  /** The structures the new directory maintains. */
  @Param({"FLAT", "MIH", "BKTREE", "ALL"})
  public Structures structures;

  /** Hashes per addBatch call (what a loader hands over at once). */
  @Param({"10000"})
  public int batch;

  /** Seed of the hashes; tests replace it. */
  long seed = BenchSeeds.DATA;

  long[] data; // n hashes, packed
  long[][] batches; // data split into batch-sized packed arrays (addBatch reads from index 0)
  int[] batchCounts;
  Path dir;
  PlannedIndex planned;

  /** Generates the hashes once. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    ForkChecks.requireLanternFlags();
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    int words = bits / 64;
    data = new SyntheticHashes(bits, seed).hashes(n);
    int count = (n + batch - 1) / batch;
    batches = new long[count][];
    batchCounts = new int[count];
    for (int b = 0; b < count; b++) {
      int from = b * batch;
      int to = Math.min(n, from + batch);
      batches[b] = Arrays.copyOfRange(data, from * words, to * words);
      batchCounts[b] = to - from;
    }
  }

  /** A fresh, empty index directory for every build. */
  @Setup(Level.Invocation)
  public void openFresh() {
    dir = TempDirs.create("lantern-build-");
    try {
      planned = PlannedIndex.open(dir, bits, structures.options(n));
    } catch (RuntimeException | Error e) {
      closeAndDelete();
      throw e;
    }
  }

  /** Closes and deletes the build's directory. */
  @TearDown(Level.Invocation)
  public void closeAndDelete() {
    if (planned != null) {
      planned.close();
      planned = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  /** Adds all n hashes, batch by batch. Returns the index size. */
  @Benchmark
  public int addAll() {
    final PlannedIndex index = planned;
    for (int b = 0; b < batches.length; b++) {
      index.addBatch(batches[b], batchCounts[b]);
    }
    return index.size();
  }
}
