package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexPlannerTest {
  private static final Set<IndexKind> MIH = EnumSet.of(IndexKind.FLAT, IndexKind.MIH);

  @Test
  void shouldPreferMultiIndexAtTheDefaultRadiiAndFlatElsewhere() {
    MihLayout pdq10m = MihLayout.forCapacity(256, 10_000_000);
    assertThat(IndexPlanner.choose(256, 80, 10_000_000, 31, MIH, pdq10m)).isEqualTo(IndexKind.MIH);
    assertThat(IndexPlanner.choose(256, 80, 10_000_000, 128, MIH, pdq10m)).isEqualTo(IndexKind.FLAT);
    assertThat(IndexPlanner.choose(256, 80, 1_000, 31, MIH, pdq10m)).isEqualTo(IndexKind.FLAT);
    MihLayout p64 = MihLayout.forCapacity(64, 10_000_000);
    assertThat(IndexPlanner.choose(64, 24, 10_000_000, 8, MIH, p64)).isEqualTo(IndexKind.MIH);
    assertThat(IndexPlanner.choose(64, 24, 10_000_000, 30, MIH, p64)).isEqualTo(IndexKind.FLAT);
  }

  @Test
  void shouldUseTheTreeOnlyWhereItIsTheOneStructureAndTheRadiusIsSmall() {
    Set<IndexKind> tree = EnumSet.of(IndexKind.FLAT, IndexKind.BKTREE);
    assertThat(IndexPlanner.choose(64, 8, 1_000_000, 3, tree, null)).isEqualTo(IndexKind.BKTREE);
    assertThat(IndexPlanner.choose(64, 8, 1_000_000, 8, tree, null)).isEqualTo(IndexKind.FLAT);
    assertThat(IndexPlanner.choose(256, 32, 1_000_000, 3, tree, null)).isEqualTo(IndexKind.FLAT);
  }

  @Test
  void costShouldGrowWithTheRadius() {
    MihLayout layout = MihLayout.forCapacity(256, 1_000_000);
    double previous = 0;
    for (int radius = 0; radius <= 64; radius += 8) {
      double cost = IndexPlanner.mihCost(layout, 1_000_000, radius);
      assertThat(cost).isGreaterThan(previous);
      previous = cost;
    }
  }
}
