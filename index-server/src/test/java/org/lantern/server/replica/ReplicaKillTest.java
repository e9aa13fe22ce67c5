package org.lantern.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeCrashTest;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.testing.LanternProcess;

/**
 * Issue 17, acceptance 2. The replica is SIGKILLed at random moments, during its catch-up over a
 * preloaded primary and then while following live writes (updates with visibility changes and
 * retractions among them); each restart resumes from its durable cursor (said in its banner, so
 * nothing is fetched twice but the page in hand), and after the last one it holds exactly what b
 * sees on the primary. Then the primary is SIGKILLed: the replica keeps answering lookups, reports
 * the failure and a growing lag, and catches up again once the primary is back on the same port.
 *
 * <p>10 rounds by default; {@code -Dtests.iterations=N} runs 10 × N. The seed and every kill
 * moment are in the failure message.
 */
class ReplicaKillTest {
  private static final String[] TYPES = {"pdq", "md5", "url", "keyword"};
  private static final List<List<String>> VISIBILITIES = List.of(List.of(), List.of("b"), List.of("c"), List.of("b", "c"));

  @TempDir Path dir;
  private final List<LanternProcess> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (LanternProcess p : processes) {
      p.kill();
    }
  }

  @Test
  void aReplicaKilledAtRandomMomentsConvergesAndOutlivesItsPrimary() throws Exception {
    SplittableRandom random = TestSeeds.random("replica-kill");
    Path config = ReplicaEndToEndTest.writeConfig(dir);
    LanternProcess primary = track(LanternProcess.serve(dir.resolve("primary"), config, 0));
    String admin = primary.adminKey();
    String a = primary.addParticipant(admin, "a");
    String b = primary.addParticipant(admin, "b");
    primary.addParticipant(admin, "c");
    Path bKey = dir.resolve("b.key");
    Files.writeString(bKey, b + "\n");
    List<String[]> values = new ArrayList<>(); // {type, value} of a's signals
    for (int i = 0; i < 6; i++) {
      submit(primary, a, random, values, 500);
    }

    Path data = dir.resolve("replica");
    List<String> kills = new ArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    LanternProcess first = primary;
    SplittableRandom writerRandom = random.split();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        while (writing.get()) {
          if (writerRandom.nextInt(4) == 0) {
            ArrayNode signals = LanternProcess.JSON.createArrayNode();
            for (int i = 0; i < 5; i++) {
              String[] v = values.get(writerRandom.nextInt(values.size()));
              signals.addObject().put("type", v[0]).put("value", v[1]);
            }
            ObjectNode body = LanternProcess.JSON.createObjectNode();
            body.set("signals", signals);
            first.post(a, "/v1/signals/retractions", body.toString());
          } else {
            submit(first, a, writerRandom, values, 10);
          }
          Thread.sleep(20);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    int rounds = TestSeeds.iterations(10);
    LanternProcess replica = null;
    for (int round = 0; round < rounds; round++) {
      String cursorBefore = savedCursor(data);
      // Small pages: the first rounds land in the catch-up (3,000 signals), the later ones in live following.
      replica = track(LanternProcess.replica(data, config, primary.url(), bKey, "--page-size", "50"));
      String context = "round " + round + ", kills after " + kills + " ms, " + TestSeeds.describe();
      if (cursorBefore != null) {
        assertThat(replica.banner).as(context).contains("resuming at cursor " + cursorBefore);
      }
      long wait = random.nextInt(2_500);
      kills.add(Long.toString(wait));
      Thread.sleep(wait);
      replica.kill();
    }
    String context = "kills after " + kills + " ms, " + TestSeeds.describe();
    writing.set(false);
    writer.get();
    replica = track(LanternProcess.replica(data, config, primary.url(), bKey));
    assertThat(replica.banner).as(context).contains("resuming at cursor");
    replica.awaitInStep(Instant.now(), Duration.ofSeconds(120));
    String local = replica.addParticipant(replica.adminKey(), "uploads");
    Map<String, JsonNode> want = state(primary, b);
    Map<String, JsonNode> got = state(replica, local);
    assertThat(want).as(context).hasSizeGreaterThan(100);
    assertThat(got.keySet()).as(context).isEqualTo(want.keySet());
    for (String id : want.keySet()) {
      assertThat(got.get(id)).as("%s: %s", context, id).isEqualTo(want.get(id));
    }

    // The primary dies: the replica keeps answering, says what failed, and its lag grows.
    String[] probe = values.stream().filter(v -> v[0].equals("md5") && want.values().stream()
        .anyMatch(s -> s.path("value").asText().equals(v[1]))).findFirst().orElseThrow();
    int port = primary.port;
    primary.kill();
    // The error shows once the follower's next poll fails: wait for that, not a fixed time.
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode health = replica.get(null, "/health").json();
    while ((health.path("replica").path("last_error").asText().isEmpty()
            || health.path("replica").path("lag_seconds").asDouble() <= 1.0)
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(200);
      health = replica.get(null, "/health").json();
    }
    assertThat(health.path("replica").path("last_error").asText()).as(health.toString()).isNotEmpty();
    double lag = health.path("replica").path("lag_seconds").asDouble();
    assertThat(lag).as(health.toString()).isGreaterThan(1.0);
    LanternProcess.Answer lookup = replica.post(local, "/v1/match/hashes",
        "{\"type\":\"md5\",\"hashes\":[\"" + probe[1] + "\"]}");
    assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
    assertThat(lookup.json().at("/results/0/matches")).as(lookup.body()).isNotEmpty();
    assertThat(replica.get(replica.adminKey(), "/metrics").body()).contains("lantern_replica_last_error_timestamp_seconds 1");

    // Back on the same port: the replica resumes and sees a signal written after the restart.
    primary = track(LanternProcess.serve(dir.resolve("primary"), config, port));
    String freshMd5 = ExchangeCrashTest.value("md5", random);
    assertThat(primary.post(a, "/v1/signals", "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + freshMd5
        + "\",\"categories\":[\"csam\"],\"visibility\":\"all\"}]}").status()).isEqualTo(200);
    replica.awaitInStep(Instant.now(), Duration.ofSeconds(60));
    assertThat(replica.post(local, "/v1/match/hashes", "{\"type\":\"md5\",\"hashes\":[\"" + freshMd5 + "\"]}").json()
        .at("/results/0/matches")).as(context).hasSize(1);
    assertThat(state(replica, local)).as(context).isEqualTo(state(primary, b));
    assertThat(replica.get(null, "/health").json().path("replica").has("last_error")).isFalse();
  }

  private LanternProcess track(LanternProcess p) {
    processes.add(p);
    return p;
  }

  /** Submits {@code n} new signals from a (random visibility, some to b); notes their values. */
  private static void submit(LanternProcess primary, String key, SplittableRandom random, List<String[]> values, int n) throws Exception {
    ArrayNode signals = LanternProcess.JSON.createArrayNode();
    List<String[]> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean update = !values.isEmpty() && random.nextInt(3) == 0;
      String[] v = update ? values.get(random.nextInt(values.size())) : null;
      String type = update ? v[0] : TYPES[random.nextInt(TYPES.length)];
      String value = update ? v[1] : ExchangeCrashTest.value(type, random);
      ObjectNode s = signals.addObject().put("type", type).put("value", value).put("note", "n" + random.nextInt(100));
      s.putArray("categories").add("csam");
      List<String> visibility = VISIBILITIES.get(random.nextInt(VISIBILITIES.size()));
      if (visibility.isEmpty()) {
        s.put("visibility", "all");
      } else {
        visibility.forEach(s.putArray("visibility")::add);
      }
      if (!update) {
        sent.add(new String[] {type, value});
      }
    }
    ObjectNode body = LanternProcess.JSON.createObjectNode();
    body.set("signals", signals);
    LanternProcess.Answer r = primary.post(key, "/v1/signals", body.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    synchronized (values) {
      values.addAll(sent);
    }
  }

  /** The cursor in the replica's state file, or {@code null}. */
  private static String savedCursor(Path data) throws Exception {
    Path file = data.resolve("replica.properties");
    if (!Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return p.getProperty("cursor");
  }

  /**
   * The active signals {@code key}'s participant sees, read through the feed from the beginning:
   * id → the signal without visibility and sequence (which are the replica's own).
   */
  static Map<String, JsonNode> state(LanternProcess server, String key) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    String cursor = null;
    while (true) {
      String path = "/v1/updates?limit=1000" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      LanternProcess.Answer page = server.get(key, path);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      JsonNode json = page.json();
      for (JsonNode e : json.path("updates")) {
        ObjectNode s = (ObjectNode) e.path("signal");
        String id = s.path("id").asText();
        if (e.path("deleted").asBoolean()) {
          out.remove(id);
        } else {
          s.remove("visibility");
          s.remove("sequence");
          out.put(id, s);
        }
      }
      cursor = json.path("next_cursor").asText();
      if (!json.path("more").asBoolean()) {
        return out;
      }
    }
  }
}
