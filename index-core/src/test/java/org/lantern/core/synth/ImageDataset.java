package org.lantern.core.synth;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.lantern.core.hash.Hash;
import org.lantern.core.hashing.ImageHasher;
import org.lantern.core.hashing.PHasher;
import org.lantern.core.hashing.PdqHasher;

/**
 * {@link DatasetKind#IMAGES}: perceptual hashes of rendered scenes ({@link SceneRenderer}), each
 * followed by {@value #COPIES_PER_SCENE} edited copies ({@link ImageVariants}). 256-bit sets hash
 * with PDQ ({@link PdqHasher}), 64-bit sets with pHash ({@link PHasher}).
 *
 * <p>Hash {@code i} belongs to scene {@code i / (1 + COPIES_PER_SCENE)}; the first of each group is
 * the original. Every scene draws from its own random stream, derived from the seed and the scene
 * number, so scenes are rendered in parallel and the output is still the same for a seed.
 *
 * <p>Cost: a few milliseconds of one core per scene (rendering, a JPEG round trip, four hashes);
 * about 10 minutes for a million hashes on two cores. Generate once and keep the file.
 *
 * <p>Thread-safety: stateless; uses the common fork-join pool.
 */
public final class ImageDataset {
  /** Edited copies hashed after each original. */
  public static final int COPIES_PER_SCENE = 3;

  private ImageDataset() {}

  /** {@code n} hashes, packed; see the class comment for the order. */
  public static long[] generate(int bits, int n, long seed) {
    int words = bits / 64;
    ImageHasher hasher = bits == 256 ? PdqHasher.INSTANCE : PHasher.INSTANCE;
    int group = 1 + COPIES_PER_SCENE;
    int scenes = (int) ((n + (long) group - 1) / group);
    long[] packed = new long[Math.multiplyExact(n, words)];
    IntStream.range(0, scenes).parallel().forEach(scene -> {
      SplittableRandom random = new SplittableRandom(sceneSeed(seed, scene));
      BufferedImage original = SceneRenderer.render(random.nextLong());
      int first = scene * group;
      for (int c = 0; c < group && first + c < n; c++) {
        BufferedImage image = c == 0 ? original : ImageVariants.randomCopy(original, random);
        Hash hash = hasher.hashBits(image);
        hash.copyTo(packed, (first + c) * words);
      }
    });
    return packed;
  }

  /** A per-scene seed: the data set seed and the scene number mixed (SplitMix64 finaliser). */
  static long sceneSeed(long seed, int scene) {
    long z = seed + (scene + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
