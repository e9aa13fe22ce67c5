package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.testing.LanternProcess;

/**
 * Issue 14, acceptance 3: the audit record of a write is durable no later than the write. A child
 * JVM runs {@code lantern serve}; participant a streams batches of submits (up to 300 signals) and
 * retractions, participant b streams lookups, all over real sockets; at a random moment the child
 * is SIGKILLed. After each restart: the audit chain verifies; every stored signal's last change
 * (its {@code sequence}, which admins see) is named by an audit entry that lists its id and whose
 * change range ({@code changes A-B}) covers it; and b's answered lookups are all in the log.
 *
 * <p>10 rounds by default; {@code -Dtests.iterations=N} runs 10 × N (the long run: {@code ./mvnw
 * -B -pl index-server -am verify -Dtest=AuditCrashTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtests.iterations=10}).
 */
class AuditCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RANGE = Pattern.compile("changes (\\d+)-(\\d+)");

  @TempDir Path dir;
  private final List<LanternProcess> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (LanternProcess p : children) {
      p.kill();
    }
  }

  @Test
  void everyStoredSignalsLastChangeIsAuditedAfterSigkill() throws Exception {
    SplittableRandom random = TestSeeds.random("audit-kill");
    Path data = dir.resolve("data");
    Path config = dir.resolve("lantern.properties");
    Files.writeString(config, """
        store.signals_per_generation=1024
        text.commit_millis=40
        server.rate_per_second=1000000
        server.rate_burst=1000000
        server.max_batch=1000
        """);
    int rounds = TestSeeds.iterations(10);
    LanternProcess child = start(data, config);
    String admin = Files.readString(data.resolve("admin.key")).strip();
    assertThat(child.post(admin, "/v1/admin/participants", "{\"id\":\"a\",\"roles\":[\"contributor\",\"reader\"]}").status()).isEqualTo(201);
    assertThat(child.post(admin, "/v1/admin/participants", "{\"id\":\"b\",\"roles\":[\"reader\"]}").status()).isEqualTo(201);
    String a = JSON.readTree(child.post(admin, "/v1/admin/participants/a/keys", "").body()).path("key").asText();
    String b = JSON.readTree(child.post(admin, "/v1/admin/participants/b/keys", "").body()).path("key").asText();
    List<String> acked = Collections.synchronizedList(new ArrayList<>());
    AtomicLong answeredLookups = new AtomicLong();
    for (int round = 0; round < rounds; round++) {
      String context = "round " + round + " " + TestSeeds.describe();
      streamUntilKilled(child, a, b, random, acked, answeredLookups, context);
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      child = start(data, config);
      check(child, admin, answeredLookups.get(), context);
    }
  }

  /** a submits and retracts, b looks up, until the child is SIGKILLed 0–400 ms after the first answer. */
  private void streamUntilKilled(LanternProcess child, String a, String b, SplittableRandom random, List<String> acked,
      AtomicLong answeredLookups, String context) throws Exception {
    long killAfterMillis = random.nextInt(400);
    CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    boolean[] killed = {false};
    SplittableRandom forA = random.split();
    SplittableRandom forB = random.split();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<?>> streams = new ArrayList<>();
      streams.add(pool.submit(() -> {
        while (true) {
          LanternProcess.Answer r;
          try {
            if (!acked.isEmpty() && forA.nextInt(4) == 0) {
              r = child.post(a, "/v1/signals/" + acked.get(forA.nextInt(acked.size())) + "/retract", "");
            } else {
              ArrayNode signals = JSON.createArrayNode();
              for (int i = 1 + forA.nextInt(300); i > 0; i--) {
                ObjectNode s = signals.addObject().put("type", "md5").put("value", String.format("%032x", forA.nextInt(20_000)));
                s.put("note", "n" + forA.nextInt(3));
              }
              ObjectNode body = JSON.createObjectNode();
              body.set("signals", signals);
              r = child.post(a, "/v1/signals", body.toString());
              if (r.status() == 200) {
                for (JsonNode result : JSON.readTree(r.body()).path("results")) {
                  acked.add(result.path("id").asText());
                }
              }
            }
          } catch (IOException e) {
            synchronized (killed) {
              assertThat(killed[0]).as("%s: a request failed before the kill: %s", context, e).isTrue();
            }
            return null;
          }
          assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(200);
          firstAnswer.complete(null);
        }
      }));
      streams.add(pool.submit(() -> {
        while (true) {
          LanternProcess.Answer r;
          try {
            r = child.post(b, "/v1/match/hashes",
                "{\"type\":\"md5\",\"hashes\":[\"" + String.format("%032x", forB.nextInt(20_000)) + "\"]}");
          } catch (IOException e) {
            return null;
          }
          assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(200);
          answeredLookups.incrementAndGet();
        }
      }));
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!firstAnswer.isDone()) {
          for (Future<?> s : streams) {
            if (s.isDone()) {
              s.get();
            }
          }
          assertThat(System.nanoTime()).as("%s: no answer within 60 s", context).isLessThan(deadline);
          Thread.sleep(5);
        }
        Thread.sleep(killAfterMillis);
      } finally {
        synchronized (killed) {
          killed[0] = true;
        }
        child.process.destroyForcibly(); // SIGKILL
      }
      for (Future<?> s : streams) {
        s.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** The chain verifies; every stored signal's last change has its entry; b's lookups are all there. */
  private void check(LanternProcess child, String admin, long answeredLookups, String context) throws Exception {
    JsonNode verify = JSON.readTree(child.get(admin, "/v1/audit/verify").body());
    assertThat(verify.path("intact").asBoolean()).as("%s: %s", context, verify).isTrue();

    Map<String, List<JsonNode>> entriesById = new HashMap<>();
    long lookupsByB = 0;
    for (String line : child.get(admin, "/v1/audit/export").body().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode entry = JSON.readTree(line);
      assertThat(entry.has("error")).as("%s: %s", context, line).isFalse();
      if (entry.path("participant").asText().equals("b") && entry.path("op").asText().startsWith("match")) {
        lookupsByB++;
      }
      for (JsonNode id : entry.path("matched_ids")) {
        entriesById.computeIfAbsent(id.asText(), k -> new ArrayList<>()).add(entry);
      }
    }
    assertThat(lookupsByB).as("%s: answered lookups of b without an audit entry", context).isGreaterThanOrEqualTo(answeredLookups);

    int checked = 0;
    String cursor = "";
    while (true) {
      JsonNode page = JSON.readTree(child.get(admin, "/v1/updates?limit=10000&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).body());
      for (JsonNode update : page.path("updates")) {
        JsonNode signal = update.path("signal");
        String id = signal.path("id").asText();
        String status = signal.path("status").asText();
        long sequence = signal.path("sequence").asLong();
        List<JsonNode> entries = entriesById.getOrDefault(id, List.of());
        List<String> writeOps = status.equals("active") ? List.of("submit", "recovered_writes") : List.of("retract", "recovered_writes");
        assertThat(entries).as("%s: stored %s signal %s has no %s entry", context, status, id, writeOps)
            .anySatisfy(e -> assertThat(e.path("op").asText()).isIn(writeOps));
        assertThat(entries).as("%s: the last change (%d) of %s is in no entry's change range", context, sequence, id)
            .anySatisfy(e -> assertThat(covers(e.path("detail").asText(), sequence)).isTrue());
        checked++;
      }
      if (!page.path("more").asBoolean()) {
        break;
      }
      cursor = page.path("next_cursor").asText();
    }
    assertThat(checked).as(context).isPositive();
  }

  private static boolean covers(String detail, long sequence) {
    Matcher m = RANGE.matcher(detail);
    while (m.find()) {
      if (Long.parseLong(m.group(1)) <= sequence && sequence <= Long.parseLong(m.group(2))) {
        return true;
      }
    }
    return false;
  }

  private LanternProcess start(Path data, Path config) throws Exception {
    LanternProcess child = LanternProcess.serve(data, config, 0);
    children.add(child);
    return child;
  }
}
