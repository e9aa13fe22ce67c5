package org.lantern.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A StopNCII fetcher that behaves like python-threatexchange's ({@code StopNCIIAPI.fetch_hashes_iter}
 * driven by {@code StopNCIISignalExchangeAPI.fetch_iter}): a pass starts at the stored
 * checkpoint ({@code DEFAULT_START_TIME} = 10 the first time), keeps {@code startTimestamp} and
 * follows {@code nextPageToken} until {@code hasMoreRecords} is false; after each page it applies
 * the records (keyed by signal type and hash value, the later record replacing the earlier) and
 * stores {@code nextSetTimestamp} as the checkpoint. Unlike HMA's current adapter it applies
 * {@code Withdrawn}/{@code Deleted} as deletions (see README). An interrupted pass loses its token
 * and resumes from the checkpoint, as a restarted HMA does.
 */
final class StopNciiFetcher {
  static final long DEFAULT_START_TIME = 10;

  record Key(String signalType, String hashValue) {}

  private final CompatFixture f;
  private final String key;
  private final int pageSize;
  final Map<Key, JsonNode> bank = new HashMap<>();
  long checkpoint = -1; // none yet
  long pages;
  long records;

  StopNciiFetcher(CompatFixture f, String key, int pageSize) {
    this.f = f;
    this.key = key;
    this.pageSize = pageSize;
  }

  /** One pass; stops (as if killed) after {@code maxPages} pages. True when the pass completed. */
  boolean sync(int maxPages) {
    long start = checkpoint < 0 ? DEFAULT_START_TIME : checkpoint;
    String token = "";
    for (int page = 0; page < maxPages; page++) {
      String path = "/compat/stopncii/v1/FetchHashes?startTimestamp=" + start + "&pageSize=" + pageSize
          + (token.isEmpty() ? "" : "&nextPageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      CompatFixture.Answer a = f.send("GET", path,
          new String[] {"x-functions-key", key, "Ocp-Apim-Subscription-Key", "ignored-subscription"}, null, null);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      JsonNode body = a.json();
      for (JsonNode r : body.get("hashRecords")) {
        Key k = new Key(r.get("signalType").asText(), r.get("hashValue").asText());
        String status = r.get("hashStatus").asText();
        if (status.equals("Withdrawn") || status.equals("Deleted")) {
          bank.remove(k);
        } else {
          bank.put(k, r);
        }
        records++;
      }
      pages++;
      long next = body.get("nextSetTimestamp").asLong();
      assertThat(next).as("nextSetTimestamp never decreases (checkpoint %d)", checkpoint).isGreaterThanOrEqualTo(Math.max(checkpoint, start));
      assertThat(body.get("count").asInt()).isEqualTo(body.get("hashRecords").size());
      checkpoint = next;
      if (!body.get("hasMoreRecords").asBoolean()) {
        assertThat(body.get("nextPageToken").isNull()).isTrue();
        return true;
      }
      token = body.get("nextPageToken").asText();
    }
    return false;
  }

  /** Passes until one completes. */
  void syncAll() {
    while (!sync(Integer.MAX_VALUE)) {
      // a pass without a page limit completes
    }
  }
}
