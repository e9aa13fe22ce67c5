package org.lantern.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.search.SearchResult;
import org.lantern.core.synth.SyntheticHashes;
import org.lantern.server.cli.HashTypeConverter;
import org.lantern.server.cli.IndexKindConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lantern bench index}: builds an index of N seeded synthetic hashes ({@link
 * SyntheticHashes}: uniform, near-duplicate clusters, a hot substring), then times Q queries on
 * one thread — half near copies of stored hashes, half random — and prints build time, memory and
 * the latency distribution.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Builds an index of N seeded synthetic hashes and times Q single-threaded queries.",
      "",
      "Example: lantern bench index --type pdq --n 1000000 --queries 20000 --max-distance 31"
    })
final class IndexBenchCommand implements Callable<Integer> {
  private static final int BUILD_BATCH = 65_536;

  @Spec CommandSpec spec;

  @Option(names = "--type", defaultValue = "pdq", converter = HashTypeConverter.class,
      description = "pdq, phash or dhash (default: ${DEFAULT-VALUE}).")
  HashType type;

  @Option(names = "--n", defaultValue = "1000000", description = "Hashes to index (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--queries", defaultValue = "10000", description = "Timed queries (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--warmup", defaultValue = "5000", description = "Untimed queries first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--max-distance", paramLabel = "R",
      description = "Query radius (default: 31 for pdq, 8 for phash/dhash).")
  Integer maxDistance;

  @Option(names = "--limit", paramLabel = "K", defaultValue = "100",
      description = "At most K matches per query (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--index", defaultValue = "auto", converter = IndexKindConverter.class,
      description = "auto, mih, bktree or flat (default: ${DEFAULT-VALUE}).")
  IndexKind index;

  @Option(names = "--structures", split = ",", converter = IndexKindConverter.class,
      description = "Structures to build, e.g. mih,bktree (default: the one --index names, "
          + "or the type's defaults for auto).")
  IndexKind[] structures;

  @Option(names = "--mih-substrings", defaultValue = "0",
      description = "Multi-index substrings (default: chosen from N).")
  int mihSubstrings;

  @Option(names = "--show-slowest", defaultValue = "0", paramLabel = "N",
      description = "Also list the N slowest queries with their candidate counts.")
  int showSlowest;

  @Option(names = "--sync",
      description = "Write the built index to disk (msync) before the queries, so that the kernel's "
          + "write-back of a fresh index does not run during them.")
  boolean sync;

  @Option(names = "--seed", defaultValue = "42", description = "Data and query seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Build here and keep it (default: a temporary directory, deleted afterwards).")
  Path data;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    int radius = maxDistance == null ? type.defaultMaxDistance() : maxDistance;
    if (n < 1 || queries < 1 || queries > 1 << 24 || warmup < 0 || limit < 1 || radius < 0
        || radius > type.bits()) {
      throw new IllegalArgumentException("need --n >= 1, --queries in 1..16777216, --warmup >= 0, "
          + "--limit >= 1 and --max-distance in 0.." + type.bits());
    }
    boolean temporary = data == null;
    Path dir = temporary ? Files.createTempDirectory("lantern-bench-") : data;
    if (!temporary && PlannedIndex.exists(dir)) {
      throw new IllegalArgumentException(dir + " already holds an index; give an empty directory");
    }
    int words = type.bits() / 64;
    try {
      ProcessMemory before = ProcessMemory.sample();
      SyntheticHashes synthetic = new SyntheticHashes(type.bits(), seed);
      SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
      // Stored hashes to derive near-copy queries from, sampled while the data is generated.
      int nearCount = (warmup + queries + 1) / 2;
      long[] bases = new long[nearCount * words];
      int[] basePositions = random.ints(nearCount, 0, n).sorted().toArray();
      long built;
      PlannedIndex planned;
      long start = System.nanoTime();
      planned = PlannedIndex.open(dir, type.bits(), options());
      try {
        long[] batch = new long[BUILD_BATCH * words];
        int next = 0;
        for (int done = 0; done < n; ) {
          int count = Math.min(BUILD_BATCH, n - done);
          synthetic.fill(batch, count);
          while (next < nearCount && basePositions[next] < done + count) {
            System.arraycopy(batch, (basePositions[next] - done) * words, bases, next * words, words);
            next++;
          }
          planned.addBatch(batch, count);
          done += count;
        }
        built = System.nanoTime() - start;
        ProcessMemory after = ProcessMemory.sample();
        out.printf(Locale.ROOT, "index: %s, n=%d, %s, structures %s%s%n", type.label(), n, dir,
            planned.structures(), planned.mihLayout().isEmpty() ? "" : ", substrings " + planned.mihLayout());
        out.printf(Locale.ROOT, "build: %.2f s (%,.0f hashes/s)%n", built / 1e9, n / (built / 1e9));
        out.printf(Locale.ROOT, "memory after build: %s; files mapped %.0f MiB%n",
            after.describe(), planned.mappedBytes() / 1048576.0);
        out.printf(Locale.ROOT, "memory at start:    %s%n", before.describe());

        if (sync) {
          long t0 = System.nanoTime();
          planned.force();
          out.printf(Locale.ROOT, "force (msync) after build: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
        Hash[] queryHashes = queries(random, bases, nearCount, words, radius, warmup + queries);
        for (int i = 0; i < warmup; i++) {
          planned.search(queryHashes[queries + i], limit, radius, index);
        }
        Histogram latencies = new Histogram(3_600_000_000L, 3);
        long probes = 0;
        long candidates = 0;
        long results = 0;
        long withMatches = 0;
        long[] faultsBefore = ProcessMemory.pageFaults();
        long[] slowest = new long[queries]; // latency ns << 24 | query index, to list the slowest
        long[] candidatesOf = new long[queries];
        for (int i = 0; i < queries; i++) {
          long t0 = System.nanoTime();
          SearchResult result = planned.search(queryHashes[i], limit, radius, index);
          long elapsed = System.nanoTime() - t0;
          latencies.recordValue(Math.max(1, elapsed));
          slowest[i] = Math.min(elapsed, (1L << 39) - 1) << 24 | i;
          candidatesOf[i] = result.stats().candidates();
          probes += result.stats().probes();
          candidates += result.stats().candidates();
          results += result.size();
          withMatches += result.size() > 0 ? 1 : 0;
        }
        long[] faultsAfter = ProcessMemory.pageFaults();
        ProcessMemory end = ProcessMemory.sample();
        if (showSlowest > 0) {
          java.util.Arrays.sort(slowest);
          for (int j = 0; j < Math.min(showSlowest, queries); j++) {
            long entry = slowest[queries - 1 - j];
            int q = (int) (entry & ((1 << 24) - 1));
            out.printf(Locale.ROOT, "slow query %d: %.1f us, candidates %d, query %s%n",
                q, (entry >>> 24) / 1e3, candidatesOf[q], queryHashes[q]);
          }
        }
        out.printf(Locale.ROOT, "queries: %d (+%d warm-up), radius %d, limit %d, index %s, one thread%n",
            queries, warmup, radius, limit, index.label());
        out.printf(Locale.ROOT, "latency us: p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f%n",
            latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(90) / 1e3,
            latencies.getValueAtPercentile(95) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
            latencies.getValueAtPercentile(99.9) / 1e3, latencies.getMaxValue() / 1e3, latencies.getMean() / 1e3);
        out.printf(Locale.ROOT, "per query: probes %.0f, candidates %.0f, results %.2f; %d of %d queries matched%n",
            probes / (double) queries, candidates / (double) queries, results / (double) queries,
            withMatches, queries);
        out.printf(Locale.ROOT, "memory after queries: %s%n", end.describe());
        out.printf(Locale.ROOT, "page faults during queries: %d minor, %d major%n",
            faultsAfter[0] - faultsBefore[0], faultsAfter[1] - faultsBefore[1]);
      } finally {
        planned.close();
      }
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
    return 0;
  }

  private IndexOptions options() {
    java.util.Set<IndexKind> kinds = java.util.EnumSet.noneOf(IndexKind.class);
    if (structures != null) {
      kinds.addAll(java.util.List.of(structures));
    } else if (index == IndexKind.AUTO) {
      kinds.addAll(IndexOptions.defaults(n).structures());
    } else if (index != IndexKind.FLAT) {
      kinds.add(index);
    }
    return new IndexOptions(Math.max(n, 1), kinds, mihSubstrings);
  }

  /** Even queries: a sampled stored hash with 1..radius bits flipped; odd: uniform random. */
  private static Hash[] queries(SplittableRandom random, long[] bases, int baseCount, int words, int radius, int count) {
    Hash[] queries = new Hash[count];
    long[] hash = new long[words];
    int nextBase = 0;
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0) {
        System.arraycopy(bases, (nextBase++ % baseCount) * words, hash, 0, words);
        int flips = radius == 0 ? 0 : 1 + random.nextInt(radius);
        for (int f = 0; f < flips; f++) {
          int bit = random.nextInt(words * 64);
          hash[bit >>> 6] ^= 1L << (bit & 63);
        }
      } else {
        for (int w = 0; w < words; w++) {
          hash[w] = random.nextLong();
        }
      }
      queries[i] = Hash.ofWords(hash);
    }
    // Shuffle so that near and random queries interleave unpredictably.
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Hash swap = queries[i];
      queries[i] = queries[j];
      queries[j] = swap;
    }
    return queries;
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
