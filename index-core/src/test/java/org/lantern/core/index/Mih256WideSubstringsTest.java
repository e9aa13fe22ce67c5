package org.lantern.core.index;

import java.util.EnumSet;

/**
 * {@link HammingIndexTestCase} for multi-index hashing with the production shape of substrings
 * (16 bits: buckets far sparser than the data), so that the probe-heavy path is tested too.
 */
class Mih256WideSubstringsTest extends HammingIndexTestCase {
  @Override
  protected IndexKind kind() {
    return IndexKind.MIH;
  }

  @Override
  protected int bits() {
    return 256;
  }

  @Override
  protected IndexOptions options() {
    return new IndexOptions(1_000, EnumSet.of(IndexKind.MIH), 16);
  }
}
