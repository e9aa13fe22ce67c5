package org.lantern.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Opinion;
import org.lantern.core.testing.MutableClock;

/** {@code FetchHashes} over a real socket: shape, types, statuses, feedback, paging, auth, errors. */
class StopNciiFeedTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final String PDQ_E = "d8f8f0cec0f4a84f8e370a22038f67f0b36a2ed597231e1d72e6b39c4a9c9b22";
  static final String PDQ_H = "0000f0cec0f4a84f8e370a22038f67f0b36a2ed597231e1d72e6b39c4a9c9b22";
  static final String VIDEO_MD5 = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  MutableClock clock = new MutableClock(T0);
  CompatFixture f;
  String reader;
  String platform;
  List<String> ids = new ArrayList<>();

  @BeforeEach
  void setUp() {
    f = new CompatFixture(ExchangeConfig.defaults(dir.resolve("data")).withClock(clock).withExtraCategories(Set.of("video")));
    f.participant("filehost", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    platform = f.participant("platform", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    reader = f.participant("reader", EnumSet.of(Role.READER));
    ids.addAll(f.submit("filehost", List.of(SignalSubmission.of("pdq", PDQ_A, "ncii")))); // 0, retracted at T0+3
    clock.advance(Duration.ofSeconds(1));
    ids.addAll(f.submit("filehost", List.of(
        SignalSubmission.of("url", "https://files.example.com/share/abc", "ncii"), // 1
        SignalSubmission.of("keyword", "leakedpics", "ncii"), // 2
        SignalSubmission.of("md5", "fedcba9876543210fedcba9876543210", "ncii"), // 3: not a video: left out
        SignalSubmission.of("sha256", "a".repeat(64), "ncii")))); // 4: no StopNCII type
    clock.advance(Duration.ofSeconds(1));
    ids.addAll(f.submit("filehost", List.of(
        SignalSubmission.of("md5", VIDEO_MD5, "ncii", "video"), // 5
        SignalSubmission.of("pdq", PDQ_H, "ncii").withVisibility(List.of("platform")), // 6: hidden from reader
        SignalSubmission.of("pdq", PDQ_E, "ncii").withExpires(T0.plusSeconds(10))))); // 7: expires
    clock.advance(Duration.ofSeconds(1));
    f.exchange.retract(f.caller("filehost"), ids.get(0));
    f.exchange.feedback().setOpinion(f.caller("platform"), ids.get(1), Opinion.CONFIRMED, "");
    f.exchange.feedback().setOpinion(f.caller("reader"), ids.get(2), Opinion.FALSE_POSITIVE, "");
    f.exchange.feedback().setOpinion(f.caller("reader"), ids.get(5), Opinion.SEEN, "");
    clock.advance(Duration.ofSeconds(8)); // T0+11
    assertThat(f.exchange.expireDue()).isEqualTo(1);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  CompatFixture.Answer fetch(String query, String key) {
    return f.send("GET", "/compat/stopncii/v1/FetchHashes?" + query,
        new String[] {"x-functions-key", key, "Ocp-Apim-Subscription-Key", "anything"}, null, null);
  }

  @Test
  void onePageHasStopNciisShapeTypesStatusesAndFeedback() throws Exception {
    CompatFixture.Answer a = fetch("startTimestamp=0&pageSize=100", reader);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    HmaContractTest.assertShape("stopncii/fetch_hashes.json", a.json());
    JsonNode body = a.json();
    assertThat(body.get("count").asInt()).isEqualTo(5);
    assertThat(body.get("hasMoreRecords").asBoolean()).isFalse();
    assertThat(body.get("nextPageToken").isNull()).isTrue();
    assertThat(body.get("nextSetTimestamp").asLong()).isEqualTo(T0.getEpochSecond() + 11);
    List<String> rows = new ArrayList<>();
    for (JsonNode r : body.get("hashRecords")) {
      rows.add(r.get("lastModtimestamp").asLong() - T0.getEpochSecond() + " " + r.get("signalType").asText() + " "
          + r.get("hashValue").asText() + " " + r.get("hashStatus").asText());
    }
    List<String> sameSecond = new ArrayList<>(List.of(
        "1 URL https://files.example.com/share/abc Active", "1 Text leakedpics Active"));
    // within one millisecond records go by signal id
    if (ids.get(2).compareTo(ids.get(1)) < 0) {
      java.util.Collections.reverse(sameSecond);
    }
    List<String> expected = new ArrayList<>(sameSecond);
    expected.add("2 VideoMD5 " + VIDEO_MD5 + " Active");
    expected.add("3 ImagePDQ " + PDQ_A + " Withdrawn");
    expected.add("11 ImagePDQ " + PDQ_E + " Deleted");
    assertThat(rows).containsExactlyElementsOf(expected);

    JsonNode url = record(body, "URL");
    assertThat(url.get("caseNumbers").toString()).isEqualTo("{\"" + ids.get(1) + "\":\"Active\"}");
    assertThat(url.get("CSPFeedbacks").toString()).isEqualTo("[{\"feedbackValue\":\"Blocked\",\"tags\":[],\"source\":\"lantern-participant\"}]");
    assertThat(record(body, "Text").get("CSPFeedbacks").toString())
        .isEqualTo("[{\"feedbackValue\":\"NotBlocked\",\"tags\":[],\"source\":\"reader\"}]");
    assertThat(record(body, "VideoMD5").get("CSPFeedbacks").toString()).isEqualTo("[]"); // seen is not feedback

    // platform also sees the signal shared with it alone
    JsonNode asPlatform = fetch("startTimestamp=0&pageSize=100", platform).json();
    assertThat(asPlatform.get("count").asInt()).isEqualTo(6);
    assertThat(asPlatform.toString()).contains(PDQ_H);
    assertThat(a.body()).doesNotContain(PDQ_H).doesNotContain(ids.get(6));
  }

  @Test
  void startTimestampIsInclusiveAndPagesFollowTokens() throws Exception {
    JsonNode late = fetch("startTimestamp=" + (T0.getEpochSecond() + 2) + "&pageSize=100", reader).json();
    assertThat(late.get("count").asInt()).isEqualTo(3); // the records at T0+2, T0+3, T0+11
    assertThat(late.at("/hashRecords/0/lastModtimestamp").asLong()).isEqualTo(T0.getEpochSecond() + 2);

    String whole = fetch("startTimestamp=0&pageSize=100", reader).json().get("hashRecords").toString();
    List<JsonNode> paged = new ArrayList<>();
    String token = null;
    long last = 0;
    int pages = 0;
    do {
      JsonNode page = fetch("startTimestamp=0&pageSize=2" + (token == null ? "" : "&nextPageToken=" + token), reader).json();
      page.get("hashRecords").forEach(paged::add);
      assertThat(page.get("nextSetTimestamp").asLong()).isGreaterThanOrEqualTo(last);
      last = page.get("nextSetTimestamp").asLong();
      token = page.get("hasMoreRecords").asBoolean() ? page.get("nextPageToken").asText() : null;
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(CompatFixture.JSON.valueToTree(paged).toString()).isEqualTo(whole);
  }

  @Test
  void aRetractedCopyDoesNotDeleteAValueAnotherContributorStillShares() throws Exception {
    List<String> copy = f.submit("platform", List.of(SignalSubmission.of("pdq", PDQ_A, "ncii")));
    clock.advance(Duration.ofSeconds(1));
    StopNciiFetcher client = new StopNciiFetcher(f, reader, 100);
    client.syncAll();
    assertThat(client.bank).containsKey(new StopNciiFetcher.Key("ImagePDQ", PDQ_A));
    f.exchange.retract(f.caller("platform"), copy.get(0));
    client.syncAll();
    assertThat(client.bank).doesNotContainKey(new StopNciiFetcher.Key("ImagePDQ", PDQ_A));
    // and the other way round: the older copy's withdrawal, re-sent, keeps a newer active copy
    f.submit("platform", List.of(SignalSubmission.of("pdq", PDQ_A, "ncii")));
    client.syncAll();
    assertThat(client.bank).containsKey(new StopNciiFetcher.Key("ImagePDQ", PDQ_A));
    JsonNode all = fetch("startTimestamp=0&pageSize=100", reader).json();
    JsonNode old = null;
    for (JsonNode r : all.get("hashRecords")) {
      if (r.get("caseNumbers").has(ids.get(0))) {
        old = r;
      }
    }
    assertThat(old.get("hashStatus").asText()).isEqualTo("Active");
    assertThat(old.get("caseNumbers").get(ids.get(0)).asText()).isEqualTo("Withdrawn");
    assertThat(old.get("caseNumbers").get(copy.get(0)).asText()).isEqualTo("Active");
  }

  @Test
  void theKeyGoesInXFunctionsKeyAndBadInputIsA400() throws Exception {
    CompatFixture.Answer noKey = f.send("GET", "/compat/stopncii/v1/FetchHashes?startTimestamp=0", new String[0], null, null);
    assertThat(noKey.status()).isEqualTo(401);
    HmaContractTest.assertShape("hma/error.json", noKey.json());
    assertThat(noKey.json().at("/error/field").asText()).isEqualTo("x-functions-key");
    CompatFixture.Answer bearer = f.get("/compat/stopncii/v1/FetchHashes?startTimestamp=0", reader);
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(fetch("startTimestamp=0", "lk_not-a-key").status()).isEqualTo(401);

    CompatFixture.Answer token = fetch("startTimestamp=0&nextPageToken=garbage", reader);
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.json().at("/error/field").asText()).isEqualTo("nextPageToken");
    assertThat(fetch("startTimestamp=-1", reader).status()).isEqualTo(400);
    assertThat(fetch("startTimestamp=0&pageSize=0", reader).status()).isEqualTo(400);
    assertThat(fetch("startTimestamp=0&pageSize=10001", reader).status()).isEqualTo(400);
    assertThat(fetch("startTimestamp=soon", reader).json().at("/error/field").asText()).isEqualTo("startTimestamp");
  }

  @Test
  void aBatchPreparedBeforeACheckpointButCommittedAfterItIsNotSkipped() {
    String late = "ffff" + PDQ_A.substring(4);
    // prepared (and so timed) now, written after a later batch and after a client's checkpoint
    var early = f.exchange.prepare(f.caller("filehost"), List.of(SignalSubmission.of("pdq", late, "ncii")));
    clock.advance(Duration.ofSeconds(5));
    f.submit("filehost", List.of(SignalSubmission.of("url", "https://late.example.com/x", "ncii")));
    StopNciiFetcher client = new StopNciiFetcher(f, reader, 100);
    client.syncAll();
    long checkpoint = client.checkpoint;
    assertThat(checkpoint).isEqualTo(T0.getEpochSecond() + 16);
    f.exchange.submit(early);
    client.syncAll();
    StopNciiFetcher.Key key = new StopNciiFetcher.Key("ImagePDQ", late);
    assertThat(client.bank).containsKey(key);
    assertThat(client.bank.get(key).get("lastModtimestamp").asLong()).isGreaterThanOrEqualTo(checkpoint);
  }

  @Test
  void pagesAreTheSameAfterARestart() {
    var early = f.exchange.prepare(f.caller("filehost"), List.of(SignalSubmission.of("pdq", "eeee" + PDQ_A.substring(4), "ncii")));
    clock.advance(Duration.ofSeconds(2));
    f.submit("filehost", List.of(SignalSubmission.of("keyword", "another", "ncii")));
    fetch("startTimestamp=0&pageSize=2", reader); // builds the order and writes its place times
    f.exchange.submit(early);
    List<String> before = allPages();
    f.close();
    f = new CompatFixture(ExchangeConfig.defaults(dir.resolve("data")).withClock(clock).withExtraCategories(Set.of("video")));
    assertThat(allPages()).isEqualTo(before);
  }

  private List<String> allPages() {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      CompatFixture.Answer page = fetch("startTimestamp=0&pageSize=2" + (token == null ? "" : "&nextPageToken=" + token), reader);
      out.add(page.body());
      token = page.json().get("hasMoreRecords").asBoolean() ? page.json().get("nextPageToken").asText() : null;
    } while (token != null);
    return out;
  }

  private static JsonNode record(JsonNode body, String type) {
    for (JsonNode r : body.get("hashRecords")) {
      if (r.get("signalType").asText().equals(type)) {
        return r;
      }
    }
    throw new AssertionError("no " + type + " record in " + body);
  }
}
