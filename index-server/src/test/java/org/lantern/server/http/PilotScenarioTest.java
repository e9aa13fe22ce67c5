package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Role;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * The pilot, end to end over HTTP: A (a file host) shares URLs; B (a platform) matches links in
 * its content against them, then shares the account identifiers and image hashes it found, with
 * {@code derived_from} pointing at A's URLs; C uploads an image and matches B's hash; C confirms
 * the lead; B sees the feedback, A sees what its URLs led to; the auditor verifies the audit chain
 * and finds everyone's operations in its export, without a single account identifier in clear.
 */
class PilotScenarioTest {
  @TempDir Path dir;

  @Test
  void fileHostPlatformAndThirdParty() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      String a = f.participant("a-filehost", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      String b = f.participant("b-platform", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      String c = f.participant("c-platform", EnumSet.of(Role.CONTRIBUTOR, Role.READER));

      // A shares the URLs of files it took down.
      Answer shared = f.post("/v1/signals", a, """
          {"signals":[
            {"type":"url","value":"https://files.example.com/share/k3y1","categories":["csam"],"note":"takedown 1"},
            {"type":"url","value":"https://files.example.com/share/k3y2","categories":["csam","trade"]}
          ]}""");
      List<String> urlIds = shared.json().path("results").findValuesAsText("id");
      assertThat(urlIds).hasSize(2);

      // B scans links posted on its platform.
      Answer found = f.post("/v1/match/urls", b,
          "{\"urls\":[\"http://FILES.example.com:80/share/k3y1?utm_source=chat#top\",\"https://cats.example/\"]}");
      assertThat(found.json().at("/results/0/matches/0/id").asText()).isEqualTo(urlIds.get(0));
      assertThat(found.json().at("/results/0/matches/0/kind").asText()).isEqualTo("exact");
      assertThat(found.json().at("/results/1/matches")).isEmpty();

      // B investigates and shares what it found, derived from A's URL.
      byte[] jpeg = ServerFixture.resource(ServerFixture.PDQ_IMAGE);
      String hash = f.send("POST", "/v1/match/image", b, "image/jpeg", jpeg).json().path("hash").asText();
      Answer bShares = f.post("/v1/signals", b, """
          {"signals":[
            {"type":"username","value":"Trader_99","categories":["trade"],"derived_from":["%1$s"]},
            {"type":"email","value":"Trader99@Example.net","categories":["trade"],"derived_from":["%1$s"]},
            {"type":"pdq","value":"%2$s","categories":["csam"],"derived_from":["%1$s"]}
          ]}""".formatted(urlIds.get(0), hash));
      JsonNode results = bShares.json().path("results");
      assertThat(results.findValuesAsText("status")).containsOnly("created");
      String pdqId = results.get(2).path("id").asText();

      // C checks an upload: a rotated copy of the same picture, with the dihedral option.
      byte[] rotated = ServerFixture.resource("/pdq-reference/images/reg-test-input/dih/bridge-2-rotate-90.jpg");
      Answer upload = f.send("POST", "/v1/match/image?dihedral=true", c, "image/jpeg", rotated);
      assertThat(upload.status()).as(upload.body()).isEqualTo(200);
      assertThat(upload.json().at("/matches/0/id").asText()).isEqualTo(pdqId);
      assertThat(upload.json().at("/matches/0/contributor").asText()).isEqualTo("b-platform");
      assertThat(upload.json().at("/matches/0/distance").asInt()).isLessThanOrEqualTo(31);
      assertThat(upload.json().path("note").asText()).contains("not evidence");
      // ... and the account B shared, by its own spelling of it.
      Answer account = f.post("/v1/match/accounts", c, "{\"accounts\":[{\"type\":\"username\",\"value\":\"TRADER_99\"}]}");
      assertThat(account.json().at("/results/0/matches")).hasSize(1);

      // C confirms the lead; B sees the feedback and the roll-up.
      assertThat(f.put("/v1/signals/" + pdqId + "/opinion", c, "{\"opinion\":\"confirmed\"}").status()).isEqualTo(200);
      Answer feedback = f.get("/v1/feedback", b);
      assertThat(feedback.json().path("feedback").findValuesAsText("signal_id")).contains(pdqId);
      assertThat(f.get("/v1/match/pdq/" + hash, c).json().at("/matches/0/opinion").asText()).isEqualTo("confirmed");

      // A sees what its URL led to.
      Answer provenance = f.get("/v1/signals/" + urlIds.get(0) + "/provenance", a);
      assertThat(provenance.json().path("derived").findValuesAsText("id")).contains(pdqId).hasSize(3);
      Answer up = f.get("/v1/signals/" + pdqId + "/provenance", c);
      assertThat(up.json().path("derived_from").findValuesAsText("id")).containsExactly(urlIds.get(0));

      // A replica following the feed sees every change.
      Answer feed = f.get("/v1/updates?cursor=0&limit=100", c);
      assertThat(feed.json().path("updates").findValuesAsText("id")).contains(pdqId, urlIds.get(0));

      // The auditor (an admin) verifies the chain and reads back what everyone did, over HTTP.
      Answer verified = f.get("/v1/audit/verify", f.admin);
      assertThat(verified.status()).as(verified.body()).isEqualTo(200);
      assertThat(verified.json().path("intact").asBoolean()).isTrue();
      long checked = verified.json().path("entries_checked").asLong();
      String head = verified.json().path("head_hash").asText();
      assertThat(f.get("/v1/audit/verify", a).status()).isEqualTo(403);

      Answer export = f.get("/v1/audit/export", f.admin);
      assertThat(export.status()).isEqualTo(200);
      assertThat(export.contentType()).startsWith("application/x-ndjson");
      List<String> lines = export.body().lines().toList();
      // The auditor needs no Lantern code to check the export: each prev is the SHA-256 of the
      // line before it, and the head the verify reported is the hash of entry `checked`.
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String previous = "0".repeat(64);
      List<JsonNode> entries = new ArrayList<>();
      for (String line : lines) {
        JsonNode entry = ServerFixture.JSON.readTree(line);
        assertThat(entry.path("prev").asText()).as(line).isEqualTo(previous);
        previous = HexFormat.of().formatHex(sha.digest((line + "\n").getBytes(StandardCharsets.UTF_8)));
        if (entry.path("seq").asLong() == checked) {
          assertThat(previous).isEqualTo(head);
        }
        entries.add(entry);
      }
      assertThat(entries.size()).isGreaterThan((int) checked); // the verify itself is recorded after

      List<String> ops = entries.stream().map(e -> e.path("participant").asText() + " " + e.path("op").asText()).toList();
      assertThat(ops).contains(
          "(local operator) participant_add", "(local operator) key_create",
          "a-filehost submit", "b-platform match_urls", "b-platform submit", "c-platform match_hashes",
          "c-platform match_exact", "c-platform opinion", "b-platform feedback", "a-filehost provenance",
          "c-platform provenance", "c-platform feed", "admin audit_verify");
      JsonNode bSubmit = entries.stream()
          .filter(e -> e.path("participant").asText().equals("b-platform") && e.path("op").asText().equals("submit"))
          .findFirst().orElseThrow();
      assertThat(bSubmit.path("types").toString()).contains("\"email\"", "\"pdq\"", "\"username\"");
      assertThat(bSubmit.path("matched_ids").toString()).contains(pdqId);
      assertThat(entries.stream()
          .filter(e -> e.path("participant").asText().equals("c-platform") && e.path("op").asText().equals("match_hashes"))
          .anyMatch(e -> e.path("matched_ids").toString().contains(pdqId))).isTrue();
      JsonNode accountLookup = entries.stream()
          .filter(e -> e.path("participant").asText().equals("c-platform") && e.path("op").asText().equals("match_exact"))
          .findFirst().orElseThrow();
      assertThat(accountLookup.path("types").toString()).contains("username");
      assertThat(accountLookup.path("matches").asInt()).isEqualTo(1);
      // Never the account identifiers in clear, in any spelling.
      assertThat(export.body()).doesNotContainIgnoringCase("trader").doesNotContainIgnoringCase("example.net");
    }
  }
}
