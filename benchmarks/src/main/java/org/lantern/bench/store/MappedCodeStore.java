package org.lantern.bench.store;

import java.nio.file.Path;
import org.lantern.core.store.HashStore;

/**
 * {@link CodeStore} over the index's own {@link HashStore}: fixed-size records in a chunked
 * memory-mapped file ({@code MappedRecords}, Agrona {@code UnsafeBuffer}), here with no link slots,
 * so a record is just the code. Appends go through {@link HashStore#appendUnpublished} and {@link
 * HashStore#publish}, as {@code PlannedIndex.addBatch} does.
 *
 * <p>Thread-safety: as {@link HashStore}: one writer, any number of readers.
 */
public final class MappedCodeStore implements CodeStore {
  private final HashStore store;
  private final int words;

  /** Creates (or opens) the store in {@code dir}, sized for {@code capacity} codes. */
  public MappedCodeStore(Path dir, int bits, long capacity) {
    this.store = HashStore.open(dir, bits, capacity, 0, true); // no link slots: the bare layout
    this.words = bits / 64;
  }

  @Override
  public int words() {
    return words;
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public void append(long[] packed, int count) {
    int first = store.appendUnpublished(packed, count);
    store.publish(first + count);
  }

  @Override
  public int distance(int ordinal, long[] query) {
    return store.distance(ordinal, query);
  }

  @Override
  public long scan(long[] query) {
    final HashStore s = store;
    final int size = s.size();
    long sum = 0;
    for (int ordinal = 0; ordinal < size; ordinal++) {
      sum += s.distance(ordinal, query);
    }
    return sum;
  }

  @Override
  public void close() {
    store.close();
  }
}
