package org.lantern.core.exchange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.hash.Hamming;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.HitFilter;

/**
 * The hashes of one perceptual type's active signals that are shared with chosen participants
 * only, kept out of the shared index: one partition per {@link Audiences audience}, which only
 * callers who may see that audience ever scan. A lookup therefore never meets a hash it may not
 * see, so its cost cannot tell whether hidden signals lie around the query (DESIGN §7). In the
 * shared index they were candidates rejected by the in-search filter: cheap, not free (about 87 ns
 * each), and enough of them crowded the multi-index into its flat-scan fallback.
 *
 * <p>Lives in memory only and is rebuilt from the store on every open, like the audience ids it
 * is keyed by, so it needs no crash protocol. A partition is scanned flat (a popcount per hash):
 * sharing lists are small next to the shared set, and a scan's cost depends only on signals its
 * caller may see.
 *
 * <p>Thread-safety: one writer (under the exchange's write lock, or during open), any number of
 * concurrent lookups. Each append publishes a new immutable {@link View} (arrays and count)
 * through a volatile field; a removal clears its slot in place (a lookup that still reads the old
 * id is caught by its check of the signal's record); compaction publishes new arrays and never
 * moves a slot of a view already published.
 */
final class RestrictedHashes {
  private final int wordsPerHash;
  /** Partition by audience id; null where an audience has no restricted hash of this type. */
  private volatile Partition[] partitions = new Partition[0];
  /** Writer only: where each signal's hash sits, by binary id. */
  private final Map<ByteBuffer, Location> locations = new HashMap<>();
  /**
   * The ids holding each hash, whatever the audience (lists replaced, never changed): the feeds
   * ask which other signals still share a retired one's value, and must not scan for it.
   */
  private final ConcurrentHashMap<Hash, List<byte[]>> byHash = new ConcurrentHashMap<>();

  private record Location(int audience, int slot, Hash hash) {}

  RestrictedHashes(int bits) {
    this.wordsPerHash = bits / 64;
  }

  /** Hashes held. Writer only. */
  int size() {
    return locations.size();
  }

  /** Whether signal {@code id} (binary) is held under audience {@code audience}. Writer only. */
  boolean holds(byte[] id, int audience) {
    Location at = locations.get(ByteBuffer.wrap(id));
    return at != null && at.audience() == audience;
  }

  /**
   * Holds the hash of signal {@code id} under {@code audience}: added, moved from another
   * audience, or left as it is. Writer only.
   */
  void put(byte[] id, Hash hash, int audience) {
    ByteBuffer key = ByteBuffer.wrap(id.clone());
    Location at = locations.get(key);
    if (at != null) {
      if (at.audience() == audience) {
        return;
      }
      remove(id);
    }
    Partition partition = partitionForWrite(audience);
    byte[] stored = key.array();
    locations.put(key, new Location(audience, partition.append(hash.words(), stored), hash));
    byHash.compute(hash, (h, ids) -> {
      List<byte[]> next = new ArrayList<>(ids == null ? List.of() : ids);
      next.add(stored);
      return List.copyOf(next);
    });
  }

  /** Drops the hash of signal {@code id}, if held. Writer only. */
  void remove(byte[] id) {
    Location at = locations.remove(ByteBuffer.wrap(id));
    if (at == null) {
      return;
    }
    byHash.computeIfPresent(at.hash(), (h, ids) -> {
      List<byte[]> next = new ArrayList<>(ids);
      next.removeIf(other -> Arrays.equals(other, id));
      return next.isEmpty() ? null : List.copyOf(next);
    });
    Partition partition = partitions[at.audience()];
    partition.clear(at.slot());
    if (partition.mostlyCleared()) {
      for (Map.Entry<byte[], Integer> moved : partition.compact().entrySet()) {
        Location old = locations.get(ByteBuffer.wrap(moved.getKey()));
        locations.put(ByteBuffer.wrap(moved.getKey()), new Location(at.audience(), moved.getValue(), old.hash()));
      }
    }
  }

  /** The ids (binary) of the held hashes equal to {@code hash}, whatever their audience. Any thread. */
  List<byte[]> idsOf(Hash hash) {
    return byHash.getOrDefault(hash, List.of());
  }

  /**
   * The {@code k} nearest hashes within {@code maxDistance} in audience {@code audience}'s
   * partition that the filter {@code filterOf} makes for it accepts (the filter sees that view's
   * slots); null if the audience holds none. For lookups, on an audience the caller may see.
   */
  Hits search(int audience, long[] query, int k, int maxDistance, java.util.function.Function<View, HitFilter> filterOf) {
    Partition[] all = partitions;
    Partition partition = audience > 0 && audience < all.length ? all[audience] : null;
    if (partition == null) {
      return null;
    }
    View view = partition.view;
    HitCollector collector = new HitCollector(k, maxDistance, filterOf.apply(view));
    view.collect(query, collector);
    return new Hits(view, collector.sortedHits());
  }

  /** One partition search's hits (packed distance and slot, {@link HitCollector}), nearest first. */
  record Hits(View view, long[] packed) {}

  private Partition partitionForWrite(int audience) {
    Partition[] all = partitions;
    if (audience < all.length && all[audience] != null) {
      return all[audience];
    }
    Partition[] next = Arrays.copyOf(all, Math.max(audience + 1, all.length));
    next[audience] = new Partition(wordsPerHash);
    partitions = next;
    return next[audience];
  }

  /**
   * One audience's hashes as a lookup sees them: packed words and each slot's signal id ({@code
   * null} once removed), the first {@code count} slots published. Immutable but for removals.
   */
  static final class View {
    private final long[] words;
    private final byte[][] ids;
    private final int wordsPerHash;
    private final int count;

    View(long[] words, byte[][] ids, int wordsPerHash, int count) {
      this.words = words;
      this.ids = ids;
      this.wordsPerHash = wordsPerHash;
      this.count = count;
    }

    /** Slots a scan walks (live and removed ones not yet compacted away). */
    int slots() {
      return count;
    }

    /** The signal id (binary) at {@code slot}, or null if it was removed. */
    byte[] idAt(int slot) {
      return ids[slot];
    }

    /** The hash at {@code slot}. */
    Hash hashAt(int slot) {
      return Hash.ofWords(Arrays.copyOfRange(words, slot * wordsPerHash, (slot + 1) * wordsPerHash));
    }

    /** One loop per width, as {@code FlatIndex}: no width test per hash. */
    void collect(long[] query, HitCollector collector) {
      if (wordsPerHash == 4) {
        long q0 = query[0];
        long q1 = query[1];
        long q2 = query[2];
        long q3 = query[3];
        for (int slot = 0, base = 0; slot < count; slot++, base += 4) {
          if (ids[slot] != null) {
            int d = Hamming.distance256(words[base], words[base + 1], words[base + 2], words[base + 3], q0, q1, q2, q3);
            if (d <= collector.maxDistance()) {
              collector.collect(slot, d);
            }
          }
        }
      } else {
        long q = query[0];
        for (int slot = 0; slot < count; slot++) {
          if (ids[slot] != null) {
            int d = Hamming.distance64(words[slot], q);
            if (d <= collector.maxDistance()) {
              collector.collect(slot, d);
            }
          }
        }
      }
    }
  }

  /** One audience's partition: the published view, replaced on every append and compaction. */
  private static final class Partition {
    private final int wordsPerHash;
    volatile View view;
    private long[] words;
    private byte[][] ids;
    private int count;
    private int live;

    Partition(int wordsPerHash) {
      this.wordsPerHash = wordsPerHash;
      this.words = new long[16 * wordsPerHash];
      this.ids = new byte[16][];
      this.view = new View(words, ids, wordsPerHash, 0);
    }

    int append(long[] hash, byte[] id) {
      if (count == ids.length) {
        // New arrays: views already published keep the old ones, which never change length.
        words = Arrays.copyOf(words, words.length * 2);
        ids = Arrays.copyOf(ids, ids.length * 2);
      }
      System.arraycopy(hash, 0, words, count * wordsPerHash, wordsPerHash);
      ids[count] = id;
      int slot = count++;
      live++;
      view = new View(words, ids, wordsPerHash, count); // publishes the slot
      return slot;
    }

    void clear(int slot) {
      ids[slot] = null;
      live--;
    }

    /** More than half the slots are cleared ones: a scan would do more dead work than live. */
    boolean mostlyCleared() {
      return count >= 64 && live * 2 < count;
    }

    /** Packs the live slots into new arrays and returns where each id moved. */
    Map<byte[], Integer> compact() {
      long[] packedWords = new long[Math.max(16, live * 2) * wordsPerHash];
      byte[][] packedIds = new byte[Math.max(16, live * 2)][];
      Map<byte[], Integer> moved = new java.util.IdentityHashMap<>();
      int to = 0;
      for (int slot = 0; slot < count; slot++) {
        if (ids[slot] != null) {
          System.arraycopy(words, slot * wordsPerHash, packedWords, to * wordsPerHash, wordsPerHash);
          packedIds[to] = ids[slot];
          moved.put(ids[slot], to);
          to++;
        }
      }
      words = packedWords;
      ids = packedIds;
      count = to;
      view = new View(words, ids, wordsPerHash, count);
      return moved;
    }
  }
}
