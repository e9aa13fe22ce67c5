package org.lantern.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lantern.core.hash.Hamming;
import org.lantern.core.testing.TestSeeds;

/** The synthetic data set kinds: deterministic per seed, and shaped as documented. */
class HashDatasetsTest {
  @ParameterizedTest(name = "{0} at {1} bits")
  @CsvSource({
    "UNIFORM, 64", "UNIFORM, 256", "CLUSTERED, 64", "CLUSTERED, 256", "HOTSPOT, 64",
    "HOTSPOT, 256", "IMAGES, 64", "IMAGES, 256"
  })
  void shouldBeDeterministicPerSeed(DatasetKind kind, int bits) {
    int n = kind == DatasetKind.IMAGES ? 10 : 1000;
    long seed = TestSeeds.seed("HashDatasets." + kind + bits);
    long[] a = HashDatasets.generate(kind, bits, n, seed);
    long[] b = HashDatasets.generate(kind, bits, n, seed);
    long[] other = HashDatasets.generate(kind, bits, n, seed + 1);
    assertThat(a).as(TestSeeds.describe()).hasSize(n * bits / 64).isEqualTo(b);
    assertThat(Arrays.equals(a, other)).as("another seed, %s", TestSeeds.describe()).isFalse();
  }

  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"64", "256"})
  void clusteredHashesShouldEachHaveAGroupMateWithinAnEighthOfTheBits(int bits) {
    int n = 600;
    long[] data = HashDatasets.generate(DatasetKind.CLUSTERED, bits, n, TestSeeds.seed("clustered"));
    int words = bits / 64;
    int alone = 0;
    for (int i = 0; i < n; i++) {
      boolean mate = false;
      for (int j = 0; j < n && !mate; j++) {
        mate = j != i && distance(data, i, data, j, words) <= bits / 8;
      }
      alone += mate ? 0 : 1;
    }
    // Groups have at least two members; only the last one can be cut to one by n.
    assertThat(alone).as(TestSeeds.describe()).isLessThanOrEqualTo(1);
  }

  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"64", "256"})
  void hotspotShouldConcentrateAFifthOfTheHashesOnFourPrefixes(int bits) {
    int n = 5000;
    long[] data = HashDatasets.generate(DatasetKind.HOTSPOT, bits, n, TestSeeds.seed("hotspot"));
    int words = bits / 64;
    long mask = bits == 256 ? -1L : 0xFFFF_FFFF_0000_0000L;
    Map<Long, Integer> prefixes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      prefixes.merge(data[i * words] & mask, 1, Integer::sum);
    }
    int hot = prefixes.values().stream().filter(c -> c > 10).mapToInt(Integer::intValue).sum();
    long hotPrefixes = prefixes.values().stream().filter(c -> c > 10).count();
    assertThat(hotPrefixes).as(TestSeeds.describe()).isEqualTo(HashDatasets.HOT_WORDS);
    assertThat(hot).as(TestSeeds.describe()).isBetween(n * 15 / 100, n * 25 / 100);
  }

  @Test
  void uniformBitsShouldBeBalanced() {
    long[] data = HashDatasets.generate(DatasetKind.UNIFORM, 256, 2000, TestSeeds.seed("uniform"));
    long ones = 0;
    for (long word : data) {
      ones += Long.bitCount(word);
    }
    assertThat(ones / (double) (data.length * 64L)).as(TestSeeds.describe()).isBetween(0.49, 0.51);
  }

  @Test
  void imageCopiesShouldMostlyStayWithinThePdqMatchThresholdOfTheirOriginal() {
    // Measured on 900 copies (3 seeds): median 18 bits from the original, 87 % within 31; crops
    // push some beyond, as real crops do. The bounds below leave a wide margin for 48 copies.
    int group = 1 + ImageDataset.COPIES_PER_SCENE;
    int scenes = 16;
    long[] data = HashDatasets.generate(DatasetKind.IMAGES, 256, scenes * group, TestSeeds.seed("images"));
    int[] copyDistances = new int[scenes * ImageDataset.COPIES_PER_SCENE];
    int c = 0;
    int unrelatedFar = 0;
    for (int s = 0; s < scenes; s++) {
      // PDQ sets the bits above the median: half of them, for any image with detail.
      assertThat(popCount(data, s * group, 4)).as("scene %d, %s", s, TestSeeds.describe()).isBetween(120, 136);
      for (int k = 1; k < group; k++) {
        copyDistances[c++] = distance(data, s * group, data, s * group + k, 4);
      }
      if (s > 0) {
        unrelatedFar += distance(data, s * group, data, 0, 4) > 31 ? 1 : 0;
      }
    }
    Arrays.sort(copyDistances);
    long within = Arrays.stream(copyDistances).filter(d -> d <= 31).count();
    assertThat(copyDistances[copyDistances.length / 2]).as("median copy distance, %s", TestSeeds.describe())
        .isLessThanOrEqualTo(31);
    assertThat(within).as("copies within 31 of 48, %s", TestSeeds.describe()).isGreaterThanOrEqualTo(29);
    assertThat(unrelatedFar).as("unrelated scenes beyond 31 of 15, %s", TestSeeds.describe()).isGreaterThanOrEqualTo(13);
  }

  @Test
  void shouldRejectOtherWidths() {
    assertThatThrownBy(() -> HashDatasets.generate(DatasetKind.UNIFORM, 128, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 or 256");
    assertThatThrownBy(() -> DatasetKind.fromLabel("zipf"))
        .hasMessageContaining("uniform, clustered, hotspot or images");
    assertThat(DatasetKind.fromLabel("Images")).isEqualTo(DatasetKind.IMAGES);
  }

  static int distance(long[] a, int i, long[] b, int j, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Hamming.distance64(a[i * words + w], b[j * words + w]);
    }
    return d;
  }

  private static int popCount(long[] data, int i, int words) {
    int ones = 0;
    for (int w = 0; w < words; w++) {
      ones += Long.bitCount(data[i * words + w]);
    }
    return ones;
  }
}
