package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;

/**
 * Computes one perceptual hash type from a decoded image. Get one for a {@link HashType} from
 * {@link #forType}.
 *
 * <p>Thread-safety: every implementation here is safe for concurrent use; scratch buffers are
 * per thread.
 */
public interface ImageHasher {
  /** The hash type this hasher produces. */
  HashType type();

  /** The hash of {@code image}, {@link HashType#bits()} wide. */
  Hash hashBits(BufferedImage image);

  /** The hasher for {@code type}: {@link PdqHasher}, {@link PHasher} or {@link DHasher}. */
  static ImageHasher forType(HashType type) {
    return switch (type) {
      case PDQ -> PdqHasher.INSTANCE;
      case PHASH -> PHasher.INSTANCE;
      case DHASH -> DHasher.INSTANCE;
    };
  }
}
