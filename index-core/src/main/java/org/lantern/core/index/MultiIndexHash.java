package org.lantern.core.index;

import java.nio.file.Path;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;
import org.lantern.core.store.MappedArray;

/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index
 * Hashing", CVPR 2012): the hash is cut into {@code m} substrings ({@link MihLayout}), and each
 * substring value has a bucket in its own table.
 *
 * <p><b>Why it is exact.</b> If {@code d(q, x) <= r} and the substrings of q and x differ by
 * {@code d_1 .. d_m} bits ({@code sum d_t = d(q, x)}), then for any per-table radii {@code rho_t}
 * with {@code sum (rho_t + 1) > r} some {@code d_t <= rho_t} (otherwise {@code d(q, x) >= sum
 * (rho_t + 1) > r}). Probing every bucket within {@code rho_t} of the query's substring in table
 * {@code t}, for every t, therefore finds every x within r; the paper's {@code floor(r / m)} for
 * every table is the special case where all {@code rho_t} are equal. We grow the radii one table
 * at a time — table 0 to radius rho, then table 1, ... — so after table t at radius rho every hash
 * within {@code m * rho + t} has been seen. The search stops as soon as that guaranteed radius
 * reaches the collector's bound (the range radius, or the k-th best distance for k-NN), which makes
 * k-NN the same loop as range search.
 *
 * <p><b>Layout.</b> Off-heap, in two memory-mapped files: {@code mih-heads.dat} holds, for every
 * table, {@code 2^length} ints (the newest ordinal in the bucket, plus one; 0 = empty), and {@code
 * mih-next.dat} holds {@code m} ints per ordinal (the next older ordinal in the same bucket of table
 * t, plus one). Buckets are linked lists threaded through the ordinals: adding a hash writes its
 * m next-links and then, with release stores, the m heads, so concurrent readers see either the
 * old or the new list, both well formed. With substrings of about {@code log2(N)} bits a bucket
 * holds about one entry, so a list costs about what a CSR row would, and it can grow in place.
 *
 * <p><b>Cost.</b> Each probe and each candidate is a random memory access; the search is written in
 * phases (gather the heads of all probes of one table and radius, then walk all lists side by side,
 * then verify) so that those accesses are independent and the CPU overlaps their cache misses.
 * Probes per query grow as {@code sum_t C(length_t, rho_t)}, candidates as probes times
 * {@code N / 2^length}. Verification reads the codes from the store.
 *
 * <p>Thread-safety: one writer ({@link #link}), any number of concurrent searches; per-thread
 * scratch space, no allocation per query once warm.
 */
final class MultiIndexHash implements IndexStructure {
  private final HashStore store;
  private final MihLayout layout;
  private final MappedArray heads;
  private final MappedArray next;
  private final long[] tableBase; // byte offset of table t in heads
  private final int m;
  private final ThreadLocal<Scratch> scratch;

  MultiIndexHash(HashStore store, Path dir, MihLayout layout, long expectedCapacity, boolean writable) {
    if (layout.bits() != store.bits()) {
      throw new IllegalArgumentException(
          "layout for " + layout.bits() + "-bit hashes on a " + store.bits() + "-bit store");
    }
    this.store = store;
    this.layout = layout;
    this.m = layout.substrings();
    this.tableBase = new long[m];
    long total = 0;
    for (int t = 0; t < m; t++) {
      tableBase[t] = total;
      total += 4L << layout.lengths()[t];
    }
    MappedArray openedHeads = MappedArray.open(dir.resolve("mih-heads.dat"), MappedArray.chunkShiftFor(total), writable);
    try {
      if (writable) {
        openedHeads.ensureCapacity(total);
      } else if (openedHeads.capacity() < total) {
        throw new org.lantern.core.store.StoreFormatException(
            dir.resolve("mih-heads.dat") + ": " + openedHeads.capacity() + " bytes, the layout "
                + layout + " needs " + total);
      }
      this.next =
          MappedArray.open(
              dir.resolve("mih-next.dat"),
              MappedArray.chunkShiftFor(expectedCapacity * 4L * m),
              writable);
    } catch (RuntimeException e) {
      openedHeads.close();
      throw e;
    }
    this.heads = openedHeads;
    this.scratch = ThreadLocal.withInitial(Scratch::new);
  }

  MihLayout layout() {
    return layout;
  }

  @Override
  public IndexKind kind() {
    return IndexKind.MIH;
  }

  @Override
  public void link(int from, int to) {
    next.ensureCapacity((long) to * m * 4);
    long[] words = new long[store.words()];
    for (int ordinal = from; ordinal < to; ordinal++) {
      store.copyWords(ordinal, words, 0);
      long record = (long) ordinal * m * 4;
      for (int t = 0; t < m; t++) {
        long head = tableBase[t] + ((long) layout.key(words, 0, t) << 2);
        next.putInt(record + 4L * t, heads.getInt(head));
        heads.putIntOrdered(head, ordinal + 1);
      }
    }
  }

  @Override
  public void repair(int from, int to) {
    long[] words = new long[store.words()];
    for (int ordinal = from; ordinal < to; ordinal++) {
      store.copyWords(ordinal, words, 0);
      for (int t = 0; t < m; t++) {
        long head = tableBase[t] + ((long) layout.key(words, 0, t) << 2);
        int entry = heads.getInt(head);
        // Lists are newest first: drop the unpublished prefix.
        while (entry != 0 && entry - 1 >= from) {
          long link = (long) (entry - 1) * m * 4 + 4L * t;
          entry = link < next.capacity() ? next.getInt(link) : 0;
        }
        heads.putIntOrdered(head, entry);
      }
    }
  }

  @Override
  public void search(
      long[] query, HashStore.Snapshot snapshot, HitCollector collector, SearchStats stats) {
    search(query, snapshot, collector, stats, Long.MAX_VALUE);
  }

  /**
   * Searches until the guaranteed radius reaches the collector's bound, or gives up once more
   * than {@code probeBudget} buckets were probed (then returns false, and the collector holds a
   * partial answer the caller must discard).
   */
  boolean search(
      long[] query,
      HashStore.Snapshot snapshot,
      HitCollector collector,
      SearchStats stats,
      long probeBudget) {
    Scratch s = scratch.get();
    s.seen.clear();
    int[] keys = s.keys(m);
    for (int t = 0; t < m; t++) {
      keys[t] = layout.key(query, 0, t);
    }
    int[] lengths = layout.lengths();
    long probes = 0;
    for (int rho = 0; ; rho++) {
      for (int t = 0; t < m; t++) {
        int[] masks = FlipMasks.ofWeight(lengths[t], rho);
        probes += masks.length;
        if (probes > probeBudget) {
          return false;
        }
        probe(t, masks, keys[t], query, snapshot, collector, stats, s);
        if (rho == lengths[t]) {
          return true; // table t is fully enumerated: every stored hash has been a candidate
        }
        int guaranteed = m * rho + t; // every hash within this distance has been seen
        if (guaranteed >= collector.maxDistance()) {
          return true;
        }
      }
    }
  }

  /** Probes every bucket of table {@code t} at {@code key ^ mask}, for each mask. */
  private void probe(
      int t,
      int[] masks,
      int key,
      long[] query,
      HashStore.Snapshot snapshot,
      HitCollector collector,
      SearchStats stats,
      Scratch s) {
    final int n = masks.length;
    final long base = tableBase[t];
    int[] frontier = s.frontier(n);
    // Phase 1: gather the heads. The loads are independent, so their misses overlap.
    int live = 0;
    for (int i = 0; i < n; i++) {
      int entry = heads.getInt(base + ((long) (key ^ masks[i]) << 2));
      frontier[live] = entry;
      live += entry != 0 ? 1 : 0;
    }
    stats.addProbes(n);
    // Phase 2: walk all lists side by side, one step per round; verify each entry as we go.
    final int size = snapshot.size();
    final long linkOffset = 4L * t;
    final long stride = 4L * m;
    long candidates = 0;
    while (live > 0) {
      int kept = 0;
      for (int i = 0; i < live; i++) {
        int ordinal = frontier[i] - 1;
        int older = next.getInt(ordinal * stride + linkOffset);
        if (ordinal < size) {
          candidates++;
          int distance = store.distance(ordinal, query);
          if (distance <= collector.maxDistance()
              && s.seen.add(ordinal)
              && store.isVisible(ordinal, snapshot)) {
            collector.collect(ordinal, distance);
          }
        }
        frontier[kept] = older;
        kept += older != 0 ? 1 : 0;
      }
      live = kept;
    }
    stats.addCandidates(candidates);
  }

  @Override
  public long mappedBytes() {
    return heads.mappedBytes() + next.mappedBytes();
  }

  @Override
  public void close() {
    heads.close();
    next.close();
  }

  /** Per-thread scratch: reused across queries, grown on demand. */
  private static final class Scratch {
    final IntHashSet seen = new IntHashSet();
    int[] keys = new int[0];
    int[] frontier = new int[1024];

    int[] keys(int m) {
      if (keys.length < m) {
        keys = new int[m];
      }
      return keys;
    }

    int[] frontier(int n) {
      if (frontier.length < n) {
        frontier = new int[Integer.highestOneBit(n - 1) << 1];
      }
      return frontier;
    }
  }
}
