package org.lantern.core.index;

import java.nio.file.Path;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.lantern.core.store.MappedArray;
import org.lantern.core.store.StoreFormatException;

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
 * <p><b>Layout.</b> Off-heap, memory-mapped: {@code mih-heads.dat} holds, for every table, {@code
 * 2^length} ints (the newest ordinal in the bucket, plus one; 0 = empty); the store's record of
 * each ordinal holds, after the hash, {@code m} link slots (the next older ordinal in the same
 * bucket of table t, plus one). Buckets are linked lists threaded through the records: adding a
 * hash writes its m links and then, with release stores, the m heads, so concurrent readers see
 * either the old or the new list, both well formed. With substrings of about {@code log2(N)} bits
 * a bucket holds about one entry, so a list costs about what a CSR row would, and it grows in
 * place. Because a record holds both the bits and the links, checking a candidate and following
 * its list cost one random memory access together.
 *
 * <p><b>Hot buckets.</b> Real hash sets have values many hashes share (blank borders, all-zero
 * hashes of flat images): one bucket then holds thousands of entries, and every query that lands
 * in it pays for all of them. {@code mih-counts.dat} keeps, per table, an entry count for each
 * value of the substring's top {@value #COARSE_BITS} bits (a few MiB, cache friendly), and a small
 * in-memory list of the hot ones (rebuilt from the counts on open, extended as they grow). A query
 * that would probe a hot region of some table — its own bucket, or one within the few bits it
 * flips — leaves that table out: the pigeonhole argument holds for any
 * subset of tables, with the radii of the others grown to compensate, which costs more probes
 * but far fewer candidates. The choice is a cost estimate per query ({@link IndexPlanner}); the
 * result is exact either way. Counts are hints: a crash may leave them slightly high.
 *
 * <p><b>Cost.</b> Each probe and each candidate is a random memory access; the search is written in
 * phases (gather the heads of all probes of one table and radius, then walk all lists side by
 * side) so that those accesses are independent and the CPU overlaps their cache misses. Probes
 * per query grow as {@code sum_t C(length_t, rho_t)}, candidates as probes times {@code N /
 * 2^length}.
 *
 * <p>Thread-safety: one writer ({@link #link}), any number of concurrent searches; per-thread
 * scratch space, no allocation per query once warm.
 */
final class MultiIndexHash implements IndexStructure {
  /** Coarse counts are kept per value of a substring's top this-many bits. */
  static final int COARSE_BITS = 16;

  /** A bucket region is hot when it holds this many times its expected share, and at least... */
  private static final int HOT_FACTOR = 16;

  /** ... this many entries: below that, any bucket is cheap. */
  private static final int HOT_MINIMUM = 512;

  /** A hot coarse region matters to a query whose coarse key is this close: the probes reach it. */
  private static final int HOT_REACH = 3;

  private final HashStore store;
  private final MihLayout layout;
  private final MappedArray heads;
  private final MappedArray counts;
  private final long[] tableBase; // byte offset of table t in heads
  private final int[] coarseShift; // key >>> coarseShift[t] is the coarse count slot of table t
  private final int m;
  private final ThreadLocal<Scratch> scratch;
  /** Batches at least this long link their tables on two threads. */
  private static final int PARALLEL_LINK_MINIMUM = 4096;

  private volatile int[][] hotSlots; // per table, coarse slots that were hot when seen; copy-on-write

  MultiIndexHash(HashStore store, Path dir, MihLayout layout, boolean writable) {
    if (layout.bits() != store.bits()) {
      throw new IllegalArgumentException(
          "layout for " + layout.bits() + "-bit hashes on a " + store.bits() + "-bit store");
    }
    if (store.linkSlots() < layout.substrings()) {
      throw new IllegalArgumentException(
          "the store has " + store.linkSlots() + " link slots, the layout needs " + layout.substrings());
    }
    this.store = store;
    this.layout = layout;
    this.m = layout.substrings();
    this.tableBase = new long[m];
    this.coarseShift = new int[m];
    long total = 0;
    for (int t = 0; t < m; t++) {
      tableBase[t] = total;
      total += 4L << layout.lengths()[t];
      coarseShift[t] = Math.max(0, layout.lengths()[t] - COARSE_BITS);
    }
    long countBytes = 4L * m << COARSE_BITS;
    MappedArray openedHeads = MappedArray.open(dir.resolve("mih-heads.dat"), MappedArray.chunkShiftFor(total), writable);
    MappedArray openedCounts = null;
    try {
      openedCounts = MappedArray.open(dir.resolve("mih-counts.dat"), MappedArray.chunkShiftFor(countBytes), writable);
      if (writable) {
        openedHeads.ensureCapacity(total);
        openedCounts.ensureCapacity(countBytes);
      } else if (openedHeads.capacity() < total || openedCounts.capacity() < countBytes) {
        throw new StoreFormatException(
            dir + ": mih-heads.dat or mih-counts.dat is shorter than the layout " + layout + " needs");
      }
    } catch (RuntimeException e) {
      openedHeads.close();
      if (openedCounts != null) {
        openedCounts.close();
      }
      throw e;
    }
    this.heads = openedHeads;
    this.counts = openedCounts;
    this.scratch = ThreadLocal.withInitial(Scratch::new);
    this.hotSlots = findHotSlots(store.size());
  }

  /** The count above which a coarse region is hot, for an index of {@code size} hashes. */
  private long hotThreshold(int t, int size) {
    long expected = (long) size >>> Math.min(layout.lengths()[t], COARSE_BITS);
    return Math.max(HOT_MINIMUM, HOT_FACTOR * expected);
  }

  /** Scans every coarse count (a few MiB, once per open). */
  private int[][] findHotSlots(int size) {
    int[][] hot = new int[m][];
    for (int t = 0; t < m; t++) {
      int slots = 1 << Math.min(layout.lengths()[t], COARSE_BITS);
      long threshold = hotThreshold(t, size);
      org.eclipse.collections.impl.list.mutable.primitive.IntArrayList found =
          new org.eclipse.collections.impl.list.mutable.primitive.IntArrayList();
      for (int slot = 0; slot < slots; slot++) {
        if (counts.getInt(((long) t << COARSE_BITS | slot) << 2) > threshold) {
          found.add(slot);
        }
      }
      hot[t] = found.toArray();
    }
    return hot;
  }

  /** Writer: remembers a region that just became hot. */
  private synchronized void noteHot(int t, int slot) { // two linking threads may note at once
    int[][] current = hotSlots;
    for (int known : current[t]) {
      if (known == slot) {
        return;
      }
    }
    int[][] copy = current.clone();
    copy[t] = java.util.Arrays.copyOf(current[t], current[t].length + 1);
    copy[t][current[t].length] = slot;
    hotSlots = copy;
  }

  @Override
  public IndexKind kind() {
    return IndexKind.MIH;
  }

  private long countOffset(int t, int key) {
    return ((long) t << COARSE_BITS | key >>> coarseShift[t]) << 2;
  }

  @Override
  public void link(int from, int to) {
    // Keys first, then one table at a time: the head reads of consecutive ordinals are independent
    // loads, so their cache misses overlap (a batch into a 10M index is bound by those misses).
    int count = to - from;
    int[] keys = new int[count * m];
    long[] words = new long[store.words()];
    for (int i = 0; i < count; i++) {
      store.copyWords(from + i, words, 0);
      for (int t = 0; t < m; t++) {
        keys[i * m + t] = layout.key(words, 0, t);
      }
    }
    if (count < PARALLEL_LINK_MINIMUM || m < 2) {
      linkTables(from, count, keys, 0, m);
      return;
    }
    // Tables are independent (their own heads, counts and link slot per ordinal): a bulk load's
    // big batches link half of them on another core. Readers see each head published as before.
    int half = m / 2;
    java.util.concurrent.ForkJoinTask<?> other =
        java.util.concurrent.ForkJoinPool.commonPool().submit(() -> linkTables(from, count, keys, half, m));
    linkTables(from, count, keys, 0, half);
    other.join();
  }

  private void linkTables(int from, int count, int[] keys, int firstTable, int endTable) {
    for (int t = firstTable; t < endTable; t++) {
      for (int i = 0; i < count; i++) {
        int ordinal = from + i;
        int key = keys[i * m + t];
        long head = tableBase[t] + ((long) key << 2);
        store.putLink(ordinal, t, heads.getInt(head)); // the link first, then the head (release)
        heads.putIntOrdered(head, ordinal + 1);
        long slot = countOffset(t, key);
        int updated = counts.getInt(slot) + 1;
        counts.putInt(slot, updated);
        if (updated > HOT_MINIMUM && updated > hotThreshold(t, ordinal + 1)) {
          noteHot(t, key >>> coarseShift[t]);
        }
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
          entry = store.link(entry - 1, t);
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
    int[] active = s.active(m);
    int tables = chooseTables(keys, snapshot.size(), collector.maxDistance(), active, s);
    int[] lengths = layout.lengths();
    long probes = 0;
    for (int rho = 0; ; rho++) {
      for (int j = 0; j < tables; j++) {
        int t = active[j];
        int[] masks = FlipMasks.ofWeight(lengths[t], rho);
        probes += masks.length;
        if (probes > probeBudget) {
          return false;
        }
        probe(t, masks, keys[t], query, snapshot, collector, stats, s);
        if (rho == lengths[t]) {
          return true; // table t is fully enumerated: every stored hash has been a candidate
        }
        // Tables active[0..j] have been probed to rho, the others to rho - 1: every hash within
        // sum(rho_t + 1) - 1 = tables * rho + j has been seen (the pigeonhole bound).
        if (tables * rho + j >= collector.maxDistance()) {
          return true;
        }
      }
    }
  }

  /**
   * Fills {@code active} with the tables to probe, in layout order, and returns how many: all of
   * them, minus those whose bucket region for this query is hot when leaving them out is
   * estimated to be cheaper.
   */
  private int chooseTables(int[] keys, int size, int maxDistance, int[] active, Scratch s) {
    long[] hot = s.hot(m); // entries << 8 | t, for the tables with hot regions in reach
    int hotCount = 0;
    int[][] hotSlots = this.hotSlots;
    for (int t = 0; t < m; t++) {
      if (hotSlots[t].length == 0) {
        continue;
      }
      int coarse = keys[t] >>> coarseShift[t];
      long threshold = hotThreshold(t, size);
      long entries = 0;
      for (int slot : hotSlots[t]) {
        if (Integer.bitCount(slot ^ coarse) <= HOT_REACH) {
          int count = counts.getInt(((long) t << COARSE_BITS | slot) << 2);
          entries += count > threshold ? count : 0;
        }
      }
      if (entries > 0) {
        hot[hotCount++] = entries << 8 | t;
      }
    }
    if (hotCount == 0) {
      for (int t = 0; t < m; t++) {
        active[t] = t;
      }
      return m;
    }
    java.util.Arrays.sort(hot, 0, hotCount); // coldest hot table first
    int radius = maxDistance >= layout.bits() ? layout.bits() / 8 : maxDistance;
    // Try leaving out the i hottest tables, for i = 0 .. hotCount (keeping at least one table).
    double bestCost = Double.MAX_VALUE;
    int bestSkip = 0;
    boolean[] skipped = s.skipped(m);
    for (int skip = 0; skip <= Math.min(hotCount, m - 1); skip++) {
      java.util.Arrays.fill(skipped, 0, m, false);
      double candidates = 0;
      for (int i = 0; i < hotCount; i++) {
        int t = (int) (hot[i] & 0xFF);
        if (i >= hotCount - skip) {
          skipped[t] = true;
        } else {
          candidates += hot[i] >>> 8; // a kept hot table costs its whole region, at worst
        }
      }
      int tables = 0;
      for (int t = 0; t < m; t++) {
        if (!skipped[t]) {
          active[tables++] = t;
        }
      }
      double cost = IndexPlanner.mihWork(layout, active, tables, size, radius) + candidates;
      if (cost < bestCost) {
        bestCost = cost;
        bestSkip = skip;
      }
    }
    int tables = 0;
    java.util.Arrays.fill(skipped, 0, m, false);
    for (int i = hotCount - bestSkip; i < hotCount; i++) {
      skipped[(int) (hot[i] & 0xFF)] = true;
    }
    for (int t = 0; t < m; t++) {
      if (!skipped[t]) {
        active[tables++] = t;
      }
    }
    return tables;
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
    // Phase 2: walk all lists side by side, one step per round. Reading an entry's link and its
    // bits touches one record; different lists' records are independent loads. One loop per
    // width (chosen once per probe, like FlatIndex): no width test per candidate.
    final int linkOffset = store.codeBytes() + 4 * t;
    long candidates =
        store.words() == 4
            ? walk256(frontier, live, linkOffset, query, snapshot, collector, s)
            : walk64(frontier, live, linkOffset, query[0], snapshot, collector, s);
    stats.addCandidates(candidates);
  }

  /** Phase 2 for 64-bit hashes; returns the candidates examined. */
  private long walk64(
      int[] frontier, int live, int linkOffset, long q0, HashStore.Snapshot snapshot, HitCollector collector, Scratch s) {
    final int size = snapshot.size();
    long candidates = 0;
    while (live > 0) {
      int kept = 0;
      for (int i = 0; i < live; i++) {
        final int ordinal = frontier[i] - 1;
        final UnsafeBuffer record = store.recordChunk(ordinal);
        final int offset = store.recordOffset(ordinal);
        final int older = record.getInt(offset + linkOffset);
        if (ordinal < size) {
          candidates++;
          final int distance = Long.bitCount(record.getLong(offset) ^ q0);
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
    return candidates;
  }

  /** Phase 2 for 256-bit hashes, the query's four words in locals; returns the candidates examined. */
  private long walk256(
      int[] frontier, int live, int linkOffset, long[] query, HashStore.Snapshot snapshot, HitCollector collector, Scratch s) {
    final int size = snapshot.size();
    final long q0 = query[0];
    final long q1 = query[1];
    final long q2 = query[2];
    final long q3 = query[3];
    long candidates = 0;
    while (live > 0) {
      int kept = 0;
      for (int i = 0; i < live; i++) {
        final int ordinal = frontier[i] - 1;
        final UnsafeBuffer record = store.recordChunk(ordinal);
        final int offset = store.recordOffset(ordinal);
        final int older = record.getInt(offset + linkOffset);
        if (ordinal < size) {
          candidates++;
          final int distance =
              Long.bitCount(record.getLong(offset) ^ q0)
                  + Long.bitCount(record.getLong(offset + 8) ^ q1)
                  + Long.bitCount(record.getLong(offset + 16) ^ q2)
                  + Long.bitCount(record.getLong(offset + 24) ^ q3);
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
    return candidates;
  }

  /**
   * The smallest visible ordinal whose hash equals {@code query}, or -1. An identical hash has
   * every substring equal, so one table's bucket is enough: one probe instead of m.
   */
  int findExact(long[] query, HashStore.Snapshot snapshot) {
    int best = -1;
    for (int entry = heads.getInt(tableBase[0] + ((long) layout.key(query, 0, 0) << 2));
        entry != 0;
        entry = store.link(entry - 1, 0)) {
      int ordinal = entry - 1;
      if (ordinal < snapshot.size()
          && store.distance(ordinal, query) == 0
          && store.isVisible(ordinal, snapshot)) {
        best = ordinal; // lists are newest first: keep going to find the oldest
      }
    }
    return best;
  }

  @Override
  public void force() {
    heads.force();
    counts.force();
  }

  @Override
  public long mappedBytes() {
    return heads.mappedBytes() + counts.mappedBytes();
  }

  @Override
  public void close() {
    heads.close();
    counts.close();
  }

  /** Per-thread scratch: reused across queries, grown on demand. */
  private static final class Scratch {
    final IntHashSet seen = new IntHashSet();
    int[] keys = new int[0];
    int[] active = new int[0];
    long[] hot = new long[0];
    boolean[] skipped = new boolean[0];
    int[] frontier = new int[1024];

    int[] keys(int m) {
      if (keys.length < m) {
        keys = new int[m];
      }
      return keys;
    }

    int[] active(int m) {
      if (active.length < m) {
        active = new int[m];
      }
      return active;
    }

    long[] hot(int m) {
      if (hot.length < m) {
        hot = new long[m];
      }
      return hot;
    }

    boolean[] skipped(int m) {
      if (skipped.length < m) {
        skipped = new boolean[m];
      }
      return skipped;
    }

    int[] frontier(int n) {
      if (frontier.length < n) {
        frontier = new int[Integer.highestOneBit(n - 1) << 1];
      }
      return frontier;
    }
  }
}
