package org.lantern.core.text;

import java.util.Arrays;

/**
 * The dictionary of every word of every keyword: folded word ↔ dense {@code int} id, reference
 * counted. Its lookup takes the word as a {@code char[]} range and a precomputed hash, which is what
 * lets a scan look up every candidate reading of the text without building a {@code String}.
 *
 * <p>Layout: open addressing with linear probing over one power-of-two {@code int[]} of slots
 * holding {@code id + 1} (0 = empty), load factor at most 1/2. Per id: the chars, the {@link
 * String#hashCode} (compared before the chars) and the reference count. Slots come from the hash
 * times the 32-bit golden ratio, top bits (Fibonacci hashing), because {@code String.hashCode} of
 * short words is poorly spread in its low bits. Removal shifts the following entries of the
 * cluster back instead of leaving tombstones, so lookups never slow down as keywords churn; freed
 * ids are reused.
 *
 * <p>Thread-safety: not thread-safe. {@link KeywordScanner} guards it with its read-write lock:
 * {@link #find} under the read lock, the rest under the write lock.
 */
final class WordTable {
  private int[] slots = new int[64];
  private int shift = 32 - 6; // slot index = top log2(slots.length) bits of the mixed hash
  private char[][] chars = new char[16][];
  private int[] hashes = new int[16];
  private int[] refs = new int[16];
  private int ids; // ids handed out so far (live or free)
  private int[] freeIds = new int[16];
  private int freeCount;
  private int size;
  private int maxLength; // high-water mark: never shrinks, which only costs a little extra probing

  /** Number of distinct words. */
  int size() {
    return size;
  }

  /** Length of the longest word ever added; no longer reading of a text can match. */
  int maxLength() {
    return maxLength;
  }

  /** The word of a live id. */
  String word(int id) {
    return new String(chars[id]);
  }

  /**
   * The id of the word {@code buf[0 .. length)} whose {@link String#hashCode} is {@code hash}, or
   * -1. Allocation-free.
   */
  int find(char[] buf, int length, int hash) {
    int[] table = slots;
    int mask = table.length - 1;
    for (int slot = mix(hash) >>> shift; ; slot = (slot + 1) & mask) {
      int entry = table[slot];
      if (entry == 0) {
        return -1;
      }
      int id = entry - 1;
      if (hashes[id] == hash && Arrays.equals(chars[id], 0, chars[id].length, buf, 0, length)) {
        return id;
      }
    }
  }

  /** The id of {@code word}, added if absent; either way its reference count goes up by one. */
  int acquire(String word) {
    char[] w = word.toCharArray();
    int hash = word.hashCode();
    int id = find(w, w.length, hash);
    if (id >= 0) {
      refs[id]++;
      return id;
    }
    if (2 * (size + 1) > slots.length) {
      rehash(slots.length * 2);
    }
    id = freeCount > 0 ? freeIds[--freeCount] : ids++;
    if (id == chars.length) {
      int grown = chars.length * 2;
      chars = Arrays.copyOf(chars, grown);
      hashes = Arrays.copyOf(hashes, grown);
      refs = Arrays.copyOf(refs, grown);
    }
    chars[id] = w;
    hashes[id] = hash;
    refs[id] = 1;
    insert(id);
    size++;
    maxLength = Math.max(maxLength, w.length);
    return id;
  }

  /** Drops one reference to {@code id}; the word is removed when none is left. */
  void release(int id) {
    if (--refs[id] > 0) {
      return;
    }
    int mask = slots.length - 1;
    int slot = mix(hashes[id]) >>> shift;
    while (slots[slot] != id + 1) {
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion: pull later entries of the cluster into the hole when their home slot
    // does not lie (cyclically) between the hole and their current slot.
    int hole = slot;
    for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
      int home = mix(hashes[slots[next] - 1]) >>> shift;
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        slots[hole] = slots[next];
        hole = next;
      }
    }
    slots[hole] = 0;
    chars[id] = null;
    if (freeCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
    }
    freeIds[freeCount++] = id;
    size--;
  }

  private void insert(int id) {
    int mask = slots.length - 1;
    int slot = mix(hashes[id]) >>> shift;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = id + 1;
  }

  private void rehash(int capacity) {
    int[] old = slots;
    slots = new int[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int entry : old) {
      if (entry != 0) {
        insert(entry - 1);
      }
    }
  }

  private static int mix(int hash) {
    return hash * 0x9E3779B9;
  }
}
