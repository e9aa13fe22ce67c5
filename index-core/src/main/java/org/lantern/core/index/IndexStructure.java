package org.lantern.core.index;

import org.lantern.core.search.HitCollector;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;

/**
 * One search structure over a {@link HashStore}. Structures hold ordinals only; the bits live in
 * the store. {@link PlannedIndex} appends to the store, then links the new ordinals into every
 * structure, then publishes, so a structure may hold links to ordinals a reader's snapshot does
 * not include yet: searches skip them (and follow their links, which point to older entries).
 *
 * <p>Thread-safety: {@link #link} and {@link #repair} by the single writer; {@link #search} from
 * any number of threads at once.
 */
sealed interface IndexStructure extends AutoCloseable permits FlatIndex, MultiIndexHash, BkTree {
  IndexKind kind();

  /** Links ordinals {@code [from, to)}, whose codes are already in the store. Writer only. */
  void link(int from, int to);

  /**
   * Unlinks ordinals {@code [from, to)} (at or beyond the published size) that a crash may have
   * left half-linked. Writer only, before any link.
   */
  void repair(int from, int to);

  /**
   * Offers every visible stored hash within {@code collector.maxDistance()} of {@code query} to
   * the collector, each ordinal at most once.
   */
  void search(long[] query, HashStore.Snapshot snapshot, HitCollector collector, SearchStats stats);

  /** Writes this structure's dirty pages to the device. */
  void force();

  /** Bytes of file mapped by this structure (beyond the store's). */
  long mappedBytes();

  @Override
  void close();
}
