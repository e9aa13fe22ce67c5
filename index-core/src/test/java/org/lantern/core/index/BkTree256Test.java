package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the BKTREE index on 256-bit hashes. */
class BkTree256Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.BKTREE;
  }

  @Override
  protected int bits() {
    return 256;
  }
}
