package org.lantern.core.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hash;

/** Hashers share no mutable state across threads: parallel results equal serial ones. */
class ConcurrentHashingTest {
  @Test
  void parallelHashingEqualsSerial() throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    for (String path : List.of("reg-test-input/pen-and-coaster.png",
        "reg-test-input/labelme-subset/q1050.jpg", "pytx-resources/LA.png",
        "pytx-resources/random-image-from-test_pdq_hasher.png")) {
      images.add(ReferenceData.image(path));
    }
    List<List<Hash>> serial = new ArrayList<>();
    for (BufferedImage image : images) {
      serial.add(hashAll(image));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<Hash>>> futures = new ArrayList<>();
      // Interleave images of different sizes so per-thread buffers are reused across sizes.
      for (int round = 0; round < 6; round++) {
        for (BufferedImage image : images) {
          futures.add(pool.submit(() -> hashAll(image)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(serial.get(i % images.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Hash> hashAll(BufferedImage image) {
    List<Hash> hashes = new ArrayList<>(PdqHasher.INSTANCE.hashDihedral(image).all());
    hashes.add(PHasher.INSTANCE.hash(image));
    hashes.add(DHasher.INSTANCE.hash(image));
    return hashes;
  }
}
