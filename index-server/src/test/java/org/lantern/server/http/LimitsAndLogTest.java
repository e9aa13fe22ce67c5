package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.http.ServerFixture.Answer;

/** The per-key rate limit (429 + Retry-After) and what the access log may and may not hold. */
class LimitsAndLogTest {
  @TempDir Path dir;

  @Test
  void aKeyOverItsRateGets429WithRetryAfterAndOthersGoOn() throws Exception {
    // One token per 10 s: the fourth request is over the limit however slowly the machine runs.
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits().withRate(0.1, 3))) {
      for (int i = 0; i < 3; i++) {
        assertThat(f.get("/v1/allowlist", f.reader).status()).isEqualTo(200);
      }
      Answer limited = f.get("/v1/allowlist", f.reader);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.error().path("code").asText()).isEqualTo("rate_limited");
      assertThat(Long.parseLong(limited.raw().headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 10L);
      assertThat(f.get("/v1/allowlist", f.platform).status()).isEqualTo(200); // per key, not global
      assertThat(f.get("/health", null).status()).isEqualTo(200); // public routes are not limited
    }
  }

  @Test
  void accessLogHasTemplatesNotKeysOrAccountValues() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      f.post("/v1/signals", f.platform, "{\"signals\":[{\"type\":\"email\",\"value\":\"victim.secret@example.org\",\"categories\":[\"grooming\"]}]}");
      f.post("/v1/match/accounts", f.reader, "{\"accounts\":[{\"type\":\"email\",\"value\":\"victim.secret@example.org\"}]}");
      f.get("/v1/signals/some-id-123", f.reader);
      f.get("/v1/match/pdq/" + HttpApiTest.PDQ, f.reader);
      f.get("/v1/stats", "lk_aaaaaaaaaa_" + "b".repeat(52));
      String log = f.accessLogText();
      assertThat(log.lines()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(log).contains("\"route\":\"/v1/signals/{id}\"", "\"route\":\"/v1/match/pdq/{hex}\"", "\"participant\":\"reader\"",
          "\"status\":401");
      assertThat(log).doesNotContain("victim", "some-id-123", HttpApiTest.PDQ, "lk_", f.reader);
      for (String line : log.lines().toList()) {
        var json = ServerFixture.JSON.readTree(line);
        assertThat(json.fieldNames()).toIterable().containsExactly("time", "method", "route", "status", "us", "participant");
      }
    }
  }
}
