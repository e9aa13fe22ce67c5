package org.lantern.core.exchange;

import java.util.SplittableRandom;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalType;

/** Usernames: stored and compared as keyed HMACs, so the oracle compares the keys the exchange answers with. */
class AccountFilteredLookupTest extends ExactFilteredLookupTestCase {
  private String queryKey;
  private String queryRaw;

  @Override
  SignalType type() {
    return SignalType.USERNAME;
  }

  @Override
  String randomValue(SplittableRandom random) {
    StringBuilder name = new StringBuilder("user_");
    for (int i = 0; i < 8; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  @Override
  Matches lookup(Exchange exchange, Caller caller, String query, int limit) {
    Matches answer = super.lookup(exchange, caller, query, limit);
    queryRaw = query;
    queryKey = answer.canonical();
    return answer;
  }

  @Override
  String canonical(String value) {
    return value.equals(queryRaw) ? queryKey : value;
  }

  @Override
  int reportedRank(String query, SignalMatch match) {
    return match.signal().value().equals(queryKey) ? 0 : Integer.MAX_VALUE;
  }
}
