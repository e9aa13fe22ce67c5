package org.lantern.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.TestSeeds;

/** Queries at controlled distances from their bases, plus an exact share of random ones. */
class QuerySetTest {
  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"64", "256"})
  void nearQueriesShouldBeExactlyTheRequestedDistanceFromTheirBase(int bits) {
    int n = 500;
    long seed = TestSeeds.seed("QuerySet" + bits);
    long[] data = HashDatasets.generate(DatasetKind.UNIFORM, bits, n, seed);
    int[] distances = bits == 256 ? new int[] {0, 1, 8, 16, 31, 32, 200} : new int[] {0, 1, 4, 8, 64};
    QuerySet queries = QuerySet.generate(data, n, bits, 700, distances, 0.3, seed);
    int words = bits / 64;
    long[] packed = queries.packed();
    int random = 0;
    int[] seen = new int[bits + 1];
    for (int i = 0; i < queries.size(); i++) {
      if (queries.base(i) == QuerySet.RANDOM) {
        assertThat(queries.distance(i)).isEqualTo(QuerySet.RANDOM);
        random++;
        continue;
      }
      int d = HashDatasetsTest.distance(packed, i, data, queries.base(i), words);
      assertThat(d).as("query %d, %s", i, TestSeeds.describe()).isEqualTo(queries.distance(i));
      seen[d]++;
    }
    assertThat(random).isEqualTo(210);
    // The distances cycle, so each requested one is used (490 / distances.length times, ±1).
    for (int d : distances) {
      assertThat(seen[d]).as("distance %d", d).isBetween(490 / distances.length, 490 / distances.length + 1);
    }
    QuerySet again = QuerySet.generate(data, n, bits, 700, distances, 0.3, seed);
    assertThat(again.packed()).isEqualTo(packed);
  }

  @Test
  void shouldRejectImpossibleRequests() {
    long[] data = new long[4];
    assertThatThrownBy(() -> QuerySet.generate(data, 1, 256, 10, new int[] {257}, 0, 1))
        .hasMessageContaining("257 is outside 0..256");
    assertThatThrownBy(() -> QuerySet.generate(data, 1, 256, 10, new int[] {1}, 1.5, 1))
        .hasMessageContaining("random share in 0..1");
    assertThatThrownBy(() -> QuerySet.generate(new long[0], 0, 256, 10, new int[] {1}, 0.5, 1))
        .hasMessageContaining("non-empty data set");
    assertThat(QuerySet.generate(new long[0], 0, 256, 10, new int[0], 1.0, 1).size()).isEqualTo(10);
  }
}
