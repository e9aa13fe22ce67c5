package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.audit.AuditEntry;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.testing.MutableClock;

/** {@code lantern audit verify|export} on a real audit log: exit statuses, output, the export's JSON. */
class AuditCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;
  Path data;
  List<AuditEntry> entries = new ArrayList<>();

  /** Five entries an hour apart, from 2026-01-01T00:00Z. */
  @BeforeEach
  void writeLog() {
    data = tmp.resolve("data");
    MutableClock clock = new MutableClock(T0);
    try (AuditLog log = AuditLog.open(data.resolve("audit"), clock)) {
      entries.add(log.append(AuditEvent.of("mega", "submit", List.of("pdq", "md5"), 200)));
      clock.advance(Duration.ofHours(1));
      entries.add(log.append(AuditEvent.lookup("meta", "match_hashes", List.of("pdq"), 3, List.of("abcdefghijklmnopqrstuvwxyz"))));
      clock.advance(Duration.ofHours(1));
      entries.add(log.append(AuditEvent.lookup("platform \"x\"", "match_exact", List.of("email"), 1, List.of())));
      clock.advance(Duration.ofHours(1));
      entries.add(log.append(AuditEvent.of("mega", "retract", List.of("pdq"), 1).withDetail("contributor's request")));
      clock.advance(Duration.ofHours(1));
      entries.add(log.append(AuditEvent.of("meta", "feed", List.of(), 0)));
    }
  }

  private List<JsonNode> jsonLines(String text) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void verifyPrintsTheHeadOfAnIntactLog() {
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("5 entries checked, intact (head: entry 5, sha256 ");
  }

  @Test
  void verifyNamesTheFirstBrokenEntryAndExitsWithOne() throws IOException {
    Path segment = data.resolve("audit").resolve("audit-000001.jsonl");
    String text = Files.readString(segment);
    Files.writeString(segment, text.replace("\"queries\":3", "\"queries\":4"));
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("1 entries checked, broken at entry 2: content does not match its hash");

    // A removed entry is named too.
    List<String> lines = new ArrayList<>(text.lines().toList());
    lines.remove(3);
    Files.writeString(segment, String.join("\n", lines) + "\n");
    run = lantern("audit", "verify", "--data", data.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("broken at entry 4: sequence 5 out of order");
  }

  @Test
  void badArgumentsExitWithTwo() {
    CliTest.Run missing = lantern("audit", "verify");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("--data");

    CliTest.Run nowhere = lantern("audit", "verify", "--data", tmp.resolve("nowhere").toString());
    assertThat(nowhere.status()).isEqualTo(2);
    assertThat(nowhere.err()).contains("no audit log in").doesNotContain("Exception");

    CliTest.Run badSince = lantern("audit", "export", "--data", data.toString(), "--since", "yesterday");
    assertThat(badSince.status()).isEqualTo(2);
    assertThat(badSince.err()).contains("--since").doesNotContain("Exception");

    CliTest.Run noCommand = lantern("audit");
    assertThat(noCommand.status()).isEqualTo(2);
    assertThat(noCommand.err()).contains("verify or export");
  }

  @Test
  void exportWritesJsonLinesFromSinceOn() throws IOException {
    CliTest.Run run = lantern("audit", "export", "--data", data.toString(), "--since", "2026-01-01T02:00:00Z");
    assertThat(run.status()).as(run.err()).isZero();
    List<JsonNode> lines = jsonLines(run.out());
    assertThat(lines).hasSize(3);
    JsonNode first = lines.get(0);
    assertThat(first.get("seq").asLong()).isEqualTo(3);
    assertThat(first.get("time").asText()).isEqualTo("2026-01-01T02:00:00.000000Z");
    assertThat(first.get("participant").asText()).isEqualTo("platform \"x\"");
    assertThat(first.get("op").asText()).isEqualTo("match_exact");
    assertThat(first.get("types").get(0).asText()).isEqualTo("email");
    assertThat(first.get("queries").asInt()).isEqualTo(1);
    assertThat(first.get("matches").asInt()).isZero();
    assertThat(first.get("matched_ids")).isEmpty();
    assertThat(first.has("detail")).isFalse();
    assertThat(first.get("prev").asText()).isEqualTo(entries.get(2).previousHash());
    assertThat(first.get("hash").asText()).hasSize(64);
    assertThat(lines.get(1).get("detail").asText()).isEqualTo("contributor's request");

    // Everything, into a file: the file is the log itself, line for line.
    Path file = tmp.resolve("export.jsonl");
    CliTest.Run all = lantern("audit", "export", "--data", data.toString(), "--out", file.toString());
    assertThat(all.status()).as(all.err()).isZero();
    assertThat(all.out()).isEmpty();
    assertThat(all.err()).contains("exported 5 entries to");
    assertThat(Files.readString(file)).isEqualTo(Files.readString(data.resolve("audit").resolve("audit-000001.jsonl")));
  }

  @Test
  void exportOfABrokenLogStopsAtTheBreakAndExitsWithOne() throws IOException {
    Path segment = data.resolve("audit").resolve("audit-000001.jsonl");
    Files.writeString(segment, Files.readString(segment).replace("\"op\":\"retract\"", "\"op\":\"get\""));
    CliTest.Run run = lantern("audit", "export", "--data", data.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(jsonLines(run.out())).hasSize(3);
    assertThat(run.err()).contains("broken at entry 4");
  }
}
