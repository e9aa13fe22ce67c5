package org.lantern.core.exchange;

import java.util.Arrays;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.signal.Signal;

/**
 * The perceptual hashes of the signals one submit creates, gathered so that each signal's record
 * is written once, already naming the ordinal its hash will get, and the hashes reach their
 * indexes in one append per type at the end of the batch.
 *
 * <p>Writing the record before the hash is safe against a crash in between: the change log
 * already holds the signal, so the replay on the next open finds a record whose ordinal the
 * index does not hold for it and appends the hash then (DerivedIndexes#apply checks the id at
 * the ordinal, so an ordinal taken meanwhile by another hash is never mistaken for this one).
 *
 * <p>Thread-safety: not thread-safe; used by the writer under the exchange's write lock.
 */
final class NewHashes {
  private final DerivedIndexes indexes;
  private final Pending[] pending = new Pending[HashType.values().length];

  NewHashes(DerivedIndexes indexes) {
    this.indexes = indexes;
  }

  /**
   * Queues the hash of new perceptual signal {@code signal}, whose id decoded is {@code
   * binaryId}; returns the ordinal it will get.
   */
  long reserve(Signal signal, byte[] binaryId) {
    HashType type = signal.type().hashType();
    Pending p = pending[type.ordinal()];
    if (p == null) {
      p = new Pending(type, indexes.nextOrdinal(type));
      pending[type.ordinal()] = p;
    }
    return p.add(SignalCanonicalizer.hash(signal.type(), signal.value()), binaryId, indexes.audienceId(signal));
  }

  /** Appends every queued hash to its index; true if there were any. */
  boolean appendAll() {
    boolean any = false;
    for (Pending p : pending) {
      if (p != null && p.count > 0) {
        indexes.appendNew(p.type, p.words, p.ids, p.audiences, p.count, p.first);
        any = true;
      }
    }
    return any;
  }

  /** The queued hashes of one type, packed as the index takes them. */
  private static final class Pending {
    final HashType type;
    final long first;
    final int wordsPerHash;
    long[] words;
    byte[][] ids;
    int[] audiences;
    int count;

    Pending(HashType type, long first) {
      this.type = type;
      this.first = first;
      this.wordsPerHash = type.bits() / 64;
      this.words = new long[64 * wordsPerHash];
      this.ids = new byte[64][];
      this.audiences = new int[64];
    }

    long add(Hash hash, byte[] id, int audience) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
        audiences = Arrays.copyOf(audiences, count * 2);
        words = Arrays.copyOf(words, count * 2 * wordsPerHash);
      }
      System.arraycopy(hash.words(), 0, words, count * wordsPerHash, wordsPerHash);
      ids[count] = id;
      audiences[count] = audience;
      return first + count++;
    }
  }
}
