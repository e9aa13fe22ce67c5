package org.lantern.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lantern.bench.BenchMain;
import org.lantern.bench.peers.PeerResult;
import org.lantern.core.synth.DatasetKind;
import org.lantern.core.synth.HashDatasets;
import org.lantern.core.synth.HashFiles;
import org.lantern.core.synth.QuerySet;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code lantern bench report}: runs a {@link ReportProfile} — JMH query benchmarks (scaling in n,
 * radius sweep, data set kinds; JSON results), the FAISS peer comparison ({@code
 * benchmarks/peers/run-peers.sh}) and the HTTP load run ({@code ./lantern bench http}) — then
 * writes the generated section of {@code benchmarks/RESULTS.md} and the PNG plots in {@code
 * benchmarks/plots/}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.lantern.bench.report.ReportMain --profile quick
 * --root REPO [--skip jmh,peers,http]}. Raw results (JMH JSON, peer JSON lines, logs) go to
 * {@code benchmarks/target/report/}.
 *
 * <p>Thread-safety: a program entry point.
 */
public final class ReportMain {
  private static final int[] QUERY_DISTANCES = {0, 4, 8, 16, 24, 31};
  private static final long DATA_SEED = 1;

  private final ReportProfile profile;
  private final Path root;
  private final Path work;
  private final Set<String> skip;

  private ReportMain(ReportProfile profile, Path root, Set<String> skip) {
    this.profile = profile;
    this.root = root;
    this.work = root.resolve("benchmarks/target/report");
    this.skip = skip;
  }

  public static void main(String[] args) throws Exception {
    ReportProfile profile = ReportProfile.QUICK;
    Path root = Path.of(".");
    Set<String> skip = Set.of();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        fail(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--profile" -> profile = ReportProfile.fromLabel(args[i + 1]);
        case "--root" -> root = Path.of(args[i + 1]);
        case "--skip" -> skip = Set.of(args[i + 1].split(","));
        default -> fail("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(root.resolve("benchmarks/peers/run-peers.sh"))) {
      fail(root.toAbsolutePath() + " is not a Lantern checkout (no benchmarks/peers/run-peers.sh): give --root");
    }
    for (String s : skip) {
      if (!Set.of("jmh", "peers", "http").contains(s)) {
        fail("--skip: unknown part '" + s + "' (jmh, peers, http)");
      }
    }
    new ReportMain(profile, root.toAbsolutePath().normalize(), skip).run(String.join(" ", args));
  }

  private static void fail(String message) {
    System.err.println("report: " + message);
    System.err.println("usage: ReportMain --profile quick|full --root REPO [--skip jmh,peers,http]");
    System.exit(2);
  }

  private void run(String args) throws Exception {
    Files.createDirectories(work);
    Machine start = Machine.sample();
    log("profile %s, raw results in %s", profile.label(), work);
    List<JmhPoint> scaling = new ArrayList<>();
    List<JmhPoint> radius = new ArrayList<>();
    List<JmhPoint> datasets = new ArrayList<>();
    if (!skip.contains("jmh")) {
      scaling.addAll(jmh("scaling-256", b -> b.param("bits", "256").param("index", "FLAT", "MIH")
          .param("n", strings(profile.scalingSizes)).param("radius", "default")));
      scaling.addAll(jmh("scaling-bktree", b -> b.param("bits", "256").param("index", "BKTREE")
          .param("n", strings(profile.scalingSizes.stream().filter(n -> n <= profile.bkTreeMax).toList()))
          .param("radius", "default")));
      if (profile == ReportProfile.FULL) {
        scaling.addAll(jmh("scaling-64", b -> b.param("bits", "64").param("index", "FLAT", "MIH")
            .param("n", strings(profile.scalingSizes)).param("radius", "default")));
      }
      radius.addAll(jmh("radius", b -> b.param("bits", "256").param("index", "FLAT", "MIH", "BKTREE")
          .param("n", String.valueOf(profile.sweepSize)).param("radius", "0", "8", "16", "31", "40")));
      List<String> kinds = new ArrayList<>(List.of("MIXED", "UNIFORM", "CLUSTERED", "HOTSPOT"));
      if (profile == ReportProfile.FULL) {
        kinds.add("IMAGES");
      }
      datasets.addAll(jmh("datasets", b -> b.param("bits", "256").param("index", "FLAT", "MIH")
          .param("n", String.valueOf(profile.sweepSize)).param("radius", "default")
          .param("dataset", kinds.toArray(String[]::new))));
    }
    List<PeerResult> peers = new ArrayList<>();
    List<String> peerNotes = new ArrayList<>();
    if (!skip.contains("peers")) {
      for (ReportProfile.PeerSet set : profile.peers) {
        peers.addAll(peers(set, peerNotes));
      }
    }
    String httpCommand = null;
    String httpOutput = null;
    if (!skip.contains("http")) {
      List<String> command = List.of(root.resolve("lantern").toString(), "bench", "http",
          "--signals", String.valueOf(profile.httpSignals), "--duration", profile.httpDuration,
          "--warmup", profile.httpWarmup, "--concurrency", "4", "--post-share", "0.1", "--batch", "10");
      httpCommand = "./lantern " + String.join(" ", command.subList(1, command.size()));
      log("HTTP: %s", httpCommand);
      Path out = work.resolve("http.txt");
      int status = exec(command, out);
      httpOutput = Files.readString(out, StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("WARNING") && !l.startsWith("SLF4J")).reduce("", (a, b) -> a + b + "\n");
      if (status != 0) {
        httpOutput += "(exit status " + status + ")\n";
      }
    }
    Machine end = Machine.sample();
    ReportBody body = new ReportBody(root.resolve("benchmarks/plots"), "plots")
        .header(profile, start, end, "./lantern bench report " + args.replaceAll("--root \\S+ ?", "").strip());
    body.text("Query latency is JMH sample time of one `PlannedIndex.search` with the structure forced "
        + "(`QueryBenchmark.range`: 256-bit PDQ-like hashes, radius 31 unless stated; queries half near copies "
        + "of stored hashes, half random), one fork, " + profile.warmupIterations + " warm-up and "
        + profile.measuredIterations + " measured iterations of " + profile.iterationTime
        + ". Raw JMH JSON: `benchmarks/target/report/jmh-*.json`.");
    body.scaling(scaling).radius(radius).datasets(datasets);
    if (!peerNotes.isEmpty()) {
      body.text(String.join("\n", peerNotes));
    }
    body.peers(peers);
    if (httpOutput != null) {
      body.http(httpCommand, httpOutput);
    }
    ResultsSection.write(root.resolve("benchmarks/RESULTS.md"), body.markdown());
    log("wrote the report section of %s and plots in %s", root.resolve("benchmarks/RESULTS.md"),
        root.resolve("benchmarks/plots"));
  }

  private List<JmhPoint> jmh(String name, java.util.function.UnaryOperator<ChainedOptionsBuilder> params)
      throws RunnerException, IOException {
    Path json = work.resolve("jmh-" + name + ".json");
    log("JMH %s (log: %s)", name, work.resolve("jmh-" + name + ".log"));
    TimeValue iteration = TimeValue.fromString(profile.iterationTime);
    ChainedOptionsBuilder builder = new OptionsBuilder()
        .include("org\\.lantern\\.bench\\.query\\.QueryBenchmark\\.range$")
        .forks(1)
        .warmupIterations(profile.warmupIterations).warmupTime(iteration)
        .measurementIterations(profile.measuredIterations).measurementTime(iteration)
        .jvmArgsAppend(BenchMain.forkFlags().toArray(String[]::new))
        .resultFormat(ResultFormatType.JSON).result(json.toString())
        .output(work.resolve("jmh-" + name + ".log").toString());
    new Runner(params.apply(builder).build()).run();
    return JmhPoint.read(json);
  }

  private List<PeerResult> peers(ReportProfile.PeerSet set, List<String> notes) throws IOException, InterruptedException {
    Path dir = work.resolve("peers");
    Files.createDirectories(dir);
    String stem = set.kind() + "-" + set.n();
    Path data = dir.resolve(stem + ".hex");
    Path queries = dir.resolve(stem + "-queries.hex");
    if (!Files.exists(data) || !Files.exists(queries)) {
      log("peers: generating %s (%,d hashes, seed %d)", stem, set.n(), DATA_SEED);
      long[] packed = HashDatasets.generate(DatasetKind.fromLabel(set.kind()), 256, set.n(), DATA_SEED);
      HashFiles.write(data, packed, set.n(), 256);
      QuerySet q = QuerySet.generate(packed, set.n(), 256, set.queries(), QUERY_DISTANCES, 0.5, DATA_SEED + 1);
      HashFiles.write(queries, q.packed(), q.size(), 256);
    }
    Path out = dir.resolve(stem);
    String javaIndexes = set.n() > profile.bkTreeMax ? "scan,flat,mih" : "scan,flat,mih,bktree";
    List<String> command = List.of("bash", root.resolve("benchmarks/peers/run-peers.sh").toString(),
        data.toString(), queries.toString(), out.toString(), "--seconds", String.valueOf(set.seconds()),
        "--mih-substrings", "0,16", "--java-indexes", javaIndexes);
    log("peers: %s", String.join(" ", command));
    Path logFile = dir.resolve(stem + ".log");
    int status = exec(command, logFile);
    if (status != 0) {
      String tail = Files.readString(logFile).lines().reduce("", (a, b) -> b);
      notes.add(String.format(Locale.ROOT, "Peer comparison on %s not measured: run-peers.sh exited with %d (%s).",
          stem, status, tail));
      return List.of();
    }
    return PeerResult.readAll(out.resolve("results.jsonl"));
  }

  /** Runs a command with its output in {@code log}, echoing the lines that start with "[peers]". */
  private int exec(List<String> command, Path logFile) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile.toFile()).start();
    int status = process.waitFor();
    Files.readString(logFile).lines().filter(l -> l.startsWith("[peers]") || l.startsWith("GET") || l.startsWith("POST"))
        .forEach(l -> System.out.println("  " + l));
    return status;
  }

  private static String[] strings(List<Integer> values) {
    return values.stream().map(String::valueOf).toArray(String[]::new);
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[report] " + format + "%n", args);
    System.out.flush();
  }
}
