package org.lantern.core.exchange;

import java.util.SplittableRandom;
import org.lantern.core.participant.Caller;

/**
 * Exact lookups (digests, keywords, accounts): rank 0 for the queried value, unmatched otherwise.
 * One value is stored by many contributors, most of them hiding it from the viewer.
 */
abstract class ExactFilteredLookupTestCase extends FilteredLookupTestCase {
  /** A random value of the type. */
  abstract String randomValue(SplittableRandom random);

  /** The canonical form of a value as stored (the oracle compares canonical forms). */
  String canonical(String value) {
    return value;
  }

  @Override
  int contributorCount() {
    return 40; // one signal of a value per contributor: many contributors, to crowd one value
  }

  @Override
  int crowd() {
    return 30;
  }

  @Override
  int others() {
    return 60;
  }

  @Override
  String query(SplittableRandom random) {
    return randomValue(random);
  }

  @Override
  String neighbour(SplittableRandom random, String query, boolean near) {
    return near || random.nextInt(3) > 0 ? query : randomValue(random);
  }

  @Override
  int rank(String query, String value) {
    return canonical(query).equals(value) ? 0 : Integer.MAX_VALUE;
  }

  @Override
  boolean allowable(String value) {
    return false; // allow-listing the queried value would suppress every match: see the hash kinds
  }

  @Override
  Matches lookup(Exchange exchange, Caller caller, String query, int limit) {
    return exchange.matchExact(caller, type(), query, limit);
  }
}
