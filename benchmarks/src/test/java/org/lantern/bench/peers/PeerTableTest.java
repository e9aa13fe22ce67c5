package org.lantern.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's speed-up column: Lantern's best exact row against every row, as p50 ratios. */
class PeerTableTest {
  private static PeerResult row(String tool, String index, double p50, double recall) {
    return new PeerResult(tool, index, "d.hex", 1000, 256, 31, 0.5, 10, 100, p50, p50 * 2, p50, recall, null);
  }

  @Test
  void shouldCompareEveryRowWithLanternsFastestExactIndex() {
    List<PeerResult> rows = List.of(
        row("lantern", "mih", 50, 1.0),
        row("lantern", "approximate", 10, 0.9), // faster, but not exact: never the reference
        row("faiss", "MultiHash", 1000, 1.0));
    String table = PeerTable.markdown(rows);
    assertThat(table).contains("| faiss | MultiHash | 0.50 | 10 | 1,000 | 2,000 | 1.0000 | 100 | 20.0× |");
    assertThat(table).contains("| lantern | approximate | 0.50 | 10 | 10.0 | 20.0 | 0.9000 | 100 | 0.2× |");
    assertThat(table).contains("Lantern's best exact index here: mih (p50 50.0 µs)");
    assertThat(PeerTable.bestLantern(rows)).map(PeerResult::index).hasValue("mih");
  }
}
