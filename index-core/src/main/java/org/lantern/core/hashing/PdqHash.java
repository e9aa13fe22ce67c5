package org.lantern.core.hashing;

import java.util.Objects;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;

/**
 * A PDQ hash with its quality score.
 *
 * <p>{@code quality} is 0..100: the sum of absolute differences between neighbouring pixels of the
 * 64x64 downsample, scaled as Meta's reference does. Below 50 the image is usually too featureless
 * for the hash to be trusted (pytx's {@code QUALITY_THRESHOLD}); callers decide what to do with it.
 *
 * <p>Thread-safety: immutable.
 *
 * @param hash the 256-bit hash, in the reference bit order (see {@link Hash})
 * @param quality 0..100
 */
public record PdqHash(Hash hash, int quality) {
  /** Quality at or above which pytx treats a PDQ hash as usable. */
  public static final int USABLE_QUALITY = 50;

  /** Checks the width and the range of {@code quality}. */
  public PdqHash {
    Objects.requireNonNull(hash, "hash");
    if (hash.bits() != HashType.PDQ.bits()) {
      throw new IllegalArgumentException("a PDQ hash has 256 bits, got " + hash.bits());
    }
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be in 0..100, got " + quality);
    }
  }

  /** Whether {@code quality >= 50}. */
  public boolean usable() {
    return quality >= USABLE_QUALITY;
  }

  /** The reference tools' plain form: {@code <hex>,<quality>}. */
  @Override
  public String toString() {
    return hash.toHex() + "," + quality;
  }
}
