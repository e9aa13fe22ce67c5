package org.lantern.bench.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantern.core.exchange.Matches;

/**
 * The benchmark measures what it says: at a small size, the viewer's PDQ and URL lookups find
 * exactly the one visible match (12 bits away; on the busy host), whether or not hidden signals
 * lie near the query or far from it, and the same answer as with none.
 */
class HiddenNeighboursBenchmarkTest {
  @Test
  void theViewerFindsTheVisibleMatchAndNothingHiddenWhereverTheHiddenLie() {
    List<String> pdqAnswers = new java.util.ArrayList<>();
    List<String> urlAnswers = new java.util.ArrayList<>();
    for (int hidden : new int[] {0, 60}) {
      for (String placement : List.of("near", "far")) {
        HiddenNeighboursBenchmark b = new HiddenNeighboursBenchmark();
        b.hidden = hidden;
        b.background = 300;
        b.placement = placement;
        b.setUp();
        try {
          Matches pdq = b.pdq();
          assertThat(pdq.matches()).hasSize(1);
          assertThat(pdq.matches().get(0).distance()).isEqualTo(12);
          Matches url = b.url();
          assertThat(url.matches()).extracting(m -> m.signal().value()).containsExactly("https://busy.example.org/visible/1.jpg");
          pdqAnswers.add(pdq.matches().get(0).signal().value());
          urlAnswers.add(url.matches().get(0).signal().value());
        } finally {
          b.tearDown();
        }
      }
    }
    assertThat(pdqAnswers).containsOnly(pdqAnswers.get(0));
    assertThat(urlAnswers).containsOnly(urlAnswers.get(0));
  }
}
