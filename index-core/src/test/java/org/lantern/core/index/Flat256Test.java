package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the FLAT index on 256-bit hashes. */
class Flat256Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.FLAT;
  }

  @Override
  protected int bits() {
    return 256;
  }
}
