package org.lantern.core.search;

import org.lantern.core.hash.Hash;

/**
 * One stored hash near a query: its id (the ordinal the index gave it), its bits and its distance.
 *
 * <p>Thread-safety: immutable.
 */
public record Match(long id, Hash hash, int distance) {}
