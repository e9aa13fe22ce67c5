package org.lantern.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.hash.Hash;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.server.http.AccessLog;
import org.lantern.server.http.LanternServer;
import org.lantern.server.http.ServerLimits;

/**
 * Every HMA route over a real socket, each answer checked against a shape fixture written from
 * HMA 2.0's interface (blueprints/hashing.py, matching.py, website/content/hma/api.md), and its
 * values against what the exchange holds for the caller.
 */
class HmaContractTest {
  @TempDir Path dir;
  CompatFixture f;
  String filehost;
  String platform;
  String reader;
  String photoHash;
  String near4; // 4 bits from the photo's hash: CSAM and TRADE
  String near10; // 10 bits away, visible to platform only
  String md5 = "0123456789abcdef0123456789abcdef";
  List<String> ids;

  @BeforeEach
  void setUp() throws Exception {
    f = new CompatFixture(ExchangeConfig.defaults(dir.resolve("data")));
    filehost = f.participant("filehost", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    platform = f.participant("platform", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    reader = f.participant("reader", EnumSet.of(Role.READER));
    photoHash = PdqHasher.INSTANCE.hash(new ImageDecoder().decode(CompatFixture.resource(CompatFixture.PDQ_IMAGE), "photo")).hash().toHex();
    near4 = flip(photoHash, 4);
    near10 = flip(photoHash, 10);
    ids = f.submit("filehost", List.of(
        SignalSubmission.of("pdq", photoHash, "csam"),
        SignalSubmission.of("pdq", near4, "csam", "trade"),
        SignalSubmission.of("pdq", near10, "csam").withVisibility(List.of("platform")),
        SignalSubmission.of("md5", md5, "trade")));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  static String flip(String hex, int bits) {
    Hash h = Hash.parseHex(hex, 256);
    long[] words = new long[4];
    for (int i = 0; i < 4; i++) {
      words[i] = h.word(i);
    }
    for (int b = 0; b < bits; b++) {
      words[b % 4] ^= 1L << (7 * b + 3);
    }
    return Hash.toHex(words, 0, 4);
  }

  static void assertShape(String fixture, JsonNode actual) throws Exception {
    JsonNode shape = CompatFixture.JSON.readTree(CompatFixture.resource("/compat/" + fixture));
    assertThat(JsonShape.mismatch(shape, actual)).as(fixture + " vs " + actual).isEmpty();
  }

  long contentId(int signal) {
    return ContentIds.of(f.exchange).contentId(ids.get(signal));
  }

  @Test
  void statusIsIAmAliveOnceOpenAnd503WhileOpening() {
    CompatFixture.Answer alive = f.get("/hma/status", null);
    assertThat(alive.status()).isEqualTo(200);
    assertThat(alive.body()).isEqualTo("I-AM-ALIVE");
    try (LanternServer early = LanternServer.start("127.0.0.1", 0, ServerLimits.defaults(), AccessLog.off(), CompatConfig.defaults())) {
      CompatFixture other = f;
      var r = other.client.sendAsync(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + early.port() + "/hma/status")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).join();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("INDEX-NOT-LOADED");
    }
  }

  @Test
  void hashByUrlIsRefusedBecauseNothingIsFetched() throws Exception {
    CompatFixture.Answer a = f.get("/hma/h/hash?url=https://example.org/a.jpg", reader);
    assertThat(a.status()).isEqualTo(400);
    assertShape("hma/error.json", a.json());
    assertThat(a.json().get("message").asText()).contains("does not fetch URLs");
    assertThat(a.json().at("/error/field").asText()).isEqualTo("url");
    CompatFixture.Answer lookup = f.get("/hma/m/lookup?url=https://example.org/a.jpg", reader);
    assertThat(lookup.status()).isEqualTo(400);
    assertThat(lookup.json().get("message").asText()).contains("does not fetch URLs");
  }

  @Test
  void hashUploadGivesThePhotosPdq() throws Exception {
    byte[] photo = CompatFixture.resource(CompatFixture.PDQ_IMAGE);
    CompatFixture.Answer a = f.post("/hma/h/hash", reader, CompatFixture.MULTIPART, CompatFixture.multipart("photo", "p.jpg", photo));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/hash.json", a.json());
    assertThat(a.json().get("pdq").asText()).isEqualTo(photoHash);

    CompatFixture.Answer video = f.post("/hma/h/hash", reader, CompatFixture.MULTIPART, CompatFixture.multipart("video", "v.mp4", photo));
    assertThat(video.status()).isEqualTo(400);
    assertShape("hma/error.json", video.json());
    assertThat(video.json().get("message").asText()).contains("video");
    CompatFixture.Answer none = f.post("/hma/h/hash", reader, "application/octet-stream", photo);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("message").asText()).contains("multipart/form-data");
  }

  @Test
  void rawLookupGivesContentIdsWithOrWithoutStringDistances() throws Exception {
    CompatFixture.Answer plain = f.get("/hma/m/raw_lookup?signal_type=pdq&signal=" + photoHash, reader);
    assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    assertShape("hma/raw_lookup.json", plain.json());
    assertThat(longs(plain.json().get("matches"))).containsExactly(contentId(0), contentId(1)); // not the hidden one

    CompatFixture.Answer withDistance = f.get("/hma/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + photoHash, reader);
    assertShape("hma/raw_lookup_with_distance.json", withDistance.json());
    assertThat(withDistance.json().toString()).isEqualTo(
        "{\"matches\":[{\"bank_content_id\":" + contentId(0) + ",\"distance\":\"0\"},{\"bank_content_id\":" + contentId(1)
            + ",\"distance\":\"4\"}]}");

    CompatFixture.Answer asPlatform = f.get("/hma/m/raw_lookup?signal_type=pdq&signal=" + photoHash, platform);
    assertThat(longs(asPlatform.json().get("matches"))).containsExactly(contentId(0), contentId(1), contentId(2));

    CompatFixture.Answer trade = f.get("/hma/m/raw_lookup?signal_type=pdq&banks=TRADE&signal=" + photoHash, reader);
    assertThat(longs(trade.json().get("matches"))).containsExactly(contentId(1));

    CompatFixture.Answer bad = f.get("/hma/m/raw_lookup?signal_type=pdq&signal=xyz", reader);
    assertThat(bad.status()).isEqualTo(400);
    assertShape("hma/error.json", bad.json());
    assertThat(bad.json().get("message").asText()).startsWith("invalid signal");
    CompatFixture.Answer unknownType = f.get("/hma/m/raw_lookup?signal_type=photodna&signal=abc", reader);
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.json().get("message").asText()).contains("No such SignalType 'photodna'");
  }

  @Test
  void lookupGroupsMatchesByBank() throws Exception {
    CompatFixture.Answer a = f.get("/hma/m/lookup?signal_type=pdq&signal=" + photoHash, reader);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/lookup.json", a.json());
    assertThat(a.json().toString()).isEqualTo(
        "{\"CSAM\":[{\"bank_content_id\":" + contentId(0) + ",\"distance\":\"0\"},{\"bank_content_id\":" + contentId(1)
            + ",\"distance\":\"4\"}],\"TRADE\":[{\"bank_content_id\":" + contentId(1) + ",\"distance\":\"4\"}]}");

    CompatFixture.Answer onlyTrade = f.get("/hma/m/lookup?signal_type=pdq&banks=TRADE&seed=7&bypass_coinflip=true&signal=" + photoHash, reader);
    assertThat(onlyTrade.json().toString()).isEqualTo(
        "{\"TRADE\":[{\"bank_content_id\":" + contentId(1) + ",\"distance\":\"4\"}]}");

    CompatFixture.Answer md5Answer = f.get("/hma/m/lookup?signal_type=video_md5&signal=" + md5.toUpperCase(), reader);
    assertShape("hma/lookup_video_md5.json", md5Answer.json());
    assertThat(md5Answer.json().toString()).isEqualTo("{\"TRADE\":[{\"bank_content_id\":" + contentId(3) + ",\"distance\":\"-\"}]}");

    CompatFixture.Answer nothing = f.get("/hma/m/lookup?signal_type=pdq&signal=" + flip(photoHash, 64), reader);
    assertThat(nothing.json().toString()).isEqualTo("{}");

    CompatFixture.Answer missing = f.get("/hma/m/lookup?signal_type=pdq", reader);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("message").asText()).isEqualTo("Either url or both signal and signal_type are required");
  }

  @Test
  void lookupByUploadHashesThenMatches() throws Exception {
    byte[] photo = CompatFixture.resource(CompatFixture.PDQ_IMAGE);
    CompatFixture.Answer a = f.post("/hma/m/lookup", reader, CompatFixture.MULTIPART, CompatFixture.multipart("photo", "p.jpg", photo));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/lookup_upload.json", a.json());
    assertThat(a.json().get("pdq")).isEqualTo(f.get("/hma/m/lookup?signal_type=pdq&signal=" + photoHash, reader).json());
    CompatFixture.Answer video = f.post("/hma/m/lookup", reader, CompatFixture.MULTIPART, CompatFixture.multipart("video", "v.mp4", photo));
    assertThat(video.status()).isEqualTo(400);
    assertThat(video.json().get("message").asText()).contains("video");
  }

  @Test
  void compareGivesMatchAndDistancePerType() throws Exception {
    String body = "{\"pdq\":[\"" + photoHash + "\",\"" + near10 + "\"],\"video_md5\":[\"" + md5 + "\",\"" + md5 + "\"]}";
    CompatFixture.Answer a = f.post("/hma/m/compare", reader, "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/compare.json", a.json());
    assertThat(a.json().toString()).isEqualTo("{\"pdq\":[true,{\"distance\":10}],\"video_md5\":[true,{}]}");
    String far = "{\"pdq\":[\"" + photoHash + "\",\"" + flip(photoHash, 40) + "\"]}";
    assertThat(f.post("/hma/m/compare", reader, "application/json", far.getBytes(StandardCharsets.UTF_8)).json().toString())
        .isEqualTo("{\"pdq\":[false,{\"distance\":40}]}");
    CompatFixture.Answer three = f.post("/hma/m/compare", reader, "application/json", "{\"pdq\":[\"a\",\"b\",\"c\"]}".getBytes(StandardCharsets.UTF_8));
    assertThat(three.status()).isEqualTo(400);
    assertThat(three.json().get("message").asText()).isEqualTo("Comparison hash list length must be exactly 2");
  }

  @Test
  void indexStatusCountsOnlyWhatTheCallerMaySee() throws Exception {
    long before = Instant.now().getEpochSecond();
    CompatFixture.Answer a = f.get("/hma/m/index/status", reader);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/index_status.json", a.json());
    assertThat(a.json().at("/pdq/size").asLong()).isEqualTo(2); // the platform-only signal is not counted
    assertThat(a.json().at("/video_md5/size").asLong()).isEqualTo(1);
    assertThat(a.json().at("/pdq/built_to").asLong()).isBetween(before, Instant.now().getEpochSecond());
    assertThat(f.get("/hma/m/index/status?signal_type=pdq", platform).json().at("/pdq/size").asLong()).isEqualTo(3);
    assertShape("hma/index_status_pdq.json", f.get("/hma/m/index/status?signal_type=pdq", platform).json());
    f.exchange.retract(f.caller("filehost"), ids.get(0));
    assertThat(f.get("/hma/m/index/status?signal_type=pdq", reader).json().at("/pdq/size").asLong()).isEqualTo(1);
    assertThat(f.get("/hma/m/index/status?signal_type=sha1", reader).status()).isEqualTo(400);
  }

  @Test
  void contentIdsResolveToTheSignalForThoseWhoMaySeeIt() throws Exception {
    f.get("/hma/m/raw_lookup?signal_type=pdq&signal=" + photoHash, platform); // hands out the ids
    CompatFixture.Answer a = f.get("/hma/c/bank/TRADE/content/" + contentId(1), reader);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertShape("hma/bank_content.json", a.json());
    assertThat(a.json().get("lantern_signal_id").asText()).isEqualTo(ids.get(1));
    CompatFixture.Answer withSignals = f.get("/hma/c/bank/CSAM/content/" + contentId(1) + "?include_signals=true", reader);
    assertShape("hma/bank_content_with_signals.json", withSignals.json());
    assertThat(withSignals.json().at("/signals/pdq").asText()).isEqualTo(near4);

    // the platform-only signal: the same 404 as an id nobody was given
    CompatFixture.Answer hidden = f.get("/hma/c/bank/CSAM/content/" + contentId(2), reader);
    CompatFixture.Answer unknown = f.get("/hma/c/bank/CSAM/content/12345", reader);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(hidden.json().get("error").get("code")).isEqualTo(unknown.json().get("error").get("code"));
    assertThat(f.get("/hma/c/bank/CSAM/content/" + contentId(2), platform).status()).isEqualTo(200);
    assertThat(f.get("/hma/c/bank/GROOMING/content/" + contentId(1), reader).status()).isEqualTo(404);
  }

  @Test
  void keysAreRequiredAndLookupsAreAudited() throws Exception {
    CompatFixture.Answer none = f.get("/hma/m/lookup?signal_type=pdq&signal=" + photoHash, null);
    assertThat(none.status()).isEqualTo(401);
    assertShape("hma/error.json", none.json());
    f.get("/hma/m/lookup?signal_type=pdq&signal=" + photoHash, reader);
    StringWriter audit = new StringWriter();
    f.exchange.oversight().exportAudit(Caller.localOperator(), Instant.EPOCH, audit);
    List<String> lookups = new ArrayList<>();
    for (String line : audit.toString().split("\n")) {
      if (line.contains("\"reader\"") && line.contains("match_hashes")) {
        lookups.add(line);
      }
    }
    assertThat(lookups).hasSize(1);

    // hashing and comparing touch no signal, and are recorded all the same
    f.post("/hma/h/hash", reader, CompatFixture.MULTIPART,
        CompatFixture.multipart("photo", "p.jpg", CompatFixture.resource(CompatFixture.PDQ_IMAGE)));
    f.post("/hma/m/compare", reader, "application/json", ("{\"video_md5\":[\"" + md5 + "\",\"" + md5 + "\"]}").getBytes(StandardCharsets.UTF_8));
    f.get("/hma/h/hash?url=https://example.org/x.jpg", reader);
    StringWriter after = new StringWriter();
    f.exchange.oversight().exportAudit(Caller.localOperator(), Instant.EPOCH, after);
    for (String operation : List.of("hash_image", "compare_hashes", "hash_url")) {
      assertThat(after.toString().lines().filter(l -> l.contains("\"reader\"") && l.contains(operation)).count())
          .as(operation).isEqualTo(1);
    }
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
