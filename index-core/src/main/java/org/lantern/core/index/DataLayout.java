package org.lantern.core.index;

import java.nio.file.Path;
import org.lantern.core.hash.HashType;

/**
 * Where things live in a Lantern data directory. Each perceptual hash type has its own index
 * directory, {@code DATA/hashes/<type>/} (e.g. {@code data/hashes/pdq}).
 *
 * <p>Thread-safety: stateless.
 */
public final class DataLayout {
  private DataLayout() {}

  /** The index directory of one hash type. */
  public static Path hashIndex(Path dataDir, HashType type) {
    return dataDir.resolve("hashes").resolve(type.label());
  }
}
