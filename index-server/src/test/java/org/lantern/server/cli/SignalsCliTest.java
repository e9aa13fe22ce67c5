package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lantern signals ...} on a real data directory: the facade's contract on the command line. */
class SignalsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String NEAR_PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b25"; // 3 bits off (2 ^ 5 = 0111)

  @TempDir Path tmp;

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void addMatchGetRetractRoundTrip() throws IOException {
    String data = tmp.resolve("data").toString();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "mega").status()).isZero();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "meta").status()).isZero();
    CliTest.Run add = lantern("signals", "add", "--data", data, "--as", "mega", "--type", "pdq", "--category", "csam", PDQ);
    assertThat(add.status()).as(add.err()).isZero();
    JsonNode added = lines(add.out()).get(0);
    assertThat(added.get("status").asText()).isEqualTo("created");
    String id = added.get("id").asText();

    CliTest.Run match = lantern("signals", "match", "--data", data, "--type", "pdq", NEAR_PDQ);
    assertThat(match.status()).as(match.err()).isZero();
    JsonNode answer = lines(match.out()).get(0);
    assertThat(answer.get("note").asText()).isEqualTo("A match is a lead for investigation, not evidence.");
    assertThat(answer.get("matches")).hasSize(1);
    JsonNode hit = answer.get("matches").get(0);
    assertThat(hit.get("id").asText()).isEqualTo(id);
    assertThat(hit.get("hash").asText()).isEqualTo(PDQ);
    assertThat(hit.get("distance").asInt()).isEqualTo(3);
    assertThat(hit.get("contributor").asText()).isEqualTo("mega");
    assertThat(hit.get("categories").get(0).asText()).isEqualTo("csam");

    CliTest.Run get = lantern("signals", "get", "--data", data, id);
    JsonNode signal = lines(get.out()).get(0);
    assertThat(signal.get("status").asText()).isEqualTo("active");
    assertThat(signal.get("visibility").asText()).isEqualTo("all");

    CliTest.Run wrongParticipant = lantern("signals", "retract", "--data", data, "--as", "meta", id);
    assertThat(wrongParticipant.status()).isEqualTo(2);
    assertThat(lines(wrongParticipant.out()).get(0).get("error").get("code").asText()).isEqualTo("forbidden");

    CliTest.Run retract = lantern("signals", "retract", "--data", data, "--as", "mega", id);
    assertThat(retract.status()).as(retract.err()).isZero();
    assertThat(lines(retract.out()).get(0).get("status").asText()).isEqualTo("retracted");
    assertThat(lines(lantern("signals", "match", "--data", data, "--type", "pdq", NEAR_PDQ).out()).get(0).get("matches")).isEmpty();

    CliTest.Run verify = lantern("signals", "verify", "--data", data);
    assertThat(verify.status()).as(verify.out()).isZero();
  }

  @Test
  void badValuesAreReportedPerValueWithTheField() throws IOException {
    String data = tmp.resolve("data").toString();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "mega").status()).isZero();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "meta").status()).isZero();
    CliTest.Run add = lantern(
        "signals", "add", "--data", data, "--as", "mega", "--type", "url", "https://ok.example/a", "javascript:alert(1)");
    assertThat(add.status()).isEqualTo(2);
    List<JsonNode> results = lines(add.out());
    assertThat(results.get(0).get("status").asText()).isEqualTo("created");
    assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(results.get(1).get("error").get("code").asText()).isEqualTo("invalid_url");
    assertThat(results.get(1).get("error").get("field").asText()).isEqualTo("value");

    CliTest.Run badType = lantern("signals", "add", "--data", data, "--as", "mega", "--type", "tlsh", "abc");
    assertThat(badType.status()).isEqualTo(2);
    assertThat(lines(badType.out()).get(0).get("error").get("code").asText()).isEqualTo("unknown_type");

    CliTest.Run badExpiry = lantern("signals", "add", "--data", data, "--as", "mega", "--type", "md5", "--expires", "tomorrow", "abc");
    assertThat(badExpiry.status()).isEqualTo(2);
    assertThat(badExpiry.err()).contains("--expires").doesNotContain("Exception");

    CliTest.Run url = lantern("signals", "match", "--data", data, "--type", "url", "https://ok.example/a/b?utm_source=x");
    JsonNode hit = lines(url.out()).get(0).get("matches").get(0);
    assertThat(hit.get("kind").asText()).isEqualTo("prefix");
  }

  @Test
  void accountLookupsNeverEchoTheIdentifier() throws IOException {
    String data = tmp.resolve("data").toString();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "mega").status()).isZero();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "meta").status()).isZero();
    assertThat(lantern("signals", "add", "--data", data, "--as", "meta", "--type", "email", "Someone@Example.org").status()).isZero();
    CliTest.Run match = lantern("signals", "match", "--data", data, "--type", "email", "someone@example.ORG");
    assertThat(match.status()).as(match.err()).isZero();
    assertThat(match.out()).doesNotContain("someone").doesNotContain("Someone");
    assertThat(lines(match.out()).get(0).get("matches")).hasSize(1);
  }
}
