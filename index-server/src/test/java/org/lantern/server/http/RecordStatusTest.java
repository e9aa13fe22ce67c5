package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.cli.LanternCli;

/**
 * A signal record's {@code status} means the same through every door (issue 16, item 5):
 * {@code POST /v1/signals} (JSON and NDJSON) and {@code lantern load} of JSON Lines both share an
 * {@code active} record, retract the caller's own signal for a {@code retracted} one, and refuse an
 * {@code expired} one; replaying an export never brings a retracted signal back.
 */
class RecordStatusTest {
  private static final String URL = "https://files.example.com/share/status";
  private static final String ACTIVE = "{\"type\":\"url\",\"value\":\"" + URL + "\",\"categories\":[\"csam\"]}";
  private static final String RETRACTED = "{\"type\":\"url\",\"value\":\"" + URL + "\",\"status\":\"retracted\"}";

  @TempDir Path tmp;

  private static ServerFixture.Answer ndjson(ServerFixture f, String key, String body) {
    return f.send("POST", "/v1/signals", key, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void retractedRecordShouldRetractThroughTheApiAndAnExportReplayShouldNotResurrectIt() throws Exception {
    try (ServerFixture f = new ServerFixture(tmp, ServerFixture.testLimits())) {
      ServerFixture.Answer shared = ndjson(f, f.filehost, ACTIVE + "\n" + RETRACTED + "\n");
      assertThat(shared.status()).isEqualTo(200);
      JsonNode results = shared.json().get("results");
      assertThat(results.get(0).get("status").asText()).isEqualTo("created");
      assertThat(results.get(1).get("status").asText()).as(shared.body()).isEqualTo("updated"); // retracted now, in order
      String id = results.get(0).get("id").asText();
      assertThat(results.get(1).get("id").asText()).isEqualTo(id);
      JsonNode exported = f.get("/v1/signals/" + id, f.filehost).json();
      assertThat(exported.get("status").asText()).isEqualTo("retracted");

      // Replaying the export (the whole record as GET gives it, one per line) keeps it retracted.
      ServerFixture.Answer replay = ndjson(f, f.filehost, exported.toString() + "\n");
      assertThat(replay.json().get("results").get(0).get("status").asText()).as(replay.body()).isEqualTo("unchanged");
      assertThat(f.get("/v1/signals/" + id, f.filehost).json().get("status").asText()).isEqualTo("retracted");
      JsonNode match = f.post("/v1/match/urls", f.platform, "{\"urls\":[\"" + URL + "\"]}").json();
      assertThat(match.get("results").get(0).get("matches")).isEmpty();

      // The JSON batch says the same; an expired record is refused, naming the field.
      ServerFixture.Answer batch = f.post("/v1/signals", f.filehost,
          "{\"signals\":[" + RETRACTED + ",{\"type\":\"url\",\"value\":\"" + URL + "\",\"status\":\"expired\"}]}");
      assertThat(batch.json().get("results").get(0).get("status").asText()).isEqualTo("unchanged");
      JsonNode refused = batch.json().get("results").get(1);
      assertThat(refused.get("status").asText()).isEqualTo("rejected");
      assertThat(refused.get("error").get("field").asText()).isEqualTo("signals[1].status");
    }
  }

  @Test
  void theLoaderShouldGiveTheSameRecordsTheSameMeaning() throws Exception {
    Path data = tmp.resolve("data");
    Path both = tmp.resolve("both.jsonl");
    Files.writeString(both, ACTIVE + "\n" + RETRACTED + "\n");
    StringWriter err = new StringWriter();
    int status = LanternCli.run(new String[] {"load", "--data", data.toString(), both.toString()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("loaded 1, updated 1").contains("(retracted 1)");
    StringWriter out = new StringWriter();
    LanternCli.run(new String[] {"signals", "match", "--data", data.toString(), "--type", "url", URL},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    assertThat(out.toString()).contains("\"matches\":[]");
  }
}
