package org.lantern.bench.store;

import net.openhft.chronicle.values.Array;

/**
 * A Chronicle Values interface for one 256-bit code: four longs, most significant first, stored
 * as 32 consecutive bytes in a Chronicle Map entry. Chronicle generates the heap and native
 * implementations at run time (which is why it needs a full JDK).
 *
 * <p>Thread-safety: instances are plain mutable holders; not thread-safe.
 */
public interface Code256 {
  /** Word {@code index} (0..3), most significant first. */
  @Array(length = 4)
  long getWordAt(int index);

  /** Sets word {@code index} (0..3). */
  void setWordAt(int index, long word);
}
