package org.lantern.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.synth.DatasetKind;
import org.lantern.core.synth.HashDatasets;
import org.lantern.core.synth.HashFiles;
import org.lantern.core.synth.QuerySet;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.TestSeeds;

/** The Java side of the peer comparison at small n: truth equals brute force, every index is exact. */
class LanternPeersTest {
  @TempDir Path tmp;

  @Test
  void truthShouldEqualBruteForceAndEveryLanternIndexShouldHaveRecallOne() throws IOException {
    int n = 3000;
    int bits = 256;
    long seed = TestSeeds.seed("LanternPeers");
    long[] data = HashDatasets.generate(DatasetKind.CLUSTERED, bits, n, seed);
    QuerySet queries = QuerySet.generate(data, n, bits, 120, new int[] {0, 8, 31, 32}, 0.25, seed);
    Path dataFile = tmp.resolve("data.hex");
    Path queryFile = tmp.resolve("queries.hex");
    HashFiles.write(dataFile, data, n, bits);
    HashFiles.write(queryFile, queries.packed(), queries.size(), bits);
    Path out = tmp.resolve("results.jsonl");
    Path truth = tmp.resolve("truth.txt");
    LanternPeers.Options options = LanternPeers.Options.parse(new String[] {
      "--data", dataFile.toString(), "--queries", queryFile.toString(), "--out", out.toString(),
      "--truth", truth.toString(), "--mih-substrings", "0,16", "--seconds", "30", "--warmup", "10"});
    List<PeerResult> results = LanternPeers.run(options, new PrintStream(new ByteArrayOutputStream()));

    BruteForceOracle oracle = new BruteForceOracle(bits);
    oracle.addBatch(data, n);
    List<String> lines = Files.readAllLines(truth);
    assertThat(lines).hasSize(queries.size());
    long[] packed = queries.packed();
    long total = 0;
    for (int i = 0; i < queries.size(); i++) {
      int[] expected = oracle.search(Arrays.copyOfRange(packed, i * 4, i * 4 + 4), Integer.MAX_VALUE, 31).stream()
          .mapToInt(hit -> Integer.parseInt(hit.substring(0, hit.indexOf(':')))).sorted().toArray();
      int[] written = lines.get(i).isEmpty() ? new int[0]
          : Arrays.stream(lines.get(i).split(" ")).mapToInt(Integer::parseInt).toArray();
      assertThat(written).as("query %d, %s", i, TestSeeds.describe()).isEqualTo(expected);
      total += expected.length;
    }
    assertThat(total).as("the near queries find their bases").isGreaterThanOrEqualTo(60);

    assertThat(results).extracting(PeerResult::index)
        .hasSize(5)
        .startsWith("flat scan (long[], popcount)", "flat")
        .endsWith("mih 16x16 bits", "bktree");
    assertThat(results.get(2).index()).as("the layout chosen from n").matches("mih \\d+x\\d+(-\\d+)? bits");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.recall()).as(r.label() + ", " + TestSeeds.describe()).isEqualTo(1.0);
      assertThat(r.queries()).isEqualTo(queries.size());
      assertThat(r.n()).isEqualTo(n);
      assertThat(r.p99Us()).isGreaterThanOrEqualTo(r.p50Us()).isPositive();
    });
    assertThat(PeerResult.readAll(out)).isEqualTo(results);
  }

  @Test
  void shouldNameBadOptions() {
    assertThatThrownBy(() -> LanternPeers.Options.parse(new String[] {"--data", "a"}))
        .hasMessageContaining("--data, --queries, --out and --truth are required");
    assertThatThrownBy(() -> LanternPeers.Options.parse(new String[] {"--radius", "x"}))
        .hasMessageContaining("--radius: not a number: 'x'");
    assertThatThrownBy(() -> LanternPeers.Options.parse(new String[] {
      "--data", "a", "--queries", "b", "--out", "c", "--truth", "d", "--indexes", "hnsw"}))
        .hasMessageContaining("unknown index 'hnsw'");
    assertThat(LanternPeers.compactLayout("18,17,17")).isEqualTo("3x17-18 bits");
    assertThat(LanternPeers.compactLayout("16,16")).isEqualTo("2x16 bits");
  }
}
