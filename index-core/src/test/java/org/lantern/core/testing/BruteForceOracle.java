package org.lantern.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lantern.core.hash.Hamming;

/**
 * The test oracle: a plain on-heap list of (id, hash, removed), searched by computing every
 * distance and sorting. Independent of every index class, including the flat scan.
 */
public final class BruteForceOracle {
  private final int words;
  private final List<long[]> hashes = new ArrayList<>();
  private final List<Boolean> removed = new ArrayList<>();

  public BruteForceOracle(int bits) {
    this.words = bits / 64;
  }

  /** Mirrors {@code addBatch}: ids continue from the number of hashes ever added. */
  public void addBatch(long[] packed, int count) {
    for (int i = 0; i < count; i++) {
      hashes.add(Arrays.copyOfRange(packed, i * words, (i + 1) * words));
      removed.add(false);
    }
  }

  public boolean remove(long id) {
    if (id < 0 || id >= hashes.size() || removed.get((int) id)) {
      return false;
    }
    removed.set((int) id, true);
    return true;
  }

  public int ordinals() {
    return hashes.size();
  }

  public long[] hash(int id) {
    return hashes.get(id).clone();
  }

  /** "id:distance" strings of the k nearest within maxDistance, sorted by (distance, id). */
  public List<String> search(long[] query, int k, int maxDistance) {
    return search(query, k, maxDistance, hashes.size(), removed);
  }

  /** The same, as of a prefix: the first {@code size} ids with the given removal flags. */
  public List<String> search(long[] query, int k, int maxDistance, int size, List<Boolean> removedFlags) {
    return search(query, k, maxDistance, size, removedFlags, id -> true);
  }

  /** Filter first, then the k nearest: only ids {@code accepted} takes count. */
  public List<String> search(long[] query, int k, int maxDistance, java.util.function.IntPredicate accepted) {
    return search(query, k, maxDistance, hashes.size(), removed, accepted);
  }

  private List<String> search(
      long[] query, int k, int maxDistance, int size, List<Boolean> removedFlags, java.util.function.IntPredicate accepted) {
    List<long[]> hits = new ArrayList<>();
    for (int id = 0; id < size; id++) {
      if (removedFlags.get(id) || !accepted.test(id)) {
        continue;
      }
      int distance = Hamming.distance(hashes.get(id), query);
      if (distance <= maxDistance) {
        hits.add(new long[] {distance, id});
      }
    }
    hits.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    List<String> result = new ArrayList<>();
    for (int i = 0; i < Math.min(k, hits.size()); i++) {
      result.add(hits.get(i)[1] + ":" + hits.get(i)[0]);
    }
    return result;
  }
}
