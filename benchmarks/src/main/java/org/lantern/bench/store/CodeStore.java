package org.lantern.bench.store;

/**
 * The operations of the index's hot path on the hash bits, over one storage layout: append codes
 * by ordinal, read one code by ordinal (candidate verification), scan all codes (the flat index).
 * {@link StoreLayoutBenchmark} measures each layout through this interface; every trial (fork)
 * sees a single implementation, so the calls are monomorphic.
 *
 * <p>Thread-safety: one writer; reads may run concurrently with each other (not with {@link
 * #close()}).
 */
public interface CodeStore extends AutoCloseable {
  /** Words per hash: 1 (64 bits) or 4 (256 bits). */
  int words();

  /** Number of codes stored: ordinals {@code 0 .. size() - 1}. */
  int size();

  /** Appends {@code count} codes, packed from index 0 of {@code packed}, at the next ordinals. */
  void append(long[] packed, int count);

  /** Hamming distance from the code at {@code ordinal} to {@code query} ({@link #words()} long). */
  int distance(int ordinal, long[] query);

  /** Sum of the distances from {@code query} to every stored code: a full sequential scan. */
  long scan(long[] query);

  /** Closes (and unmaps) the files; the directory is the caller's to delete. */
  @Override
  void close();
}
