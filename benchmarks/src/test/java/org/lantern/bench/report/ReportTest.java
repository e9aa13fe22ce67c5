package org.lantern.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.bench.peers.PeerResult;

/** The report's parsing, plotting and RESULTS.md section handling, from a fixture JMH JSON file. */
class ReportTest {
  @TempDir Path tmp;

  private static Path fixture() throws URISyntaxException {
    return Path.of(ReportTest.class.getResource("/report/jmh-scaling-fixture.json").toURI());
  }

  @Test
  void shouldReadJmhJsonAndPlotTheScalingCurveAsAPng() throws Exception {
    List<JmhPoint> points = JmhPoint.read(fixture());
    assertThat(points).hasSize(9);
    JmhPoint first = points.get(0);
    assertThat(first.benchmark()).isEqualTo("QueryBenchmark.range");
    assertThat(first.param("index", "?")).isEqualTo("FLAT");
    assertThat(first.p50()).isEqualTo(20.0);
    assertThat(first.p99()).isEqualTo(40.0);
    assertThat(first.unit()).isEqualTo("us/op");

    ReportBody body = new ReportBody(tmp.resolve("plots"), "plots").scaling(points);
    Path png = tmp.resolve("plots/latency-vs-n.png");
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    // Something was drawn: a plot is not one flat colour.
    assertThat(distinctColours(image)).isGreaterThan(10);
    assertThat(body.markdown())
        .contains("| n | 256-bit BKTREE p50 / p99 µs | 256-bit FLAT p50 / p99 µs | 256-bit MIH p50 / p99 µs |")
        .contains("| 1,000 | 40.0 / 80.0 | 20.0 / 40.0 | 5.0 / 10.0 |")
        .contains("![latency against n](plots/latency-vs-n.png)");
  }

  @Test
  void shouldPlotPeerBarsAndStateTheGoalHonestly() throws IOException {
    List<PeerResult> rows = List.of(
        peer("lantern", "mih 13x20 bits", 10_000_000, 400, 1.0),
        peer("faiss", "IndexBinaryFlat", 10_000_000, 20_000, 1.0),
        peer("faiss", "MultiHash 16x16 nflip=1 (HMA)", 10_000_000, 6_000, 1.0));
    String markdown = new ReportBody(tmp, "plots").peers(rows).markdown();
    assertThat(tmp.resolve("peers-c.png")).isRegularFile();
    assertThat(markdown).contains("15.0× FAISS MultiHash HMA").contains("50.0× FAISS flat")
        .contains("**at 10M: goal not met** (15.0× against the 20× goal)");
    String met = ReportBody.goals(List.of(peer("lantern", "mih", 10_000_000, 100, 1.0),
        peer("faiss", "MultiHash 16x16 nflip=1 (HMA)", 10_000_000, 6_000, 1.0)));
    assertThat(met).contains("**at 10M: goal met** (60.0×");
    assertThat(ReportBody.goals(List.of(peer("lantern", "mih", 1_000_000, 100, 1.0))))
        .contains("not comparable").contains("10M was not measured");
  }

  @Test
  void shouldReplaceOnlyTheGeneratedSection() {
    String handWritten = "# Results\n\nMeasured by hand.\n";
    String first = ResultsSection.replace(handWritten, "generated 1\n");
    assertThat(first).isEqualTo(handWritten + "\n<!-- report:begin -->\ngenerated 1\n<!-- report:end -->\n");
    String again = ResultsSection.replace(first + "\nA note after.\n", "generated 2");
    assertThat(again).startsWith(handWritten).contains("generated 2").doesNotContain("generated 1")
        .endsWith("<!-- report:end -->\n\nA note after.\n");
    assertThatThrownBy(() -> ResultsSection.replace("<!-- report:end --> <!-- report:begin -->", "x"))
        .hasMessageContaining("broken report section");
  }

  private static PeerResult peer(String tool, String index, int n, double p50, double recall) {
    return new PeerResult(tool, index, "c.hex", n, 256, 31, 1, 1, 100, p50, p50 * 2, p50, recall, null);
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
