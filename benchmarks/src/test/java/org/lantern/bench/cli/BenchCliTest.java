package org.lantern.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.hash.Hash;

/** {@code lantern bench gen} (files in the plain format, the same for a seed), bench index, and the report's option checks. */
class BenchCliTest {
  record Run(int status, String out, String err) {}

  /** {@code lantern bench ARGS}, as the launcher's child JVM runs it. */
  static Run bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = BenchCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  @TempDir Path tmp;

  @Test
  void shouldWriteTheSameDataAndQueriesForASeed() throws IOException {
    Path data = tmp.resolve("a.hex");
    Path queries = tmp.resolve("q.hex");
    Run run = bench("gen", "--kind", "clustered", "--n", "300", "--seed", "7",
        "--out", data.toString(), "--queries", "40", "--query-out", queries.toString(),
        "--distances", "0,31", "--random-share", "0.25");
    assertThat(run.status()).as(run.err()).isZero();
    List<String> stored = Files.readAllLines(data);
    List<String> asked = Files.readAllLines(queries);
    assertThat(stored).hasSize(300).allMatch(l -> l.matches("[0-9a-f]{64}"));
    assertThat(asked).hasSize(40).allMatch(l -> l.matches("[0-9a-f]{64}"));
    // 30 near queries at 0 or 31 from a stored hash: the 15 at distance 0 are stored hashes.
    long exact = asked.stream().filter(stored::contains).count();
    assertThat(exact).isEqualTo(15);
    // The other 15 are 31 bits from their base (a cluster mate may be nearer); the 10 random
    // ones are far from everything.
    int near = 0;
    for (String q : asked) {
      Hash query = Hash.parseHex(q, 256);
      int nearest = stored.stream().mapToInt(s -> Hash.parseHex(s, 256).distance(query)).min().orElseThrow();
      assertThat(nearest).as(q).matches(d -> d <= 31 || d > 64, "within 31, or random and far");
      near += nearest <= 31 ? 1 : 0;
    }
    assertThat(near).isEqualTo(30);

    Path again = tmp.resolve("b.hex");
    bench("gen", "--kind", "clustered", "--n", "300", "--seed", "7", "--out", again.toString());
    assertThat(Files.readAllLines(again)).isEqualTo(stored);
  }

  @Test
  void shouldWrite64BitHashesAndNameBadOptions() throws IOException {
    Path data = tmp.resolve("p.hex");
    Run run = bench("gen", "--kind", "hotspot", "--n", "50", "--bits", "64", "--out", data.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(Files.readAllLines(data)).hasSize(50).allMatch(l -> l.matches("[0-9a-f]{16}"));

    Run badKind = bench("gen", "--kind", "zipf", "--n", "5", "--out", data.toString());
    assertThat(badKind.status()).isNotZero();
    assertThat(badKind.err()).contains("--kind").contains("uniform, clustered, hotspot or images");
    Run badBits = bench("gen", "--kind", "uniform", "--n", "5", "--bits", "128", "--out", data.toString());
    assertThat(badBits.err()).contains("--bits must be 64 or 256");
    Run noQueryFile = bench("gen", "--kind", "uniform", "--n", "5", "--queries", "3", "--out", data.toString());
    assertThat(noQueryFile.err()).contains("--query-out");
  }

  @Test
  void reportShouldNameABadProfileOrCheckout() {
    Run badProfile = bench("report", "--profile", "slow");
    assertThat(badProfile.status()).isNotZero();
    assertThat(badProfile.err()).contains("--profile: expected quick or full, got 'slow'");
    Run notACheckout = bench("report", "--root", tmp.toString());
    assertThat(notACheckout.status()).isNotZero();
    assertThat(notACheckout.err()).contains("is not a Lantern checkout");
  }

  @Test
  void indexBenchShouldReportLatencyAndMemory() {
    Run bench = bench("index", "--type", "pdq", "--n", "20000", "--queries", "300", "--warmup", "100");
    assertThat(bench.status()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("build:").contains("latency us: p50").contains("resident")
        .contains("per query: probes");
    Run tree = bench("index", "--type", "dhash", "--n", "5000", "--queries", "200", "--index", "bktree");
    assertThat(tree.status()).as(tree.err()).isZero();
    assertThat(tree.out()).contains("index bktree");
  }

  @Test
  void errorsNameTheBenchCommand() {
    Run bad = bench("gen", "--kind", "uniform", "--n", "5", "--out", tmp.resolve("none/dir/x.hex").toString());
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).startsWith("lantern bench gen: ");
  }
}
