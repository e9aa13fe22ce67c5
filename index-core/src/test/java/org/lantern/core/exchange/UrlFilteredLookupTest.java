package org.lantern.core.exchange;

import java.util.List;
import java.util.SplittableRandom;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;

/**
 * URL lookups on one busy host: the rank is 0 for the same URL (either scheme), 1 + the position
 * of the stored URL's host + path among the query's path prefixes (longest first), then 1,000 for
 * anything else on the host; URLs on other hosts are not matched.
 */
class UrlFilteredLookupTest extends FilteredLookupTestCase {
  private static final String HOST = "files.example.org";

  @Override
  SignalType type() {
    return SignalType.URL;
  }

  @Override
  String query(SplittableRandom random) {
    return "https://" + HOST + "/a" + random.nextInt(3) + "/b" + random.nextInt(3) + "/c" + random.nextInt(3) + "/item.jpg";
  }

  @Override
  String neighbour(SplittableRandom random, String query, boolean near) {
    CanonicalUrl q = UrlCanonicalizer.canonicalize(query);
    int pick = near ? random.nextInt(3) : random.nextInt(6);
    return switch (pick) {
      case 0 -> (random.nextBoolean() ? "http://" : "https://") + q.url().substring(q.url().indexOf("://") + 3);
      case 1 -> {
        List<String> prefixes = q.pathPrefixes();
        yield "https://" + prefixes.get(random.nextInt(prefixes.size()));
      }
      case 5 -> "https://other" + random.nextInt(4) + ".example.net/x" + random.nextInt(100);
      default -> "https://" + HOST + "/h" + random.nextInt(1_000_000);
    };
  }

  @Override
  int rank(String query, String value) {
    CanonicalUrl q = UrlCanonicalizer.canonicalize(query);
    CanonicalUrl v = UrlCanonicalizer.canonicalize(value);
    if (DerivedIndexes.exactUrlKey(q).equals(DerivedIndexes.exactUrlKey(v))) {
      return 0;
    }
    int prefix = q.pathPrefixes().indexOf(v.hostAndPath());
    if (prefix >= 0) {
      return 1 + prefix;
    }
    return q.hostKey().equals(v.hostKey()) ? 1_000 : Integer.MAX_VALUE;
  }

  @Override
  int reportedRank(String query, SignalMatch match) {
    int rank = rank(query, match.signal().value());
    MatchKind expected = rank == 0 ? MatchKind.EXACT : rank == 1_000 ? MatchKind.HOST : MatchKind.PREFIX;
    return match.kind() == expected ? rank : -1;
  }

  @Override
  boolean allowable(String value) {
    // Only single-segment URLs of the host: nothing else lies under them, so the oracle's rule
    // (the value itself is allow-listed) is the exchange's (the value or a URL above it).
    return value.startsWith("https://" + HOST + "/h");
  }

  @Override
  Matches lookup(Exchange exchange, Caller caller, String query, int limit) {
    return exchange.matchUrl(caller, query, limit);
  }
}
