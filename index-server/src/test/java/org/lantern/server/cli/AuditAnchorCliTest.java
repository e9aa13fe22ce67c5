package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lantern.server.cli.CliTest.lantern;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.BrokenAuditLogException;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;

/**
 * Anchoring the audit log (issue 14): {@code lantern audit head}, {@code lantern audit verify
 * --expect SEQ:HASH}, and the check before the exchange opens its log for writing. The two edits a
 * hash chain alone cannot reveal — cutting off the newest entries, and rewriting the last one with
 * a recomputed hash — each pass a plain {@code verify} here (shown, so the test proves the anchor
 * is what catches them) and fail against the anchor and at start.
 */
class AuditAnchorCliTest {
  @TempDir Path tmp;
  Path data;
  Path segment;

  /** An exchange with a few audited operations, closed cleanly (its verified point recorded). */
  @BeforeEach
  void writeLog() {
    data = tmp.resolve("data");
    try (Exchange exchange = open(false)) {
      exchange.administration().add(Caller.localOperator(), "a", "a", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      Caller a = exchange.participants().caller("a").orElseThrow();
      for (int i = 0; i < 4; i++) {
        exchange.submit(a, List.of(SignalSubmission.of("md5", String.format("%032x", i))));
      }
    }
    segment = data.resolve(AuditLog.DIRECTORY_NAME).resolve("audit-000001.jsonl");
  }

  private Exchange open(boolean acceptBroken) {
    return Exchange.open(ExchangeConfig.defaults(data).withIntervals(Duration.ZERO, Duration.ZERO), acceptBroken);
  }

  private AuditHead head() {
    CliTest.Run run = lantern("audit", "head", "--data", data.toString());
    assertThat(run.status()).as(run.err()).isZero();
    return AuditHead.parse(run.out().strip());
  }

  @Test
  void headPrintsTheNewestEntryAndVerifyExpectAcceptsIt() throws Exception {
    AuditHead head = head();
    List<String> lines = Files.readAllLines(segment);
    assertThat(head.sequence()).isEqualTo(lines.size());
    assertThat(head.hash()).isEqualTo(sha256Hex(lines.get(lines.size() - 1) + "\n"));
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString(), "--expect", head.toString());
    assertThat(run.status()).as(run.out() + run.err()).isZero();
    // An older anchor holds too: the log only grows.
    run = lantern("audit", "verify", "--data", data.toString(), "--expect", "2:" + sha256Hex(lines.get(1) + "\n"));
    assertThat(run.status()).as(run.out() + run.err()).isZero();
  }

  @Test
  void cuttingOffTheNewestEntriesFailsAgainstTheAnchor() throws Exception {
    AuditHead head = head();
    List<String> lines = Files.readAllLines(segment);
    Files.writeString(segment, String.join("\n", lines.subList(0, lines.size() - 2)) + "\n");
    assertThat(lantern("audit", "verify", "--data", data.toString()).status()).as("a chain alone cannot see it").isZero();
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString(), "--expect", head.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("broken at entry " + (head.sequence() - 1)).contains("missing");
  }

  @Test
  void rewritingTheLastEntryWithARecomputedHashFailsAgainstTheAnchor() throws Exception {
    AuditHead head = head();
    rewriteLastEntry();
    assertThat(lantern("audit", "verify", "--data", data.toString()).status()).as("a chain alone cannot see it").isZero();
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString(), "--expect", head.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("broken at entry " + head.sequence()).contains("the anchor says");
  }

  @Test
  void aMalformedAnchorIsABadArgument() {
    CliTest.Run run = lantern("audit", "verify", "--data", data.toString(), "--expect", "12:abc");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--expect").contains("SEQ:HASH");
  }

  @Test
  void theExchangeRefusesToStartOnALogCutBackWhileStopped() throws Exception {
    List<String> lines = Files.readAllLines(segment);
    Files.writeString(segment, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
    assertThatThrownBy(() -> open(false)).isInstanceOf(BrokenAuditLogException.class)
        .hasMessageContaining("missing").hasMessageContaining("--accept-broken-audit");
  }

  @Test
  void theExchangeRefusesToStartOnALastEntryRewrittenWhileStopped() throws Exception {
    rewriteLastEntry();
    assertThatThrownBy(() -> open(false)).isInstanceOf(BrokenAuditLogException.class)
        .hasMessageContaining("the anchor says");
  }

  @Test
  void serveRefusesToStartOnAnEditedByteAndAcceptBrokenAuditIsRecorded() throws Exception {
    String text = Files.readString(segment);
    int at = text.indexOf("\"queries\":1");
    Files.writeString(segment, text.substring(0, at) + "\"queries\":7" + text.substring(at + "\"queries\":1".length()));

    // In a thread, so that a serve that wrongly starts fails the test instead of hanging it.
    CompletableFuture<CliTest.Run> serve = CompletableFuture.supplyAsync(
        () -> lantern("serve", "--data", data.toString(), "--port", "0", "--access-log", "off"));
    CliTest.Run run = serve.get(60, TimeUnit.SECONDS);
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("audit log").contains("broken").contains("--accept-broken-audit");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");

    try (Exchange accepted = open(true)) {
      assertThat(accepted.storedSignals()).isEqualTo(4);
    }
    assertThat(Files.readString(segment)).contains("\"op\":\"audit_broken_accepted\"").contains("broken at entry");
    // Accepting once does not mend the chain: the next start refuses again without the flag.
    assertThatThrownBy(() -> open(false)).isInstanceOf(BrokenAuditLogException.class);
  }

  /** Changes the last entry's content and recomputes its own hash: a valid chain, a different log. */
  private void rewriteLastEntry() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(segment));
    String last = lines.get(lines.size() - 1);
    int hashAt = last.lastIndexOf(",\"hash\":\"");
    String content = last.substring(0, hashAt).replaceFirst("\"participant\":\"[^\"]*\"", "\"participant\":\"nobody\"");
    assertThat(content).isNotEqualTo(last.substring(0, hashAt));
    lines.set(lines.size() - 1, content + ",\"hash\":\"" + sha256Hex(content) + "\"}");
    Files.writeString(segment, String.join("\n", lines) + "\n");
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
