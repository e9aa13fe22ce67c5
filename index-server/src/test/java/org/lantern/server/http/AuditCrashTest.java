package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.lantern.core.testing.ChildJvm;
import org.lantern.core.testing.TestSeeds;

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
  private static final Pattern READY = Pattern.compile("Lantern exchange on http://127\\.0\\.0\\.1:(\\d+) with data in .*");
  private static final Pattern RANGE = Pattern.compile("changes (\\d+)-(\\d+)");

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private record Child(Process process, int port, List<String> output) {}

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
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
    Child child = start(data, config);
    String admin = Files.readString(data.resolve("admin.key")).strip();
    assertThat(post(child, admin, "/v1/admin/participants", "{\"id\":\"a\",\"roles\":[\"contributor\",\"reader\"]}").statusCode()).isEqualTo(201);
    assertThat(post(child, admin, "/v1/admin/participants", "{\"id\":\"b\",\"roles\":[\"reader\"]}").statusCode()).isEqualTo(201);
    String a = JSON.readTree(post(child, admin, "/v1/admin/participants/a/keys", "").body()).path("key").asText();
    String b = JSON.readTree(post(child, admin, "/v1/admin/participants/b/keys", "").body()).path("key").asText();
    List<String> acked = Collections.synchronizedList(new ArrayList<>());
    AtomicLong answeredLookups = new AtomicLong();
    for (int round = 0; round < rounds; round++) {
      String context = "round " + round + " " + TestSeeds.describe();
      streamUntilKilled(child, a, b, random, acked, answeredLookups, context);
      assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      child = start(data, config);
      check(child, admin, answeredLookups.get(), context);
    }
  }

  /** a submits and retracts, b looks up, until the child is SIGKILLed 0–400 ms after the first answer. */
  private void streamUntilKilled(Child child, String a, String b, SplittableRandom random, List<String> acked,
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
          HttpResponse<String> r;
          try {
            if (!acked.isEmpty() && forA.nextInt(4) == 0) {
              r = post(child, a, "/v1/signals/" + acked.get(forA.nextInt(acked.size())) + "/retract", "");
            } else {
              ArrayNode signals = JSON.createArrayNode();
              for (int i = 1 + forA.nextInt(300); i > 0; i--) {
                ObjectNode s = signals.addObject().put("type", "md5").put("value", String.format("%032x", forA.nextInt(20_000)));
                s.put("note", "n" + forA.nextInt(3));
              }
              ObjectNode body = JSON.createObjectNode();
              body.set("signals", signals);
              r = post(child, a, "/v1/signals", body.toString());
              if (r.statusCode() == 200) {
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
          assertThat(r.statusCode()).as("%s: %s", context, r.body()).isEqualTo(200);
          firstAnswer.complete(null);
        }
      }));
      streams.add(pool.submit(() -> {
        while (true) {
          HttpResponse<String> r;
          try {
            r = post(child, b, "/v1/match/hashes",
                "{\"type\":\"md5\",\"hashes\":[\"" + String.format("%032x", forB.nextInt(20_000)) + "\"]}");
          } catch (IOException e) {
            return null;
          }
          assertThat(r.statusCode()).as("%s: %s", context, r.body()).isEqualTo(200);
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
        child.process().destroyForcibly(); // SIGKILL
      }
      for (Future<?> s : streams) {
        s.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** The chain verifies; every stored signal's last change has its entry; b's lookups are all there. */
  private void check(Child child, String admin, long answeredLookups, String context) throws Exception {
    JsonNode verify = JSON.readTree(get(child, admin, "/v1/audit/verify").body());
    assertThat(verify.path("intact").asBoolean()).as("%s: %s", context, verify).isTrue();

    Map<String, List<JsonNode>> entriesById = new HashMap<>();
    long lookupsByB = 0;
    for (String line : get(child, admin, "/v1/audit/export").body().split("\n")) {
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
      JsonNode page = JSON.readTree(get(child, admin, "/v1/updates?limit=10000&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).body());
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

  private HttpRequest.Builder request(Child child, String key, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
  }

  private HttpResponse<String> get(Child child, String key, String path) throws IOException, InterruptedException {
    return client.send(request(child, key, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Child child, String key, String path, String json) throws IOException {
    try {
      return client.send(request(child, key, path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private Child start(Path data, Path config) throws Exception {
    List<String> command = ChildJvm.command("256m", "org.lantern.server.cli.LanternCli",
        "serve", "--port", "0", "--data", data.toString(), "--config", config.toString(), "--access-log", "off");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    children.add(process);
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("audit-crash-child-output").start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (READY.matcher(line).matches()) {
            ready.complete(line);
          } else if (output.size() < 100) {
            output.add(line);
          }
        }
      } catch (IOException e) {
        // killed
      }
      ready.completeExceptionally(new IllegalStateException("the server exited before it was ready: " + output));
    });
    Matcher m = READY.matcher(ready.get(60, TimeUnit.SECONDS));
    assertThat(m.matches()).isTrue();
    return new Child(process, Integer.parseInt(m.group(1)), output);
  }
}
