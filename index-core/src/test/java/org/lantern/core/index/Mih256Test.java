package org.lantern.core.index;

/** {@link HammingIndexTestCase} for the MIH index on 256-bit hashes. */
class Mih256Test extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.MIH;
  }

  @Override
  protected int bits() {
    return 256;
  }
}
