package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeCrashTest;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.testing.LanternProcess;

/**
 * The signals issue's crash test, through HTTP: a child JVM runs {@code lantern serve} on a data
 * directory; this test POSTs batches of mixed signals over real sockets from two participants at
 * once and records every id answered with 200; at a random moment it SIGKILLs the child, with
 * requests in flight. A new child then starts on the same directory, reports that it recovered,
 * and every acknowledged id is found by {@code GET /v1/signals/{id}} and matched by its own type's
 * lookup route. The last child is stopped with SIGTERM instead, and the next one must find a clean
 * stop. 5 rounds by default; {@code -Dtests.iterations=N} runs 5 × N.
 *
 * <p>What a kill can interrupt here and not in the exchange's own crash test: a request whose
 * answer was being written, or was written but not yet read. Neither is acknowledged, so neither
 * is checked; what must never happen is a 200 for a signal that is then missing.
 */
class HttpCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TYPES = {"pdq", "phash", "dhash", "md5", "sha256", "url", "keyword", "email", "username"};

  @TempDir Path dir;
  private final List<LanternProcess> children = new ArrayList<>();

  private record Acked(String type, String id, String value) {}

  @Test
  void everySignalAcknowledgedOverHttpSurvivesSigkill() throws Exception {
    SplittableRandom random = TestSeeds.random("http-kill");
    Path data = dir.resolve("data");
    Path config = dir.resolve("lantern.properties");
    // Small Chronicle generations (256, then 512, 1024, ...) and frequent text commits, so that
    // kills land across roll-overs and commits; no rate limit in the way of the checks.
    Files.writeString(config, """
        store.signals_per_generation=256
        index.hash_capacity=100000
        text.commit_millis=40
        server.rate_per_second=1000000
        server.rate_burst=1000000
        """);
    Map<String, Acked> acked = new ConcurrentHashMap<>();
    int rounds = TestSeeds.iterations(5);
    String admin = null;
    List<String> contributors = new ArrayList<>();
    LanternProcess child = start(data, config);
    for (int round = 0; round < rounds; round++) {
      String context = "round " + round + " " + TestSeeds.describe();
      if (round == 0) {
        assertThat(child.banner).as(context).doesNotContain("recovered");
        admin = Files.readString(data.resolve("admin.key")).strip();
        for (String id : List.of("host-a", "platform-b")) {
          assertThat(child.post(admin, "/v1/admin/participants", "{\"id\":\"" + id + "\",\"roles\":[\"contributor\",\"reader\"]}").status())
              .isEqualTo(201);
          contributors.add(JSON.readTree(child.post(admin, "/v1/admin/participants/" + id + "/keys", "").body()).path("key").asText());
        }
      }
      int before = acked.size();
      sendUntilKilled(child, contributors, random, acked, context);
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acked.size()).as("%s: nothing acknowledged before the kill (child output %s)", context, child.output)
          .isGreaterThan(before);

      child = start(data, config);
      assertThat(child.banner).as("%s: %s", context, child.output).contains("recovered after an unclean stop");
      checkAll(child, admin, acked.values(), context);
    }

    // A graceful stop (SIGTERM): in-flight requests finish, the exchange closes cleanly.
    child.process.destroy();
    assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    child = start(data, config);
    assertThat(child.banner).as(child.output.toString()).doesNotContain("recovered");
    checkAll(child, admin, acked.values(), "after SIGTERM " + TestSeeds.describe());
  }

  /** No child outlives the test, whether it passed or failed. */
  @AfterEach
  void killChildren() throws InterruptedException {
    for (LanternProcess p : children) {
      p.kill();
    }
  }

  /**
   * Two participants POST batches concurrently; a random time (0–1500 ms) after the first answer,
   * the child is SIGKILLed, with requests in flight. Every signal in a 200 answer is recorded.
   * Returns when both senders saw the child die.
   */
  private void sendUntilKilled(LanternProcess child, List<String> keys, SplittableRandom random, Map<String, Acked> acked, String context)
      throws Exception {
    // Counted from the first answer, not from the start: a cold child (C1 only) takes a while to
    // answer its first batches, and a kill before any answer would test nothing over HTTP.
    long killAfterMillis = random.nextInt(1_500);
    CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    boolean[] killed = {false};
    List<Future<?>> senders = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(keys.size())) {
      for (String key : keys) {
        SplittableRandom own = random.split();
        senders.add(pool.submit(() -> {
          while (true) {
            List<String[]> batch = new ArrayList<>();
            ArrayNode signals = JSON.createArrayNode();
            for (int i = 1 + own.nextInt(100); i > 0; i--) {
              String type = TYPES[own.nextInt(TYPES.length)];
              String value = value(type, own);
              batch.add(new String[] {type, value});
              signals.addObject().put("type", type).put("value", value).put("note", "n" + own.nextInt(3))
                  .putArray("categories").add("csam");
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("signals", signals);
            LanternProcess.Answer r;
            try {
              r = child.post(key, "/v1/signals", body.toString());
            } catch (IOException e) {
              synchronized (killed) {
                assertThat(killed[0]).as("%s: a request failed before the kill: %s", context, e).isTrue();
              }
              return null;
            }
            assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(200);
            firstAnswer.complete(null);
            JsonNode results = JSON.readTree(r.body()).path("results");
            assertThat(results.size()).isEqualTo(batch.size());
            for (JsonNode result : results) {
              assertThat(result.path("status").asText()).as("%s: %s", context, result).isIn("created", "updated", "unchanged");
              String[] sent = batch.get(result.path("index").asInt());
              acked.put(result.path("id").asText(), new Acked(sent[0], result.path("id").asText(), sent[1]));
            }
          }
        }));
      }
      try {
        // Wait for the first answer; a sender that fails before it ends the wait with its failure.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!firstAnswer.isDone()) {
          for (Future<?> sender : senders) {
            if (sender.isDone()) {
              sender.get(); // throws the sender's failure
            }
          }
          assertThat(System.nanoTime()).as("%s: no answer within 60 s", context).isLessThan(deadline);
          Thread.sleep(5);
        }
        Thread.sleep(killAfterMillis);
      } finally {
        // Also on failure: the senders stop only when the child is gone (and the pool waits for them).
        synchronized (killed) {
          killed[0] = true;
        }
        child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      }
      for (Future<?> sender : senders) {
        sender.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Every acknowledged signal: found by id, active, and matched by its type's lookup. */
  private void checkAll(LanternProcess child, String admin, Iterable<Acked> all, String context) throws Exception {
    Map<String, List<Acked>> byType = new ConcurrentHashMap<>();
    List<Acked> list = new ArrayList<>();
    for (Acked a : all) {
      list.add(a);
      byType.computeIfAbsent(a.type(), t -> Collections.synchronizedList(new ArrayList<>())).add(a);
    }
    // By id, 16 requests in flight.
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<Void>> gets = new ArrayList<>(list.size());
    for (Acked a : list) {
      inFlight.acquire();
      gets.add(child.getAsync(admin, "/v1/signals/" + a.id())
          .whenComplete((r, e) -> inFlight.release())
          .thenAccept(r -> {
            assertThat(r.status()).as("%s: acked %s not found: %s", context, a, r.body()).isEqualTo(200);
            assertThat(r.body()).as("%s: %s", context, a).contains("\"status\":\"active\"");
          }));
    }
    CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

    // By lookup, in lists of up to 500 values per request.
    for (Map.Entry<String, List<Acked>> e : byType.entrySet()) {
      String type = e.getKey();
      List<Acked> ofType = e.getValue();
      for (int from = 0; from < ofType.size(); from += 500) {
        List<Acked> chunk = ofType.subList(from, Math.min(ofType.size(), from + 500));
        Set<String> found = lookUp(child, admin, type, chunk, context);
        for (Acked a : chunk) {
          assertThat(found).as("%s: acked %s not matched", context, a).contains(a.id());
        }
      }
    }
  }

  /** The ids the lookup route for {@code type} answers for {@code chunk}'s values. */
  private Set<String> lookUp(LanternProcess child, String admin, String type, List<Acked> chunk, String context) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    String path;
    switch (type) {
      case "pdq", "phash", "dhash", "md5", "sha256" -> {
        path = "/v1/match/hashes";
        body.put("type", type).put("max_distance", 0).put("limit", 100);
        ArrayNode hashes = body.putArray("hashes");
        chunk.forEach(a -> hashes.add(a.value()));
      }
      case "url" -> {
        path = "/v1/match/urls";
        body.put("limit", 1000);
        ArrayNode urls = body.putArray("urls");
        chunk.forEach(a -> urls.add(a.value()));
      }
      case "email", "username" -> {
        path = "/v1/match/accounts";
        body.put("limit", 100);
        ArrayNode accounts = body.putArray("accounts");
        chunk.forEach(a -> accounts.addObject().put("type", type).put("value", a.value()));
      }
      case "keyword" -> {
        path = "/v1/match/text";
        StringBuilder text = new StringBuilder("text with");
        chunk.forEach(a -> text.append(" ").append(a.value()).append(" ;"));
        body.put("text", text.append(" inside").toString());
      }
      default -> throw new IllegalArgumentException(type);
    }
    LanternProcess.Answer r = child.post(admin, path, body.toString());
    assertThat(r.status()).as("%s: %s %s", context, path, r.body()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    JSON.readTree(r.body()).findValuesAsText("id").forEach(ids::add);
    return ids;
  }

  /** Starts {@code lantern serve} on {@code data} and waits for its "Lantern exchange on" line. */
  private LanternProcess start(Path data, Path config) throws Exception {
    LanternProcess child = LanternProcess.serve(data, config, 0);
    children.add(child);
    return child;
  }

  /** The same seeded values as the core crash test, so both exercise the same shapes. */
  static String value(String type, SplittableRandom random) {
    return ExchangeCrashTest.value(type, random);
  }
}
