package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the MIH index on 64-bit hashes. */
class Mih64Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.MIH;
  }

  @Override
  protected int bits() {
    return 64;
  }
}
