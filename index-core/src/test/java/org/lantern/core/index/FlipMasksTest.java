package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlipMasksTest {
  @Test
  void shouldListEveryMaskOfAWeightOnceInIncreasingOrder() {
    for (int bits = 1; bits <= 14; bits++) {
      Set<Integer> all = new HashSet<>();
      for (int weight = 0; weight <= bits; weight++) {
        int[] masks = FlipMasks.ofWeight(bits, weight);
        assertThat((long) masks.length).isEqualTo(FlipMasks.binomial(bits, weight));
        for (int i = 0; i < masks.length; i++) {
          assertThat(Integer.bitCount(masks[i])).isEqualTo(weight);
          assertThat(masks[i] >>> bits).isZero();
          if (i > 0) {
            assertThat(masks[i]).isGreaterThan(masks[i - 1]);
          }
          all.add(masks[i]);
        }
      }
      assertThat(all).hasSize(1 << bits); // together: every value of the substring exactly once
    }
  }

  @Test
  void binomialShouldMatchPascal() {
    assertThat(FlipMasks.binomial(23, 2)).isEqualTo(253);
    assertThat(FlipMasks.binomial(24, 3)).isEqualTo(2024);
    assertThat(FlipMasks.binomial(5, 6)).isZero();
  }
}
