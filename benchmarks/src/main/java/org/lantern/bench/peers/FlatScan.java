package org.lantern.bench.peers;

import java.util.Arrays;

/**
 * The memory-bandwidth floor: a plain loop over packed hashes in one {@code long[]}, popcount of
 * XOR per word, no index at all. Any index must beat this to be worth its memory; its answers are
 * also the ground truth the peer comparison scores recall against.
 *
 * <p>Thread-safety: immutable after construction; concurrent searches are safe.
 */
public final class FlatScan {
  private final long[] packed;
  private final int n;
  private final int words;

  /** Scans {@code n} hashes of {@code bits} bits in {@code packed} (not copied). */
  public FlatScan(long[] packed, int n, int bits) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("bits must be 64 or 256, got " + bits);
    }
    this.packed = packed;
    this.n = n;
    this.words = bits / 64;
  }

  /** Ordinals of every hash within {@code radius} (inclusive) of the query, ascending. */
  public int[] range(long[] query, int queryOffset, int radius) {
    int[] hits = new int[8];
    int count = 0;
    final long[] data = packed;
    if (words == 4) {
      // The query's words in locals: the loop reads only the data (HammingComputer32 style).
      final long q0 = query[queryOffset];
      final long q1 = query[queryOffset + 1];
      final long q2 = query[queryOffset + 2];
      final long q3 = query[queryOffset + 3];
      for (int i = 0, o = 0; i < n; i++, o += 4) {
        int d = Long.bitCount(data[o] ^ q0) + Long.bitCount(data[o + 1] ^ q1)
            + Long.bitCount(data[o + 2] ^ q2) + Long.bitCount(data[o + 3] ^ q3);
        if (d <= radius) {
          if (count == hits.length) {
            hits = Arrays.copyOf(hits, count * 2);
          }
          hits[count++] = i;
        }
      }
    } else {
      final long q = query[queryOffset];
      for (int i = 0; i < n; i++) {
        if (Long.bitCount(data[i] ^ q) <= radius) {
          if (count == hits.length) {
            hits = Arrays.copyOf(hits, count * 2);
          }
          hits[count++] = i;
        }
      }
    }
    return Arrays.copyOf(hits, count);
  }

  /** Bytes the scan reads per query. */
  public long bytes() {
    return (long) n * words * 8;
  }
}
