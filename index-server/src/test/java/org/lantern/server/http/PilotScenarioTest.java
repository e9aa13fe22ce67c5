package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Role;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * The pilot, end to end over HTTP: A (a file host) shares URLs; B (a platform) matches links in
 * its content against them, then shares the account identifiers and image hashes it found, with
 * {@code derived_from} pointing at A's URLs; C uploads an image and matches B's hash; C confirms
 * the lead; B sees the feedback, A sees what its URLs led to.
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
    }
  }
}
