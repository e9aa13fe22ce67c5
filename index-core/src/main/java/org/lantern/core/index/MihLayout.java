package org.lantern.core.index;

import java.util.Arrays;

/**
 * How multi-index hashing cuts a hash into substrings: {@code m} contiguous bit ranges, longest
 * first, together covering the hash once.
 *
 * <p>Norouzi et al. choose substrings of about {@code log2(N)} bits, so that a bucket holds about
 * one entry: shorter substrings make buckets (and so candidates) grow, longer ones make the
 * number of buckets to probe grow. The layout is fixed when an index is created, from its
 * expected capacity; an index that grows far beyond it stays exact but slows down.
 *
 * <p>Thread-safety: immutable.
 */
record MihLayout(int bits, int[] lengths, int[] starts) {
  /** The longest substring: its table has {@code 2^26} heads (256 MiB). */
  static final int MAX_SUBSTRING_BITS = 26;

  static final int MIN_SUBSTRING_BITS = 8;

  MihLayout {
    lengths = lengths.clone();
    starts = starts.clone();
  }

  /** The layout for {@code bits}-bit hashes and about {@code capacity} entries. */
  static MihLayout forCapacity(int bits, long capacity) {
    double log2 = Math.log(Math.max(capacity, 2)) / Math.log(2);
    int target = (int) Math.round(Math.clamp(log2, MIN_SUBSTRING_BITS, MAX_SUBSTRING_BITS - 1));
    int m = Math.max(1, (int) Math.round((double) bits / target));
    while ((bits + m - 1) / m > MAX_SUBSTRING_BITS) {
      m++;
    }
    return withSubstrings(bits, m);
  }

  /** {@code m} substrings of (nearly) equal length, the longer ones first. */
  static MihLayout withSubstrings(int bits, int m) {
    if (m < 1 || m > bits) {
      throw new IllegalArgumentException("substrings must be in 1.." + bits + ", got " + m);
    }
    if ((bits + m - 1) / m > MAX_SUBSTRING_BITS) {
      throw new IllegalArgumentException(
          m + " substrings of a " + bits + "-bit hash are longer than " + MAX_SUBSTRING_BITS
              + " bits");
    }
    int[] lengths = new int[m];
    int[] starts = new int[m];
    int start = 0;
    for (int t = 0; t < m; t++) {
      lengths[t] = bits / m + (t < bits % m ? 1 : 0);
      starts[t] = start;
      start += lengths[t];
    }
    return new MihLayout(bits, lengths, starts);
  }

  /** Parses the form {@link #toString()} writes: comma-separated lengths. */
  static MihLayout parse(int bits, String text) {
    String[] parts = text.split(",");
    int[] lengths = new int[parts.length];
    int[] starts = new int[parts.length];
    int start = 0;
    for (int t = 0; t < parts.length; t++) {
      lengths[t] = Integer.parseInt(parts[t].trim());
      if (lengths[t] < 1 || lengths[t] > MAX_SUBSTRING_BITS) {
        throw new IllegalArgumentException("substring length " + lengths[t] + " out of range");
      }
      starts[t] = start;
      start += lengths[t];
    }
    if (start != bits) {
      throw new IllegalArgumentException(
          "substring lengths add up to " + start + ", not to " + bits + " bits");
    }
    return new MihLayout(bits, lengths, starts);
  }

  int substrings() {
    return lengths.length;
  }

  /**
   * The value of substring {@code t} of a hash whose words (most significant first) start at
   * {@code words[offset]}: bits are numbered from the most significant bit of the first word.
   */
  int key(long[] words, int offset, int t) {
    int start = starts[t];
    int length = lengths[t];
    int w = start >>> 6;
    int shift = start & 63;
    long window = words[offset + w] << shift;
    if (shift + length > 64) {
      window |= words[offset + w + 1] >>> (64 - shift); // shift > 0 here
    }
    return (int) (window >>> (64 - length));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int length : lengths) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(length);
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MihLayout other && bits == other.bits && Arrays.equals(lengths, other.lengths);
  }

  @Override
  public int hashCode() {
    return 31 * bits + Arrays.hashCode(lengths);
  }
}
