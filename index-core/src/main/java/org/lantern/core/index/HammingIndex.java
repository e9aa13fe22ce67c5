package org.lantern.core.index;

import org.lantern.core.hash.Hash;
import org.lantern.core.search.SearchResult;

/**
 * An exact index of 64- or 256-bit hashes searched by Hamming distance.
 *
 * <p><b>Edge conventions.</b> The radius is inclusive: {@code range(q, r)} returns every stored
 * hash with {@code distance <= r}. Results are sorted by distance, then by id, and k-NN breaks
 * ties at the k-th distance by the smaller id, so every implementation returns exactly the same
 * list for the same data. Ids are assigned by the index in insertion order, from 0, and never
 * reused; a removed hash is never returned again.
 *
 * <p><b>Visibility.</b> A hash is visible to every query that starts after {@code add} returns,
 * and invisible to every query that starts after {@code remove} returns. A query running
 * concurrently with writes sees one prefix of the writer's operations.
 *
 * <p>Thread-safety: implementations allow any number of concurrent readers together with one
 * writer at a time (writes are serialized internally).
 */
public interface HammingIndex extends AutoCloseable {
  /** Hash width in bits: 64 or 256. */
  int bits();

  /** Number of live (added and not removed) hashes. */
  int size();

  /** Adds one hash and returns its id. */
  long add(Hash hash);

  /**
   * Adds {@code count} hashes given packed in {@code words} ({@code bits / 64} words per hash,
   * most significant first); their ids are {@code first .. first + count - 1}, and {@code first}
   * is returned. All of them become visible together.
   */
  long addBatch(long[] words, int count);

  /** Removes the hash with this id; false if there is none (never added, or already removed). */
  boolean remove(long id);

  /** The hash stored under a live id, or null. */
  Hash get(long id);

  /** Every stored hash within {@code radius} (inclusive), 0 &lt;= radius &lt;= bits. */
  SearchResult range(Hash query, int radius);

  /** The {@code k} nearest stored hashes (k &gt;= 1). */
  SearchResult knn(Hash query, int k);

  /** The {@code k} nearest stored hashes within {@code maxDistance} (inclusive). */
  SearchResult search(Hash query, int k, int maxDistance);

  @Override
  void close();
}
