package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;

class MihLayoutTest {
  @Test
  void shouldChooseSubstringsOfAboutLog2NBits() {
    assertThat(MihLayout.forCapacity(256, 10_000_000).toString()).isEqualTo("24,24,24,23,23,23,23,23,23,23,23");
    assertThat(MihLayout.forCapacity(64, 10_000_000).toString()).isEqualTo("22,21,21");
    assertThat(MihLayout.forCapacity(256, 1_000_000).substrings()).isEqualTo(13);
    assertThat(java.util.Arrays.stream(MihLayout.forCapacity(256, 1).lengths()).min().getAsInt()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void keysShouldBeTheBitsOfEachSubstringMostSignificantFirst() {
    SplittableRandom random = TestSeeds.random("mih-keys");
    for (int m : new int[] {10, 11, 13, 16, 20, 32}) {
      MihLayout layout = MihLayout.withSubstrings(256, m);
      long[] words = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
      StringBuilder joined = new StringBuilder();
      for (int t = 0; t < m; t++) {
        String key = Integer.toBinaryString(layout.key(words, 0, t));
        joined.append("0".repeat(layout.lengths()[t] - key.length())).append(key);
      }
      StringBuilder expected = new StringBuilder();
      for (long word : words) {
        String bits = Long.toBinaryString(word);
        expected.append("0".repeat(64 - bits.length())).append(bits);
      }
      assertThat(joined.toString()).isEqualTo(expected.toString());
      assertThat(MihLayout.parse(256, layout.toString())).isEqualTo(layout);
    }
  }

  @Test
  void shouldRejectLayoutsThatDoNotCoverTheHash() {
    assertThatThrownBy(() -> MihLayout.parse(64, "20,20,20")).hasMessageContaining("not to 64");
    assertThatThrownBy(() -> MihLayout.withSubstrings(256, 2)).hasMessageContaining("longer than");
  }
}
