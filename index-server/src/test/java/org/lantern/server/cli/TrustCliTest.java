package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's visibility rules at the command-line doors: {@code lantern signals add --visibility}
 * and {@code lantern load --visibility} refuse recipients that are not existing participants
 * (exact case), and a list naming nobody; a recipient reading through {@code signals get --as}
 * does not see who else received the signal.
 */
class TrustCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MD5 = "0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  String data;

  @BeforeEach
  void participants() {
    data = tmp.resolve("data").toString();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "a").status()).isZero();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "reader", "b").status()).isZero();
    assertThat(lantern("participants", "add", "--data", data, "--roles", "contributor,reader", "c").status()).isZero();
  }

  @Test
  void signalsAddRefusesAMisCasedOrUnknownRecipient() throws IOException {
    for (String recipient : new String[] {"C", "nobody"}) {
      CliTest.Run add = lantern("signals", "add", "--data", data, "--as", "a", "--type", "md5", "--visibility", recipient, MD5);
      assertThat(add.status()).as(add.out() + add.err()).isEqualTo(2);
      JsonNode result = JSON.readTree(add.out().lines().findFirst().orElseThrow());
      assertThat(result.path("status").asText()).isEqualTo("rejected");
      assertThat(result.path("error").path("code").asText()).isEqualTo("unknown_participant");
      assertThat(result.path("error").path("message").asText()).contains("'" + recipient + "'");
    }
  }

  @Test
  void loadRefusesAVisibilityNamingNobodyOrAnUnknownRecipient() throws IOException {
    Path input = tmp.resolve("hashes.txt");
    Files.writeString(input, MD5 + "\n");
    CliTest.Run nobody = lantern("load", "--data", data, "--as", "a", "--quiet", "--type", "md5", "--visibility", " , ", input.toString());
    assertThat(nobody.status()).isEqualTo(2);
    assertThat(nobody.err()).contains("--visibility").contains("names no participant");

    Path rejects = tmp.resolve("rejects.txt");
    CliTest.Run misCased = lantern("load", "--data", data, "--as", "a", "--quiet", "--type", "md5", "--visibility", "C",
        "--rejects", rejects.toString(), input.toString());
    assertThat(misCased.status()).as(misCased.err()).isEqualTo(2);
    assertThat(Files.readString(rejects)).contains("visibility[0]").contains("'C' is not a participant");
    CliTest.Run match = lantern("signals", "match", "--data", data, "--as", "c", "--type", "md5", MD5);
    assertThat(JSON.readTree(match.out().lines().findFirst().orElseThrow()).path("matches").size()).isZero();
  }

  @Test
  void aRecipientDoesNotSeeTheOtherRecipients() throws IOException {
    CliTest.Run add = lantern("signals", "add", "--data", data, "--as", "a", "--type", "md5", "--visibility", "b", "--visibility", "c", MD5);
    assertThat(add.status()).as(add.err()).isZero();
    String id = JSON.readTree(add.out().lines().findFirst().orElseThrow()).path("id").asText();
    JsonNode asB = JSON.readTree(lantern("signals", "get", "--data", data, "--as", "b", id).out().lines().findFirst().orElseThrow());
    assertThat(asB.path("visibility").toString()).isEqualTo("[\"b\"]");
    JsonNode asA = JSON.readTree(lantern("signals", "get", "--data", data, "--as", "a", id).out().lines().findFirst().orElseThrow());
    assertThat(asA.path("visibility").toString()).isEqualTo("[\"b\",\"c\"]");
  }
}
