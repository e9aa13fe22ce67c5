package org.lantern.bench.peers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.lantern.bench.TempDirs;
import org.lantern.core.hash.Hash;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.search.SearchResult;
import org.lantern.core.synth.HashFiles;

/**
 * The Java side of the peer comparison ({@code benchmarks/peers/run-peers.sh}): on one data file
 * and one query file, single-threaded,
 *
 * <ol>
 *   <li>the plain scan ({@link FlatScan}) over every query — the memory-bandwidth floor, and the
 *       ground truth: its answers are written to the truth file (one line per query, ascending
 *       ordinals separated by spaces) that recall is scored against, here and in the FAISS script;
 *   <li>each requested Lantern structure ({@link PlannedIndex} built with only that structure,
 *       in a temporary directory), queried with the structure forced.
 * </ol>
 *
 * <p>Every run first sends up to {@code --warmup} queries untimed (so the JIT has compiled the
 * search), then times queries one by one from the start of the file until all are done or {@code
 * --seconds} have passed. Each run appends one {@link PeerResult} JSON line to {@code --out}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.lantern.bench.peers.LanternPeers --data D --queries
 * Q --out results.jsonl --truth truth.txt [--radius R] [--indexes scan,flat,mih,bktree]
 * [--mih-substrings 0,16] [--seconds 20] [--warmup 500]}
 *
 * <p>Thread-safety: a program entry point.
 */
public final class LanternPeers {
  private static final int BUILD_BATCH = 65_536;

  private final Options options;
  private final PrintStream log;

  private LanternPeers(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs the comparison's Java side; exits with 2 on a bad command line. */
  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LanternPeers: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    new LanternPeers(options, System.out).run();
  }

  /** Runs every requested index; returns the results it appended. */
  public static List<PeerResult> run(Options options, PrintStream log) throws IOException {
    return new LanternPeers(options, log).run();
  }

  private List<PeerResult> run() throws IOException {
    HashFiles.Loaded data = HashFiles.read(options.data);
    HashFiles.Loaded queries = HashFiles.read(options.queries);
    if (queries.bits() != data.bits()) {
      throw new IllegalArgumentException(options.queries + " holds " + queries.bits()
          + "-bit hashes, " + options.data + " " + data.bits() + "-bit ones");
    }
    int bits = data.bits();
    int radius = options.radius >= 0 ? options.radius : bits == 256 ? 31 : 8;
    if (radius > bits) {
      throw new IllegalArgumentException("--radius must be in 0.." + bits + ", got " + radius);
    }
    String dataset = options.data.getFileName().toString();
    log.printf(Locale.ROOT, "[peers] %s: %,d hashes of %d bits; %,d queries; radius %d%n",
        dataset, data.count(), bits, queries.count(), radius);
    List<PeerResult> results = new ArrayList<>();
    int[][] truth = scan(data, queries, radius, dataset, results);
    for (String index : options.indexes) {
      if (index.equals("scan")) {
        continue;
      }
      IndexKind kind = IndexKind.fromLabel(index);
      List<Integer> layouts = kind == IndexKind.MIH ? options.mihSubstrings : List.of(0);
      for (int substrings : layouts) {
        results.add(lantern(data, queries, radius, dataset, kind, substrings, truth));
      }
    }
    for (PeerResult result : results) {
      result.appendTo(options.out);
    }
    return results;
  }

  private int[][] scan(HashFiles.Loaded data, HashFiles.Loaded queries, int radius, String dataset,
      List<PeerResult> results) throws IOException {
    int words = data.bits() / 64;
    long start = System.nanoTime();
    FlatScan scan = new FlatScan(data.packed(), data.count(), data.bits());
    double build = (System.nanoTime() - start) / 1e9;
    long[] q = queries.packed();
    int warm = Math.min(options.warmup, queries.count());
    for (int i = 0; i < warm; i++) {
      scan.range(q, i * words, radius);
    }
    // Every query, with no time limit: these answers are the ground truth.
    int[][] truth = new int[queries.count()][];
    Latencies latencies = new Latencies();
    for (int i = 0; i < queries.count(); i++) {
      long t0 = System.nanoTime();
      truth[i] = scan.range(q, i * words, radius);
      latencies.record(System.nanoTime() - t0);
    }
    try (BufferedWriter out = Files.newBufferedWriter(options.truth, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int[] hits : truth) {
        line.setLength(0);
        for (int h = 0; h < hits.length; h++) {
          line.append(h == 0 ? "" : " ").append(hits[h]);
        }
        out.write(line.append('\n').toString());
      }
    }
    PeerResult result = new PeerResult("java", "flat scan (long[], popcount)", dataset, data.count(),
        data.bits(), radius, build, scan.bytes() / 1048576.0, latencies.count(),
        latencies.percentileMicros(50), latencies.percentileMicros(99), latencies.meanMicros(), 1.0,
        "the ground truth; memory = the array");
    log.println("[peers] " + describe(result));
    if (options.indexes.contains("scan")) {
      results.add(result);
    }
    return truth;
  }

  private PeerResult lantern(HashFiles.Loaded data, HashFiles.Loaded queries, int radius,
      String dataset, IndexKind kind, int substrings, int[][] truth) {
    int words = data.bits() / 64;
    Path dir = TempDirs.create("lantern-peers-");
    EnumSet<IndexKind> structures = kind == IndexKind.FLAT ? EnumSet.noneOf(IndexKind.class) : EnumSet.of(kind);
    try (PlannedIndex index = PlannedIndex.open(dir, data.bits(), new IndexOptions(data.count(), structures, substrings))) {
      long start = System.nanoTime();
      long[] batch = new long[BUILD_BATCH * words];
      for (int done = 0; done < data.count(); done += BUILD_BATCH) {
        int count = Math.min(BUILD_BATCH, data.count() - done);
        System.arraycopy(data.packed(), done * words, batch, 0, count * words);
        index.addBatch(batch, count);
      }
      double build = (System.nanoTime() - start) / 1e9;
      Hash[] q = new Hash[queries.count()];
      long[] one = new long[words];
      for (int i = 0; i < q.length; i++) {
        System.arraycopy(queries.packed(), i * words, one, 0, words);
        q[i] = Hash.ofWords(one);
      }
      long warmDeadline = System.nanoTime() + (long) (options.seconds * 0.25e9);
      for (int i = 0; i < Math.min(options.warmup, q.length) && System.nanoTime() < warmDeadline; i++) {
        index.search(q[i], Integer.MAX_VALUE, radius, kind);
      }
      Latencies latencies = new Latencies();
      long found = 0;
      long expected = 0;
      long deadline = System.nanoTime() + (long) (options.seconds * 1e9);
      for (int i = 0; i < q.length && System.nanoTime() < deadline; i++) {
        long t0 = System.nanoTime();
        SearchResult result = index.search(q[i], Integer.MAX_VALUE, radius, kind);
        latencies.record(System.nanoTime() - t0);
        found += Recall.overlap(result, truth[i]);
        expected += truth[i].length;
      }
      String label = kind == IndexKind.MIH ? "mih " + compactLayout(index.mihLayout()) : kind.label();
      PeerResult r = new PeerResult("lantern", label, dataset, data.count(), data.bits(), radius,
          build, index.mappedBytes() / 1048576.0, latencies.count(), latencies.percentileMicros(50),
          latencies.percentileMicros(99), latencies.meanMicros(), expected == 0 ? 1.0 : found / (double) expected,
          "memory = mapped files (store + structure)");
      log.println("[peers] " + describe(r));
      return r;
    } finally {
      TempDirs.deleteRecursively(dir);
    }
  }

  /** "15 x 17-18 bits" for the layout "18,17,17,...": substrings and their length range. */
  static String compactLayout(String lengths) {
    int[] values = java.util.Arrays.stream(lengths.split(",")).mapToInt(v -> Integer.parseInt(v.strip())).toArray();
    int min = java.util.Arrays.stream(values).min().orElse(0);
    int max = java.util.Arrays.stream(values).max().orElse(0);
    return values.length + "x" + (min == max ? String.valueOf(min) : min + "-" + max) + " bits";
  }

  static String describe(PeerResult r) {
    return String.format(Locale.ROOT,
        "%-40s build %7.2f s  memory %8.1f MiB  p50 %9.1f us  p99 %9.1f us  recall %.4f  (%d queries)",
        r.label(), r.buildSeconds(), r.memoryMib(), r.p50Us(), r.p99Us(), r.recall(), r.queries());
  }

  /**
   * The command line.
   *
   * <p>Thread-safety: immutable.
   */
  public record Options(Path data, Path queries, Path out, Path truth, int radius, List<String> indexes,
      List<Integer> mihSubstrings, double seconds, int warmup) {
    static final String USAGE = "usage: LanternPeers --data FILE --queries FILE --out RESULTS.jsonl "
        + "--truth TRUTH.txt [--radius R] [--indexes scan,flat,mih,bktree] [--mih-substrings 0,16] "
        + "[--seconds 20] [--warmup 500]";

    /** Parses {@code --name value} pairs; every value is checked, and the error names the option. */
    public static Options parse(String[] args) {
      Path data = null;
      Path queries = null;
      Path out = null;
      Path truth = null;
      int radius = -1;
      List<String> indexes = List.of("scan", "flat", "mih", "bktree");
      List<Integer> substrings = List.of(0);
      double seconds = 20;
      int warmup = 500;
      for (int i = 0; i < args.length; i += 2) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[i + 1];
        try {
          switch (name) {
            case "--data" -> data = Path.of(value);
            case "--queries" -> queries = Path.of(value);
            case "--out" -> out = Path.of(value);
            case "--truth" -> truth = Path.of(value);
            case "--radius" -> radius = Integer.parseInt(value);
            case "--indexes" -> indexes = List.of(value.split(","));
            case "--mih-substrings" -> substrings = java.util.Arrays.stream(value.split(","))
                .map(String::strip).map(Integer::valueOf).toList();
            case "--seconds" -> seconds = Double.parseDouble(value);
            case "--warmup" -> warmup = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + ": not a number: '" + value + "'");
        }
      }
      if (data == null || queries == null || out == null || truth == null) {
        throw new IllegalArgumentException("--data, --queries, --out and --truth are required");
      }
      for (String index : indexes) {
        if (!List.of("scan", "flat", "mih", "bktree").contains(index)) {
          throw new IllegalArgumentException("--indexes: unknown index '" + index + "' (scan, flat, mih, bktree)");
        }
      }
      if (seconds <= 0 || warmup < 0 || radius < -1) {
        throw new IllegalArgumentException("--seconds must be > 0, --warmup >= 0, --radius >= 0");
      }
      return new Options(data, queries, out, truth, radius, indexes, substrings, seconds, warmup);
    }
  }
}
