package org.lantern.bench.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lantern.core.hashing.DHasher;
import org.lantern.core.hashing.Dihedral;
import org.lantern.core.hashing.PHasher;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;

/** Each benchmark method, run once, returns what a direct hasher call returns. */
class HashingBenchmarkTest {
  private static HashingBenchmark bench;
  private static BufferedImage image;

  @BeforeAll
  static void setUp() {
    bench = new HashingBenchmark();
    bench.setUp();
    image = HashingBenchmark.syntheticImage(
        HashingBenchmark.WIDTH, HashingBenchmark.HEIGHT, HashingBenchmark.SEED);
  }

  @Test
  void pdqEqualsDirectCall() {
    PdqHash direct = new PdqHasher().hash(image);
    assertThat(bench.pdq()).isEqualTo(direct);
    assertThat(direct.quality()).isGreaterThanOrEqualTo(50);
    assertThat(direct.hash().popCount()).isEqualTo(128);
    assertThat(bench.pdqDihedral().get(Dihedral.ORIGINAL)).isEqualTo(direct.hash());
  }

  @Test
  void phashAndDhashEqualDirectCalls() {
    assertThat(bench.phash()).isEqualTo(new PHasher().hash(image));
    assertThat(bench.dhash()).isEqualTo(new DHasher().hash(image));
  }

  @Test
  void decodeGivesTheImageBack() throws Exception {
    BufferedImage decoded = bench.decodeJpeg();
    assertThat(decoded.getWidth()).isEqualTo(HashingBenchmark.WIDTH);
    assertThat(decoded.getHeight()).isEqualTo(HashingBenchmark.HEIGHT);
    // Lossy, but the same picture.
    assertThat(new PdqHasher().hash(decoded).hash().distance(new PdqHasher().hash(image).hash()))
        .isLessThanOrEqualTo(31);
  }
}
