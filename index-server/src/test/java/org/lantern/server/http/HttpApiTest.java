package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.http.ServerFixture.Answer;

/** Every endpoint over a real socket: success, validation errors, 401/403/404/405/413/415. */
class HttpApiTest {
  static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final String PDQ_NEAR = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b23";

  @TempDir static Path dir;
  static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ServerFixture(dir, ServerFixture.testLimits());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String share(String key, String type, String value, String extra) {
    Answer a = f.post("/v1/signals", key,
        "{\"signals\":[{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"categories\":[\"csam\"]" + extra + "}]}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().at("/results/0/status").asText()).as(a.body()).isIn("created", "updated", "unchanged");
    return a.json().at("/results/0/id").asText();
  }

  // --- system --------------------------------------------------------------------------------

  @Test
  void healthAndOpenapiArePublicMetricsNeedAnAdminOrAuditorKey() {
    assertThat(f.get("/health", null).status()).isEqualTo(200);
    f.get("/health", null);
    assertThat(f.get("/metrics", null).status()).isEqualTo(401);
    Answer metrics = f.get("/metrics", f.admin);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("lantern_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}")
        .contains("lantern_signals_stored");
    Answer openapi = f.get("/openapi.yaml", null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.body()).startsWith("openapi: 3");
  }

  @Test
  void healthIs503UntilTheExchangeIsOpen() throws Exception {
    try (LanternServer early = LanternServer.start("127.0.0.1", 0, ServerFixture.testLimits(), AccessLog.off())) {
      var r = f.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + early.port() + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      var api = f.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + early.port() + "/v1/stats"))
          .header("Authorization", "Bearer " + f.admin).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.headers().firstValue("retry-after")).isPresent();
    }
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405InJson() {
    Answer missing = f.get("/v1/nothing", f.reader);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error().path("code").asText()).isEqualTo("not_found");
    Answer method = f.send("DELETE", "/v1/signals", f.admin, null, null);
    assertThat(method.status()).isEqualTo(405);
  }

  // --- authentication -------------------------------------------------------------------------

  @Test
  void missingMalformedOrUnknownKeysAre401() {
    Answer none = f.get("/v1/stats", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.raw().headers().firstValue("www-authenticate")).contains("Bearer");
    assertThat(none.error().path("code").asText()).isEqualTo("unauthorized");
    assertThat(f.get("/v1/stats", "lk_aaaaaaaaaa_" + "a".repeat(52)).status()).isEqualTo(401);
    assertThat(f.get("/v1/stats", "nonsense").status()).isEqualTo(401);
    Answer basic = f.send("GET", "/v1/stats", null, null, null);
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void readersCannotShareAndNonAdminsCannotAdminister() {
    Answer share = f.post("/v1/signals", f.reader, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + "a".repeat(32) + "\"}]}");
    assertThat(share.status()).isEqualTo(403);
    assertThat(share.error().path("code").asText()).isEqualTo("forbidden");
    assertThat(f.get("/v1/admin/participants", f.filehost).status()).isEqualTo(403);
    assertThat(f.post("/v1/admin/participants", f.reader, "{\"id\":\"x\",\"roles\":[\"reader\"]}").status()).isEqualTo(403);
  }

  // --- signals --------------------------------------------------------------------------------

  @Test
  void batchGivesOneResultPerSignalWith200EvenWithRejects() {
    Answer a = f.post("/v1/signals", f.filehost, """
        {"signals":[
          {"type":"url","value":"https://files.example.com/s/1","categories":["csam"],"note":"n","expires":"2099-01-01T00:00:00Z"},
          {"type":"pdq","value":"zz","categories":["csam"]},
          {"type":7,"value":"x"},
          {"type":"url","value":"https://files.example.com/s/2","categories":["csam"],"visibility":["platform"]},
          "not an object",
          {"type":"url","value":"https://files.example.com/s/3","expires":"tomorrow"}
        ]}""");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode r = a.json().path("results");
    assertThat(r).hasSize(6);
    assertThat(r.get(0).path("status").asText()).isIn("created", "unchanged");
    assertThat(r.get(1).path("status").asText()).isEqualTo("rejected");
    assertThat(r.get(1).at("/error/field").asText()).startsWith("signals[1]");
    assertThat(r.get(2).at("/error/code").asText()).isEqualTo("invalid_type");
    assertThat(r.get(2).at("/error/field").asText()).isEqualTo("signals[2].type");
    assertThat(r.get(3).path("status").asText()).isIn("created", "unchanged");
    assertThat(r.get(4).path("status").asText()).isEqualTo("rejected");
    assertThat(r.get(5).at("/error/code").asText()).isEqualTo("invalid_time");
    for (int i = 0; i < 6; i++) {
      assertThat(r.get(i).path("index").asInt()).isEqualTo(i);
    }
  }

  @Test
  void ndjsonBatchesAreAccepted() {
    String body = "{\"type\":\"keyword\",\"value\":\"ndjson secret phrase\",\"categories\":[\"grooming\"]}\n"
        + "\n{broken\n"
        + "{\"type\":\"md5\",\"value\":\"" + "b".repeat(32) + "\"}\r\n";
    Answer a = f.send("POST", "/v1/signals", f.filehost, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().path("results")).hasSize(3);
    assertThat(a.json().at("/results/0/status").asText()).isIn("created", "unchanged");
    assertThat(a.json().at("/results/1/error/code").asText()).isEqualTo("invalid_json");
    assertThat(a.json().at("/results/2/status").asText()).isIn("created", "unchanged");
  }

  @Test
  void batchErrors() {
    assertThat(f.post("/v1/signals", f.filehost, "{\"signals\":[]}").status()).isEqualTo(400);
    assertThat(f.post("/v1/signals", f.filehost, "{}").error().path("field").asText()).isEqualTo("signals");
    assertThat(f.post("/v1/signals", f.filehost, "{\"signals\":{}}").error().path("code").asText()).isEqualTo("invalid_type");
    Answer malformed = f.post("/v1/signals", f.filehost, "{\"signals\":[");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.error().path("code").asText()).isEqualTo("invalid_json");
    StringBuilder big = new StringBuilder("{\"signals\":[");
    for (int i = 0; i < 51; i++) {
      big.append(i == 0 ? "" : ",").append("{\"type\":\"md5\",\"value\":\"").append(String.format("%032x", i)).append("\"}");
    }
    Answer tooMany = f.post("/v1/signals", f.filehost, big.append("]}").toString());
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.error().path("code").asText()).isEqualTo("batch_too_large");
    Answer tooBig = f.post("/v1/signals", f.filehost, "{\"signals\":[{\"type\":\"keyword\",\"value\":\"" + "x".repeat(70_000) + "\"}]}");
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.error().path("code").asText()).isEqualTo("body_too_large");
    Answer form = f.send("POST", "/v1/signals", f.filehost, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(form.status()).isEqualTo(415);
  }

  @Test
  void getRetractAndVisibility() {
    String mine = share(f.filehost, "url", "https://files.example.com/private/1", ",\"visibility\":[\"platform\"]");
    assertThat(f.get("/v1/signals/" + mine, f.platform).json().path("visibility").get(0).asText()).isEqualTo("platform");
    // hidden from others: not found, so its existence does not leak
    assertThat(f.get("/v1/signals/" + mine, f.reader).status()).isEqualTo(404);
    assertThat(f.get("/v1/signals/nosuchid", f.reader).status()).isEqualTo(404);
    Answer notYours = f.post("/v1/signals/" + mine + "/retract", f.platform, null);
    assertThat(notYours.status()).isEqualTo(403);
    Answer retracted = f.post("/v1/signals/" + mine + "/retract", f.filehost, null);
    assertThat(retracted.status()).isEqualTo(200);
    assertThat(retracted.json().path("status").asText()).isEqualTo("retracted");
    assertThat(f.post("/v1/signals/nosuchid/retract", f.filehost, null).status()).isEqualTo(404);
  }

  @Test
  void opinionsProvenanceAndFeedback() {
    String parent = share(f.filehost, "url", "https://files.example.com/op/1", "");
    String child = share(f.platform, "md5", "c".repeat(32), ",\"derived_from\":[\"" + parent + "\"]");
    Answer op = f.put("/v1/signals/" + parent + "/opinion", f.platform, "{\"opinion\":\"confirmed\",\"note\":\"found it\"}");
    assertThat(op.status()).as(op.body()).isEqualTo(200);
    assertThat(op.json().path("opinion").asText()).isEqualTo("confirmed");
    assertThat(op.json().at("/opinions/mine").asText()).isEqualTo("confirmed");
    assertThat(f.put("/v1/signals/" + parent + "/opinion", f.platform, "{\"opinion\":\"maybe\"}").status()).isEqualTo(400);
    assertThat(f.put("/v1/signals/" + parent + "/opinion", f.platform, "{}").status()).isEqualTo(400);
    assertThat(f.put("/v1/signals/nosuchid/opinion", f.platform, "{\"opinion\":\"seen\"}").status()).isEqualTo(404);
    Answer prov = f.get("/v1/signals/" + parent + "/provenance", f.filehost);
    assertThat(prov.status()).isEqualTo(200);
    assertThat(prov.json().at("/derived/0/id").asText()).isEqualTo(child);
    Answer feedback = f.get("/v1/feedback", f.filehost);
    assertThat(feedback.status()).isEqualTo(200);
    assertThat(feedback.json().path("feedback").findValuesAsText("signal_id")).contains(parent);
    assertThat(f.get("/v1/feedback?limit=0", f.filehost).status()).isEqualTo(400);
  }

  // --- matching -------------------------------------------------------------------------------

  @Test
  void hashLookups() {
    String id = share(f.platform, "pdq", PDQ, "");
    Answer one = f.get("/v1/match/pdq/" + PDQ_NEAR + "?max_distance=4&limit=5", f.reader);
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().at("/matches/0/id").asText()).isEqualTo(id);
    assertThat(one.json().at("/matches/0/distance").asInt()).isEqualTo(1);
    assertThat(one.json().at("/matches/0/opinion").asText()).isNotEmpty();
    assertThat(one.json().path("note").asText()).contains("lead");
    assertThat(f.get("/v1/match/pdq/xyz", f.reader).status()).isEqualTo(400);
    assertThat(f.get("/v1/match/pdq/" + PDQ + "?max_distance=abc", f.reader).error().path("field").asText()).isEqualTo("max_distance");
    assertThat(f.get("/v1/match/pdq/" + PDQ + "?limit=0", f.reader).status()).isEqualTo(400);

    Answer many = f.post("/v1/match/hashes", f.reader, "{\"type\":\"pdq\",\"hashes\":[\"" + PDQ_NEAR + "\",\"" + "0".repeat(64) + "\"],\"max_distance\":31,\"limit\":10}");
    assertThat(many.status()).as(many.body()).isEqualTo(200);
    assertThat(many.json().path("results")).hasSize(2);
    assertThat(many.json().at("/results/0/matches/0/hash").asText()).isEqualTo(PDQ);
    assertThat(many.json().path("note").asText()).contains("lead");
    Answer bad = f.post("/v1/match/hashes", f.reader, "{\"type\":\"pdq\",\"hashes\":[\"" + PDQ + "\",\"nothex\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error().path("field").asText()).isEqualTo("hashes[1]");
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"hashes\":[\"" + PDQ + "\"],\"max_distance\":257}").status()).isEqualTo(400);
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"hashes\":[\"" + PDQ + "\"],\"dihedral\":true}").error().path("code").asText())
        .isEqualTo("dihedral_needs_image");
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"type\":\"url\",\"hashes\":[\"x\"]}").status()).isEqualTo(400);
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"hashes\":[]}").status()).isEqualTo(400);
    StringBuilder tooMany = new StringBuilder("{\"hashes\":[");
    for (int i = 0; i < 21; i++) {
      tooMany.append(i == 0 ? "" : ",").append('"').append(PDQ).append('"');
    }
    assertThat(f.post("/v1/match/hashes", f.reader, tooMany.append("]}").toString()).status()).isEqualTo(413);
    Answer md5 = f.post("/v1/match/hashes", f.reader, "{\"type\":\"md5\",\"hashes\":[\"" + "B".repeat(32) + "\"]}");
    assertThat(md5.status()).as(md5.body()).isEqualTo(200);
  }

  @Test
  void imageLookupsRawAndMultipart() {
    byte[] jpeg = ServerFixture.resource(ServerFixture.PDQ_IMAGE);
    Answer raw = f.send("POST", "/v1/match/image", f.reader, "image/jpeg", jpeg);
    assertThat(raw.status()).as(raw.body()).isEqualTo(200);
    String hash = raw.json().path("hash").asText();
    assertThat(hash).hasSize(64);
    assertThat(raw.json().path("quality").asInt()).isBetween(0, 100);
    share(f.platform, "pdq", hash, "");
    String boundary = "lanternBoundary42";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"b.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] form = new byte[head.length + jpeg.length + tail.length];
    System.arraycopy(head, 0, form, 0, head.length);
    System.arraycopy(jpeg, 0, form, head.length, jpeg.length);
    System.arraycopy(tail, 0, form, head.length + jpeg.length, tail.length);
    Answer multipart = f.send("POST", "/v1/match/image?dihedral=true&max_distance=0", f.reader, "multipart/form-data; boundary=" + boundary, form);
    assertThat(multipart.status()).as(multipart.body()).isEqualTo(200);
    assertThat(multipart.json().path("hash").asText()).isEqualTo(hash);
    assertThat(multipart.json().path("dihedral_hashes")).hasSize(8);
    assertThat(multipart.json().at("/matches/0/transform").asText()).isEqualTo("orig");

    assertThat(f.send("POST", "/v1/match/image", f.reader, "image/jpeg", new byte[] {1, 2, 3}).error().path("code").asText())
        .isEqualTo("invalid_image");
    assertThat(f.send("POST", "/v1/match/image", f.reader, "text/plain", jpeg).status()).isEqualTo(415);
    assertThat(f.send("POST", "/v1/match/image", f.reader, "application/json", jpeg).status()).isEqualTo(415);
    assertThat(f.send("POST", "/v1/match/image?type=url", f.reader, "image/jpeg", jpeg).status()).isEqualTo(400);
    assertThat(f.send("POST", "/v1/match/image?type=dhash&dihedral=true", f.reader, "image/jpeg", jpeg).status()).isEqualTo(400);
    assertThat(f.send("POST", "/v1/match/image", f.reader, "multipart/form-data", jpeg).status()).isEqualTo(400);
  }

  @Test
  void imagePixelAndSizeLimits() throws Exception {
    Path small = dir.resolve("small-limits");
    java.nio.file.Files.createDirectories(small);
    try (ServerFixture tight = new ServerFixture(small, ServerFixture.testLimits().withSizes(64 * 1024, 100_000, 1_000_000, 50, 20))) {
      byte[] jpeg = ServerFixture.resource(ServerFixture.PDQ_IMAGE); // 1600x1004, 361 KB
      // Several times: a server that answers before reading the body makes this a race the
      // client sometimes loses (a reset instead of the 413), as CI once saw.
      for (int attempt = 0; attempt < 20; attempt++) {
        Answer tooLarge = tight.send("POST", "/v1/match/image", tight.reader, "image/jpeg", jpeg);
        assertThat(tooLarge.status()).as("attempt %d", attempt).isEqualTo(413);
        assertThat(tooLarge.error().path("code").asText()).isEqualTo("body_too_large");
      }
      byte[] png = tinyPngClaiming(5000, 5000);
      Answer pixels = tight.send("POST", "/v1/match/image", tight.reader, "image/png", png);
      assertThat(pixels.status()).as(pixels.body()).isEqualTo(400);
      assertThat(pixels.error().path("code").asText()).isEqualTo("image_too_large");
    }
  }

  /** A PNG header announcing width x height, with no pixel data worth decoding. */
  static byte[] tinyPngClaiming(int width, int height) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws Exception {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(type.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void urlTextAndAccountLookups() {
    String url = share(f.filehost, "url", "https://files.example.com/share/abc", "");
    Answer urls = f.post("/v1/match/urls", f.reader, "{\"urls\":[\"https://FILES.example.com/share/abc/x.jpg\",\"https://other.example/\"]}");
    assertThat(urls.status()).as(urls.body()).isEqualTo(200);
    assertThat(urls.json().at("/results/0/matches/0/id").asText()).isEqualTo(url);
    assertThat(urls.json().at("/results/0/matches/0/kind").asText()).isEqualTo("prefix");
    assertThat(f.post("/v1/match/urls", f.reader, "{\"urls\":[\"ftp://\"]}").error().path("field").asText()).isEqualTo("urls[0]");
    assertThat(f.post("/v1/match/urls", f.reader, "{\"urls\":\"x\"}").status()).isEqualTo(400);

    share(f.filehost, "keyword", "forbidden trade phrase", "");
    Answer text = f.post("/v1/match/text", f.reader, "{\"text\":\"someone wrote Forbidden Trade Phrase here\"}");
    assertThat(text.status()).as(text.body()).isEqualTo(200);
    assertThat(text.json().at("/hits/0/keyword").asText()).startsWith("forbi");
    assertThat(f.post("/v1/match/text", f.reader, "{\"text\":5}").status()).isEqualTo(400);
    assertThat(f.post("/v1/match/text", f.reader, "{}").status()).isEqualTo(400);

    share(f.platform, "email", "Someone@Example.org", "");
    Answer accounts = f.post("/v1/match/accounts", f.reader, "{\"accounts\":[{\"type\":\"email\",\"value\":\"someone@example.ORG\"},{\"type\":\"username\",\"value\":\"nobody\"}]}");
    assertThat(accounts.status()).as(accounts.body()).isEqualTo(200);
    assertThat(accounts.json().at("/results/0/matches")).hasSize(1);
    assertThat(accounts.body()).doesNotContainIgnoringCase("someone@example");
    assertThat(f.post("/v1/match/accounts", f.reader, "{\"accounts\":[{\"type\":\"pdq\",\"value\":\"x\"}]}").status()).isEqualTo(400);
    assertThat(f.post("/v1/match/accounts", f.reader, "{\"accounts\":[\"x\"]}").error().path("field").asText()).isEqualTo("accounts[0]");
  }

  // --- feed, stats, allow-list ----------------------------------------------------------------

  @Test
  void updatesAndStats() {
    share(f.filehost, "url", "https://files.example.com/feed/1", "");
    Answer page = f.get("/v1/updates?cursor=0&limit=1000", f.reader);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().path("updates").size()).isPositive();
    assertThat(page.json().path("next_cursor").asText()).startsWith("fc1.");
    Answer rest = f.get("/v1/updates?cursor=" + page.json().path("next_cursor").asText(), f.reader);
    assertThat(rest.status()).isEqualTo(200);
    assertThat(f.get("/v1/updates?cursor=-1", f.reader).status()).isEqualTo(400);
    assertThat(f.get("/v1/updates?limit=100000", f.reader).status()).isEqualTo(400);
    Answer stats = f.get("/v1/stats", f.admin);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    assertThat(stats.json().path("active_by_type").path("url").asLong()).isPositive();
    assertThat(f.get("/v1/stats?from=yesterday", f.admin).status()).isEqualTo(400);
    assertThat(f.get("/v1/stats?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z", f.admin).status()).isEqualTo(400);
  }

  @Test
  void allowListSuppressesForTheCallerOnly() {
    share(f.filehost, "url", "https://stock.example.com/logo.png", "");
    Answer add = f.post("/v1/allowlist", f.platform, "{\"type\":\"url\",\"value\":\"https://stock.example.com/logo.png\",\"note\":\"our logo\"}");
    assertThat(add.status()).as(add.body()).isEqualTo(201);
    assertThat(f.get("/v1/allowlist", f.platform).json().path("entries")).hasSize(1);
    Answer suppressed = f.post("/v1/match/urls", f.platform, "{\"urls\":[\"https://stock.example.com/logo.png\"]}");
    assertThat(suppressed.json().at("/results/0/matches")).isEmpty();
    assertThat(suppressed.json().at("/results/0/suppressed").asInt()).isEqualTo(1);
    assertThat(f.post("/v1/match/urls", f.reader, "{\"urls\":[\"https://stock.example.com/logo.png\"]}").json().at("/results/0/matches")).hasSize(1);
    Answer remove = f.post("/v1/allowlist/remove", f.platform, "{\"type\":\"url\",\"value\":\"https://stock.example.com/logo.png\"}");
    assertThat(remove.json().path("removed").asBoolean()).isTrue();
    assertThat(f.post("/v1/allowlist", f.platform, "{\"type\":\"nope\",\"value\":\"x\"}").status()).isEqualTo(400);
  }

  // --- admin ----------------------------------------------------------------------------------

  @Test
  void participantsAndKeys() {
    Answer add = f.post("/v1/admin/participants", f.admin, "{\"id\":\"newcomer\",\"name\":\"New Co\",\"roles\":[\"reader\"]}");
    assertThat(add.status()).as(add.body()).isEqualTo(201);
    assertThat(f.post("/v1/admin/participants", f.admin, "{\"id\":\"newcomer\",\"roles\":[\"reader\"]}").status()).isEqualTo(409);
    assertThat(f.post("/v1/admin/participants", f.admin, "{\"id\":\"bad id!\",\"roles\":[\"reader\"]}").status()).isEqualTo(400);
    assertThat(f.post("/v1/admin/participants", f.admin, "{\"id\":\"x2\",\"roles\":[\"king\"]}").error().path("field").asText()).isEqualTo("roles[0]");
    Answer key = f.post("/v1/admin/participants/newcomer/keys", f.admin, null);
    assertThat(key.status()).isEqualTo(201);
    String secret = key.json().path("key").asText();
    assertThat(f.get("/v1/updates", secret).status()).isEqualTo(200);
    Answer list = f.get("/v1/admin/participants", f.admin);
    assertThat(list.body()).contains("newcomer").doesNotContain(secret);
    assertThat(f.get("/v1/admin/participants/newcomer", f.admin).json().path("keys")).hasSize(1);
    assertThat(f.get("/v1/admin/participants/ghost", f.admin).status()).isEqualTo(404);
    assertThat(f.post("/v1/admin/participants/newcomer/suspend", f.admin, null).json().path("suspended").asBoolean()).isTrue();
    assertThat(f.get("/v1/updates", secret).status()).isEqualTo(401);
    assertThat(f.post("/v1/admin/participants/newcomer/reactivate", f.admin, null).status()).isEqualTo(200);
    assertThat(f.get("/v1/updates", secret).status()).isEqualTo(200);
    String keyId = key.json().path("key_id").asText();
    assertThat(f.send("DELETE", "/v1/admin/participants/newcomer/keys/" + keyId, f.admin, null, null).status()).isEqualTo(200);
    assertThat(f.get("/v1/updates", secret).status()).isEqualTo(401);
    assertThat(f.send("DELETE", "/v1/admin/participants/newcomer/keys/nokey", f.admin, null, null).status()).isEqualTo(404);
    assertThat(f.post("/v1/admin/participants/admin/suspend", f.admin, null).status()).isEqualTo(400);
  }
}
