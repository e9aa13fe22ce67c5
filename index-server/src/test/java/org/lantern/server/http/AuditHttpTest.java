package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.participant.Caller;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * {@code /v1/audit/verify} and {@code /v1/audit/export} over a real socket, and what the other
 * routes leave in the audit log: participant administration, one entry per hash-list lookup.
 * A fresh exchange per test, since some of them damage the log.
 */
class AuditHttpTest {
  static final String PDQ = HttpApiTest.PDQ;

  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServerFixture(dir, ServerFixture.testLimits());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** The export's lines as JSON, in order. */
  static List<JsonNode> lines(Answer export) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : export.body().split("\n")) {
      if (!line.isEmpty()) {
        out.add(ServerFixture.JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void verifyIsForAdminsAndReportsTheChain() {
    f.get("/v1/stats", f.reader); // something to check besides the fixture's set-up
    Answer report = f.get("/v1/audit/verify", f.admin);
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.json().path("intact").asBoolean()).isTrue();
    assertThat(report.json().path("entries_checked").asLong()).isPositive();
    assertThat(report.json().path("first_bad_sequence").isNull()).isTrue();
    assertThat(report.json().path("reason").isNull()).isTrue();
    assertThat(report.json().path("head_hash").asText()).matches("[0-9a-f]{64}");

    for (String key : List.of(f.reader, f.filehost, f.platform)) {
      Answer denied = f.get("/v1/audit/verify", key);
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.error().path("code").asText()).isEqualTo("forbidden");
      assertThat(f.get("/v1/audit/export", key).status()).isEqualTo(403);
    }
    assertThat(f.get("/v1/audit/verify", null).status()).isEqualTo(401);
    assertThat(f.get("/v1/audit/export", null).status()).isEqualTo(401);
  }

  @Test
  void exportIsNdjsonOfTheStoredEntriesAndRecordsItself() throws Exception {
    Answer first = f.get("/v1/audit/export", f.admin);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.contentType()).startsWith("application/x-ndjson");
    List<JsonNode> entries = lines(first);
    assertThat(entries).isNotEmpty();
    for (int i = 0; i < entries.size(); i++) {
      assertThat(entries.get(i).path("seq").asLong()).isEqualTo(i + 1);
      assertThat(entries.get(i).path("hash").asText()).matches("[0-9a-f]{64}");
    }
    // Byte for byte what is on disk (the export is the auditor's copy, not a re-encoding).
    String onDisk = Files.readString(auditDir().resolve("audit-000001.jsonl"), StandardCharsets.UTF_8);
    assertThat(onDisk).startsWith(first.body());

    // The first export is recorded, and so are the check and the next export.
    assertThat(f.get("/v1/audit/verify", f.admin).status()).isEqualTo(200);
    List<JsonNode> second = lines(f.get("/v1/audit/export?since=" + entries.get(0).path("time").asText(), f.admin));
    List<String> ops = second.stream().map(e -> e.path("op").asText()).toList();
    assertThat(ops).contains("audit_export", "audit_verify");
    JsonNode export = second.stream().filter(e -> e.path("op").asText().equals("audit_export")).findFirst().orElseThrow();
    assertThat(export.path("participant").asText()).isEqualTo("admin");

    // since: the entries from then on; a time after the last entry exports nothing.
    assertThat(f.get("/v1/audit/export?since=2999-01-01T00:00:00Z", f.admin).body()).isEmpty();
  }

  @Test
  void badSinceIs400() {
    for (String since : List.of("yesterday", "2026-13-01T00:00:00Z", "1700000000", "2026-01-01")) {
      Answer bad = f.get("/v1/audit/export?since=" + since, f.admin);
      assertThat(bad.status()).as(since).isEqualTo(400);
      assertThat(bad.error().path("field").asText()).isEqualTo("since");
      assertThat(bad.error().path("code").asText()).isEqualTo("invalid_time");
    }
  }

  @Test
  void participantAdministrationThroughHttpIsAudited() throws Exception {
    assertThat(f.post("/v1/admin/participants", f.admin, "{\"id\":\"auditee\",\"roles\":[\"reader\"]}").status()).isEqualTo(201);
    Answer key = f.post("/v1/admin/participants/auditee/keys", f.admin, null);
    String keyId = key.json().path("key_id").asText();
    f.post("/v1/admin/participants/auditee/suspend", f.admin, null);
    f.post("/v1/admin/participants/auditee/reactivate", f.admin, null);
    f.send("DELETE", "/v1/admin/participants/auditee/keys/" + keyId, f.admin, null, null);
    // A refused attempt (not an admin) changes nothing and is not recorded as a change.
    assertThat(f.post("/v1/admin/participants", f.reader, "{\"id\":\"sneaky\",\"roles\":[\"admin\"]}").status()).isEqualTo(403);

    Answer export = f.get("/v1/audit/export", f.admin);
    List<JsonNode> byAdmin = lines(export).stream().filter(e -> e.path("participant").asText().equals("admin")).toList();
    List<String> ops = byAdmin.stream().map(e -> e.path("op").asText() + " " + e.path("detail").asText()).toList();
    assertThat(ops).containsSubsequence(
        "participant_add auditee", "key_create auditee " + keyId, "participant_suspend auditee",
        "participant_reactivate auditee", "key_revoke auditee " + keyId);
    assertThat(export.body()).doesNotContain("sneaky").doesNotContain(key.json().path("key").asText());
  }

  @Test
  void aListOfPerceptualHashesIsOneAuditedLookup() throws Exception {
    Answer shared = f.post("/v1/signals", f.platform, "{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + PDQ + "\",\"categories\":[\"csam\"]}]}");
    String id = shared.json().at("/results/0/id").asText();
    Answer many = f.post("/v1/match/hashes", f.reader,
        "{\"type\":\"pdq\",\"hashes\":[\"" + PDQ + "\",\"" + HttpApiTest.PDQ_NEAR + "\",\"" + "0".repeat(64) + "\"],\"max_distance\":8}");
    assertThat(many.status()).as(many.body()).isEqualTo(200);
    assertThat(many.json().path("results")).hasSize(3);
    assertThat(many.json().at("/results/1/query").asText()).isEqualTo(HttpApiTest.PDQ_NEAR);
    assertThat(many.json().at("/results/1/matches/0/id").asText()).isEqualTo(id);
    assertThat(many.json().at("/results/2/matches")).isEmpty();
    // A bad hash: 400 with its position, nothing looked up.
    Answer bad = f.post("/v1/match/hashes", f.reader, "{\"type\":\"pdq\",\"hashes\":[\"" + PDQ + "\",\"" + PDQ + "\",\"abc\"]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error().path("field").asText()).isEqualTo("hashes[2]");

    List<JsonNode> lookups = lines(f.get("/v1/audit/export", f.admin)).stream()
        .filter(e -> e.path("participant").asText().equals("reader") && e.path("op").asText().equals("match_hashes"))
        .toList();
    assertThat(lookups).hasSize(2);
    assertThat(lookups.get(0).path("queries").asInt()).isEqualTo(3);
    assertThat(lookups.get(0).path("matches").asInt()).isEqualTo(2);
    assertThat(lookups.get(1).path("detail").asText()).startsWith("rejected");
  }

  @Test
  void aLargeExportIsStreamedWhole() throws Exception {
    // ~2,000 entries of ~300 bytes: well past what is held before the answer is committed.
    Caller operator = Caller.localOperator();
    for (int i = 0; i < 2_000; i++) {
      f.exchange.get(operator, "no-such-id-" + i);
    }
    Answer export = f.get("/v1/audit/export", f.admin);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body().length()).isGreaterThan(4 * StreamedAnswer.DEFAULT_THRESHOLD);
    assertThat(export.raw().headers().firstValue("transfer-encoding")).contains("chunked");
    List<JsonNode> entries = lines(export);
    for (int i = 0; i < entries.size(); i++) {
      assertThat(entries.get(i).path("seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(entries.size()).isGreaterThan(2_000);
    assertThat(Files.readString(auditDir().resolve("audit-000001.jsonl"), StandardCharsets.UTF_8)).startsWith(export.body());
  }

  @Test
  void aBrokenChainIsReportedByVerifyAndAtTheEndOfTheExport() throws Exception {
    Caller operator = Caller.localOperator();
    for (int i = 0; i < 1_000; i++) {
      f.exchange.get(operator, "no-such-id-" + i);
    }
    Path segment = auditDir().resolve("audit-000001.jsonl");
    // Once early (the answer is still held in memory) and once late (it is already streaming).
    for (int entry : new int[] {3, 900}) {
      long offset = offsetOfEntry(segment, entry) + 10;
      byte original = read(segment, offset);
      poke(segment, offset, (byte) (original ^ 0x01));
      try {
        Answer report = f.get("/v1/audit/verify", f.admin);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().path("intact").asBoolean()).isFalse();
        assertThat(report.json().path("first_bad_sequence").asLong()).isEqualTo(entry);
        assertThat(report.json().path("entries_checked").asLong()).isEqualTo(entry - 1);
        assertThat(report.json().path("reason").asText()).isNotEmpty();

        Answer export = f.get("/v1/audit/export", f.admin);
        assertThat(export.status()).isEqualTo(200);
        List<JsonNode> lines = lines(export);
        assertThat(lines).hasSize(entry); // entry - 1 intact entries, then the error
        assertThat(lines.get(entry - 2).path("seq").asLong()).isEqualTo(entry - 1);
        JsonNode error = lines.get(entry - 1).path("error");
        assertThat(error.path("code").asText()).isEqualTo("audit_chain_broken");
        assertThat(error.path("message").asText()).contains("entry " + entry);
      } finally {
        poke(segment, offset, original);
      }
    }
    assertThat(f.get("/v1/audit/verify", f.admin).json().path("intact").asBoolean()).isTrue();
  }

  private Path auditDir() {
    return f.dir.resolve("data").resolve(AuditLog.DIRECTORY_NAME);
  }

  private static long offsetOfEntry(Path segment, int entry) throws IOException {
    byte[] bytes = Files.readAllBytes(segment);
    int line = 1;
    for (int i = 0; i < bytes.length && line < entry; i++) {
      if (bytes[i] == '\n' && ++line == entry) {
        return i + 1;
      }
    }
    if (entry == 1) {
      return 0;
    }
    throw new IllegalStateException("no entry " + entry + " in " + segment);
  }

  private static byte read(Path file, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      return one.get(0);
    }
  }

  private static void poke(Path file, long offset, byte value) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {value}), offset);
    }
  }
}
