package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the FLAT index on 64-bit hashes. */
class Flat64Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.FLAT;
  }

  @Override
  protected int bits() {
    return 64;
  }
}
