package org.lantern.core.hashing;

import java.util.Arrays;
import java.util.List;
import org.lantern.core.hash.Hash;

/**
 * The eight PDQ hashes of one image under the {@link Dihedral} transforms, plus the image's quality
 * (the same for all eight: a symmetry does not change the gradient sum).
 *
 * <p>Use: store or look up {@link #get get(ORIGINAL)}; to catch a rotated or mirrored copy of a
 * known image, compare a query against all eight ({@link #minDistance}).
 *
 * <p>Thread-safety: immutable.
 */
public final class PdqDihedralHashes {
  private final Hash[] hashes; // indexed by Dihedral.ordinal()
  private final int quality;

  PdqDihedralHashes(Hash[] hashes, int quality) {
    if (hashes.length != Dihedral.values().length) {
      throw new IllegalArgumentException("expected 8 hashes, got " + hashes.length);
    }
    this.hashes = hashes.clone();
    this.quality = quality;
  }

  /** The hash of the image transformed by {@code transform}. */
  public Hash get(Dihedral transform) {
    return hashes[transform.ordinal()];
  }

  /** The hash of {@code transform} with this image's quality. */
  public PdqHash pdq(Dihedral transform) {
    return new PdqHash(get(transform), quality);
  }

  /** All eight, in {@link Dihedral} order (orig, rot90, …, flipm). */
  public List<Hash> all() {
    return List.of(hashes);
  }

  /** Quality 0..100 of the original image. */
  public int quality() {
    return quality;
  }

  /** Smallest Hamming distance from {@code query} to any of the eight. */
  public int minDistance(Hash query) {
    int best = Integer.MAX_VALUE;
    for (Hash h : hashes) {
      best = Math.min(best, h.distance(query));
    }
    return best;
  }

  /** The transform whose hash is nearest to {@code query} (first in enum order on ties). */
  public Dihedral nearest(Hash query) {
    Dihedral best = Dihedral.ORIGINAL;
    int bestDistance = Integer.MAX_VALUE;
    for (Dihedral d : Dihedral.values()) {
      int distance = get(d).distance(query);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = d;
      }
    }
    return best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PdqDihedralHashes other
        && quality == other.quality
        && Arrays.equals(hashes, other.hashes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hashes) + quality;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Dihedral d : Dihedral.values()) {
      sb.append(d.label()).append('=').append(get(d).toHex()).append(',').append(quality).append('\n');
    }
    return sb.toString();
  }
}
