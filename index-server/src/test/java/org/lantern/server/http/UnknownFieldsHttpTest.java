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

/**
 * DESIGN §7, fail closed: every request body the server parses refuses a field its shape does not
 * have, with the field named, and a visibility that names nobody clearly ({@code null}, {@code []})
 * is refused rather than read as "everyone". The legitimate fields of each shape still work.
 */
class UnknownFieldsHttpTest {
  private static final String MD5 = "0123456789abcdef0123456789abcdef";

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

  private static JsonNode signalResult(String signal) {
    Answer a = f.post("/v1/signals", f.filehost, "{\"signals\":[" + signal + "]}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().at("/results/0");
  }

  private static void assertRefused(Answer a, String code, String field) {
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.error().path("code").asText()).as(a.body()).isEqualTo(code);
    assertThat(a.error().path("field").asText()).as(a.body()).isEqualTo(field);
  }

  @Test
  void misspeltVisibilityIsRefusedNamingTheField() {
    JsonNode r = signalResult("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"categories\":[\"csam\"],\"visiblity\":[\"platform\"]}");
    assertThat(r.path("status").asText()).isEqualTo("rejected");
    assertThat(r.at("/error/code").asText()).isEqualTo("unknown_field");
    assertThat(r.at("/error/field").asText()).isEqualTo("signals[0].visiblity");
    assertThat(r.at("/error/message").asText()).contains("'visiblity'").contains("visibility");
    // nothing was stored: the platform finds nothing, neither does anyone else
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}")
        .json().at("/results/0/matches")).isEmpty();
  }

  @Test
  void visibilityNullOrEmptyIsRefusedNotEveryone() {
    for (String visibility : new String[] {"null", "[]", "\"some\"", "7"}) {
      JsonNode r = signalResult("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"categories\":[\"csam\"],\"visibility\":" + visibility + "}");
      assertThat(r.path("status").asText()).as(visibility).isEqualTo("rejected");
      assertThat(r.at("/error/code").asText()).as(visibility).isEqualTo("invalid_visibility");
      assertThat(r.at("/error/field").asText()).as(visibility).isEqualTo("signals[0].visibility");
    }
    assertThat(f.post("/v1/match/hashes", f.reader, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}")
        .json().at("/results/0/matches")).isEmpty();
  }

  @Test
  void ndjsonLinesRefuseUnknownFieldsToo() {
    String body = "{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visiblity\":[\"platform\"]}\n";
    Answer a = f.send("POST", "/v1/signals", f.filehost, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().at("/results/0/error/code").asText()).isEqualTo("unknown_field");
    assertThat(a.json().at("/results/0/error/field").asText()).isEqualTo("signals[0].visiblity");
  }

  @Test
  void everyBodyShapeRefusesAnUnknownField() {
    assertRefused(f.post("/v1/signals", f.filehost, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}],\"dry_run\":true}"),
        "unknown_field", "dry_run");
    assertRefused(f.post("/v1/signals/retractions", f.filehost, "{\"signal\":[]}"), "unknown_field", "signal");
    assertRefused(f.post("/v1/match/hashes", f.reader, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"],\"max_dist\":3}"),
        "unknown_field", "max_dist");
    assertRefused(f.post("/v1/match/urls", f.reader, "{\"urls\":[\"https://a.example/\"],\"limt\":3}"), "unknown_field", "limt");
    assertRefused(f.post("/v1/match/text", f.reader, "{\"text\":\"hello\",\"lang\":\"en\"}"), "unknown_field", "lang");
    assertRefused(f.post("/v1/match/accounts", f.reader, "{\"accounts\":[{\"type\":\"email\",\"value\":\"a@b.example\",\"raw\":true}]}"),
        "unknown_field", "accounts[0].raw");
    assertRefused(f.post("/v1/admin/participants", f.admin, "{\"id\":\"x1\",\"roles\":[\"reader\"],\"role\":\"admin\"}"),
        "unknown_field", "role");
    assertRefused(f.post("/v1/allowlist", f.filehost, "{\"type\":\"url\",\"value\":\"https://cdn.example/\",\"scope\":\"all\"}"),
        "unknown_field", "scope");
    assertRefused(f.post("/v1/allowlist/remove", f.filehost, "{\"type\":\"url\",\"value\":\"https://cdn.example/\",\"x\":1}"),
        "unknown_field", "x");
    String id = signalResult("{\"type\":\"md5\",\"value\":\"" + "c".repeat(32) + "\",\"categories\":[\"csam\"]}").path("id").asText();
    assertRefused(f.put("/v1/signals/" + id + "/opinion", f.platform, "{\"opinion\":\"seen\",\"notes\":\"x\"}"), "unknown_field", "notes");
  }

  @Test
  void everyBodyShapeStillTakesItsOwnFields() {
    JsonNode r = signalResult("{\"type\":\"md5\",\"value\":\"" + "d".repeat(32) + "\",\"categories\":[\"csam\"],\"note\":\"n\","
        + "\"expires\":\"2099-01-01T00:00:00Z\",\"derived_from\":[],\"visibility\":[\"platform\"]}");
    assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("created");
    String id = r.path("id").asText();
    assertThat(signalResult("{\"type\":\"md5\",\"value\":\"" + "e".repeat(32) + "\",\"visibility\":\"all\"}").path("status").asText())
        .isEqualTo("created");
    assertThat(f.post("/v1/match/hashes", f.platform, "{\"type\":\"md5\",\"hashes\":[\"" + "d".repeat(32)
        + "\"],\"max_distance\":0,\"limit\":5,\"dihedral\":false}").json().at("/results/0/matches/0/id").asText()).isEqualTo(id);
    assertThat(f.post("/v1/match/urls", f.reader, "{\"urls\":[\"https://a.example/\"],\"limit\":3}").status()).isEqualTo(200);
    assertThat(f.post("/v1/match/text", f.reader, "{\"text\":\"hello\"}").status()).isEqualTo(200);
    assertThat(f.post("/v1/match/accounts", f.reader, "{\"accounts\":[{\"type\":\"email\",\"value\":\"a@b.example\"}],\"limit\":2}")
        .status()).isEqualTo(200);
    assertThat(f.post("/v1/admin/participants", f.admin, "{\"id\":\"x2\",\"name\":\"X\",\"roles\":[\"reader\"]}").status())
        .isIn(200, 201);
    assertThat(f.post("/v1/allowlist", f.filehost, "{\"type\":\"url\",\"value\":\"https://cdn.example/\",\"note\":\"cdn\"}").status())
        .isEqualTo(201);
    assertThat(f.post("/v1/allowlist/remove", f.filehost, "{\"type\":\"url\",\"value\":\"https://cdn.example/\"}").status())
        .isEqualTo(200);
    assertThat(f.put("/v1/signals/" + id + "/opinion", f.platform, "{\"opinion\":\"seen\",\"note\":\"x\"}").status()).isEqualTo(200);
    assertThat(f.post("/v1/signals/retractions", f.filehost, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + "e".repeat(32) + "\"}]}")
        .json().at("/results/0/status").asText()).isEqualTo("updated");
  }
}
