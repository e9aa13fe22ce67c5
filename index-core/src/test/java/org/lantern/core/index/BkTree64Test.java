package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the BKTREE index on 64-bit hashes. */
class BkTree64Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.BKTREE;
  }

  @Override
  protected int bits() {
    return 64;
  }
}
