package org.lantern.core.exchange;

import java.util.SplittableRandom;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;

/** Perceptual lookups: the rank is the Hamming distance; the radius leaves some stored hashes out. */
abstract class HashFilteredLookupTestCase extends FilteredLookupTestCase {
  private int bits() {
    return type().hashType().bits();
  }

  /** The lookup radius: a quarter of the width. */
  private int radius() {
    return bits() / 4;
  }

  @Override
  String query(SplittableRandom random) {
    long[] words = new long[bits() / 64];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextLong();
    }
    return Hash.ofWords(words).toHex();
  }

  @Override
  String neighbour(SplittableRandom random, String query, boolean near) {
    // Near: inside the first sixth of the radius; else up to 1.5 radii (some outside it).
    int distance = near ? random.nextInt(radius() / 6 + 1) : random.nextInt(radius() * 3 / 2 + 1);
    long[] words = Hash.parseHex(query, bits()).words();
    java.util.BitSet flipped = new java.util.BitSet();
    while (flipped.cardinality() < distance) {
      flipped.set(random.nextInt(bits()));
    }
    for (int bit = flipped.nextSetBit(0); bit >= 0; bit = flipped.nextSetBit(bit + 1)) {
      words[bit / 64] ^= 1L << (bit % 64);
    }
    return Hash.ofWords(words).toHex();
  }

  @Override
  int rank(String query, String value) {
    int d = Hash.parseHex(query, bits()).distance(Hash.parseHex(value, bits()));
    return d <= radius() ? d : Integer.MAX_VALUE;
  }

  @Override
  int reportedRank(String query, SignalMatch match) {
    return match.distance();
  }

  @Override
  Matches lookup(Exchange exchange, Caller caller, String query, int limit) {
    return exchange.matchHash(caller, type(), query, radius(), limit);
  }
}
