package org.lantern.core.index;

import java.util.EnumSet;
import java.util.Set;

/**
 * How to create an index directory. Only used when the directory is new: an existing directory
 * keeps the options it was created with (they are in its {@code index.properties}).
 *
 * @param capacity the number of hashes the directory is expected to hold; sizes the multi-index
 *     substrings (about log2(capacity) bits each) and the file chunks. It is not a limit: a larger
 *     index stays exact, and slows down gradually.
 * @param structures which search structures to maintain besides the flat scan, which is always
 *     available: {@link IndexKind#MIH} and/or {@link IndexKind#BKTREE}
 * @param mihSubstrings number of multi-index substrings; 0 chooses from the capacity
 *     <p>Thread-safety: immutable.
 */
public record IndexOptions(long capacity, Set<IndexKind> structures, int mihSubstrings) {
  /** The default capacity when a caller has no idea: one million hashes. */
  public static final long DEFAULT_CAPACITY = 1_000_000;

  public IndexOptions {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    EnumSet<IndexKind> copy = EnumSet.noneOf(IndexKind.class);
    for (IndexKind kind : structures) {
      if (kind == IndexKind.AUTO) {
        throw new IllegalArgumentException("'auto' is not a structure");
      }
      if (kind != IndexKind.FLAT) {
        copy.add(kind);
      }
    }
    structures = Set.copyOf(copy);
    if (mihSubstrings < 0) {
      throw new IllegalArgumentException("mihSubstrings must be 0 (auto) or more, got " + mihSubstrings);
    }
  }

  /**
   * The defaults: multi-index hashing only. The BK-tree is opt-in: on our measurements
   * (benchmarks/RESULTS.md) it loses to multi-index hashing at every width and radius we tried
   * — at 64 bits and radius 8 it visits 38 % of the tree — and it slows every insertion.
   */
  public static IndexOptions defaults(long capacity) {
    return new IndexOptions(capacity, EnumSet.of(IndexKind.MIH), 0);
  }

  /** Every structure: what tests use. */
  public static IndexOptions all(long capacity) {
    return new IndexOptions(capacity, EnumSet.of(IndexKind.MIH, IndexKind.BKTREE), 0);
  }
}
