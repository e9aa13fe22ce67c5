package org.lantern.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lantern.core.synth.DatasetKind;
import org.lantern.core.synth.HashDatasets;
import org.lantern.core.synth.HashFiles;
import org.lantern.core.synth.QuerySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lantern bench gen}: writes a seeded benchmark data set ({@link HashDatasets}) as a plain
 * hex file ({@link HashFiles}), and optionally a query file at controlled distances from it
 * ({@link QuerySet}), so that JMH, the FAISS peer script and {@code lantern bench} all read the
 * same hashes.
 */
@Command(
    name = "gen",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a seeded data set of hashes (plain hex, one per line) and optionally queries.",
      "",
      "Example: lantern bench gen --kind clustered --n 1000000 --seed 1 --out data.hex \\",
      "           --queries 10000 --query-out queries.hex"
    })
final class GenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--kind", required = true,
      description = "uniform, clustered, hotspot or images.")
  String kind;

  @Option(names = "--n", required = true, description = "Hashes to write.")
  int n;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Data set file (replaced).")
  Path out;

  @Option(names = "--bits", defaultValue = "256",
      description = "64 or 256 (default: ${DEFAULT-VALUE}); images hash with pHash at 64, PDQ at 256.")
  int bits;

  @Option(names = "--queries", defaultValue = "0", paramLabel = "Q", description = "Queries to write (default: none).")
  int queries;

  @Option(names = "--query-out", paramLabel = "FILE", description = "Query file (required with --queries).")
  Path queryOut;

  @Option(names = "--distances", split = ",", paramLabel = "D",
      description = "Distances of near queries from their base, cycled "
          + "(default: 0,4,8,16,24,31 at 256 bits; 0,2,4,6,8 at 64).")
  int[] distances;

  @Option(names = "--random-share", defaultValue = "0.5",
      description = "Share of uniform random queries (default: ${DEFAULT-VALUE}).")
  double randomShare;

  @Override
  public Integer call() throws Exception {
    DatasetKind datasetKind;
    try {
      datasetKind = DatasetKind.fromLabel(kind);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--kind: " + e.getMessage());
    }
    if (bits != 64 && bits != 256) {
      throw new ParameterException(spec.commandLine(), "--bits must be 64 or 256, got " + bits);
    }
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--n must be at least 1, got " + n);
    }
    if (queries < 0 || (queries > 0) != (queryOut != null)) {
      throw new ParameterException(spec.commandLine(), "--queries Q (>= 1) and --query-out FILE go together");
    }
    int[] near = distances != null ? distances
        : bits == 256 ? new int[] {0, 4, 8, 16, 24, 31} : new int[] {0, 2, 4, 6, 8};
    PrintWriter console = spec.commandLine().getOut();
    long start = System.nanoTime();
    long[] data = HashDatasets.generate(datasetKind, bits, n, seed);
    HashFiles.write(out, data, n, bits);
    console.printf(Locale.ROOT, "%s: %,d %s hashes of %d bits, seed %d (%.1f s)%n", out, n,
        datasetKind.label(), bits, seed, (System.nanoTime() - start) / 1e9);
    if (queries > 0) {
      // A different stream from the data's, so that queries do not repeat data set draws.
      QuerySet set = QuerySet.generate(data, n, bits, queries, near, randomShare, seed ^ 0x9E3779B97F4A7C15L);
      HashFiles.write(queryOut, set.packed(), queries, bits);
      console.printf(Locale.ROOT, "%s: %,d queries, %.0f%% uniform random, the rest at distances %s from a stored hash%n",
          queryOut, queries, randomShare * 100, java.util.Arrays.toString(near));
    }
    console.flush();
    return 0;
  }
}
