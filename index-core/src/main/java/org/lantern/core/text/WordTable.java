package org.lantern.core.text;

import java.util.Arrays;

/**
 * The dictionary of every word of every keyword: folded word ↔ dense {@code int} id, reference
 * counted. Its lookup takes the word as a {@code char[]} range and a precomputed hash, which is what
 * lets a scan look up every candidate reading of the text without building a {@code String}.
 *
 * <p>Layout: open addressing with linear probing over one {@code int[]} of slot pairs {@code
 * [hash, id + 1]} (id + 1 = 0: empty), a power-of-two number of slots, load factor at most 1/2.
 * The hash sits beside the id so that a lookup of a word that is not there, the common case in a
 * scan, reads one cache line and never the word's chars; with 100,000 keywords the table is a few
 * MB, so every line counts. Per id: the chars, the {@link String#hashCode} and the reference
 * count. Slots come from the hash times the 32-bit golden ratio, top bits (Fibonacci hashing),
 * because {@code String.hashCode} of short words is poorly spread in its low bits. Removal shifts the following entries of the
 * cluster back instead of leaving tombstones, so lookups never slow down as keywords churn; freed
 * ids are reused.
 *
 * <p>Thread-safety: not thread-safe. {@link KeywordScanner} guards it with its read-write lock:
 * {@link #find} under the read lock, the rest under the write lock.
 */
final class WordTable {
  private int[] slots = new int[2 * 64]; // [hash, id + 1] per slot
  private int shift = 32 - 6; // slot index = top log2(slot count) bits of the mixed hash
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
    final int[] table = slots;
    final int mask = (table.length >> 1) - 1;
    for (int slot = mix(hash) >>> shift; ; slot = (slot + 1) & mask) {
      int entry = table[2 * slot + 1];
      if (entry == 0) {
        return -1;
      }
      if (table[2 * slot] == hash && sameChars(chars[entry - 1], buf, length)) {
        return entry - 1;
      }
    }
  }

  /** A plain loop: words are short, and the intrinsic behind {@code Arrays.equals} costs more to set up. */
  private static boolean sameChars(char[] word, char[] buf, int length) {
    if (word.length != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (word[k] != buf[k]) {
        return false;
      }
    }
    return true;
  }

  /** Upper bound (exclusive) of the ids handed out so far: size arrays indexed by id with it. */
  int idBound() {
    return ids;
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
    if (2 * (size + 1) > slots.length >> 1) {
      rehash(slots.length); // twice the slots: the array holds two ints per slot
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
    int mask = (slots.length >> 1) - 1;
    int slot = mix(hashes[id]) >>> shift;
    while (slots[2 * slot + 1] != id + 1) {
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion: pull later entries of the cluster into the hole when their home slot
    // does not lie (cyclically) between the hole and their current slot.
    int hole = slot;
    for (int next = (hole + 1) & mask; slots[2 * next + 1] != 0; next = (next + 1) & mask) {
      int home = mix(slots[2 * next]) >>> shift;
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        slots[2 * hole] = slots[2 * next];
        slots[2 * hole + 1] = slots[2 * next + 1];
        hole = next;
      }
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
    chars[id] = null;
    if (freeCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
    }
    freeIds[freeCount++] = id;
    size--;
  }

  private void insert(int id) {
    int mask = (slots.length >> 1) - 1;
    int slot = mix(hashes[id]) >>> shift;
    while (slots[2 * slot + 1] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[2 * slot] = hashes[id];
    slots[2 * slot + 1] = id + 1;
  }

  /** Rebuilds the slots with {@code slotCount} slots (a power of two). */
  private void rehash(int slotCount) {
    int[] old = slots;
    slots = new int[2 * slotCount];
    shift = 32 - Integer.numberOfTrailingZeros(slotCount);
    for (int i = 1; i < old.length; i += 2) {
      if (old[i] != 0) {
        insert(old[i] - 1);
      }
    }
  }

  private static int mix(int hash) {
    return hash * 0x9E3779B9;
  }
}
