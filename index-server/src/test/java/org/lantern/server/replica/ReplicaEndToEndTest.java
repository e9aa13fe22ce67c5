package org.lantern.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeCrashTest;
import org.lantern.core.hash.Hash;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.testing.LanternProcess;

/**
 * Issue 17, acceptance 1 and 3: a primary ({@code lantern serve}) with participants a, b and c; a
 * replica following it as b; a second replica following the first (fan-out). Three writers (one
 * per participant) run random interleaved submits, updates (half changing the visibility),
 * retractions and short expiries on the primary while the replicas follow live; the second replica
 * starts half-way (a catch-up, then live). When both are in step, every lookup kind answers on each
 * replica exactly what b gets on the primary (ids, distances, order, every field but the opinions,
 * which are not replicated), every signal reads the same, account lookups are refused with 403
 * naming the primary, writes too, and no byte of a value b could never see is in either replica's
 * data directory (while a value b sees is: the check can fail).
 *
 * <p>{@code -Dtests.iterations=N} runs N × 2,000 operations ({@code -Dreplica.operations} changes the 2,000).
 */
class ReplicaEndToEndTest {
  private static final String[] TYPES = {"pdq", "pdq", "phash", "md5", "sha256", "url", "keyword", "email"};
  private static final List<List<String>> VISIBILITIES =
      List.of(List.of(), List.of(), List.of("b"), List.of("c"), List.of("a"), List.of("b", "c"), List.of("a", "c"));
  static final String IMAGE = "/pdq-reference/images/reg-test-input/dih/bridge-1-original.jpg";

  @TempDir Path dir;
  private final List<LanternProcess> processes = new ArrayList<>();

  /** What the test knows of one signal: enough to update it, and whether b could ever see it. */
  private static final class Known {
    final String id;
    final String contributor;
    final String type;
    final String value;
    volatile boolean everVisibleToB;
    /** Submitted with a short expiry: the primary's sweep must retire it before the comparison. */
    volatile boolean expiring;

    Known(String id, String contributor, String type, String value) {
      this.id = id;
      this.contributor = contributor;
      this.type = type;
      this.value = value;
    }
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (LanternProcess p : processes) {
      p.kill();
    }
  }

  @Test
  void replicasAnswerExactlyWhatTheirParticipantGetsOnThePrimary() throws Exception {
    SplittableRandom random = TestSeeds.random("replica-e2e");
    String context = TestSeeds.describe();
    Path config = writeConfig(dir);
    LanternProcess primary = track(LanternProcess.serve(dir.resolve("primary"), config, 0));
    String admin = primary.adminKey();
    Map<String, String> keys = new TreeMap<>();
    for (String p : List.of("a", "b", "c")) {
      keys.put(p, primary.addParticipant(admin, p));
    }
    Path bKey = dir.resolve("b.key");
    Files.writeString(bKey, keys.get("b") + "\n");
    LanternProcess replica = track(LanternProcess.replica(dir.resolve("replica"), config, primary.url(), bKey));
    String replicaKey = replica.addParticipant(replica.adminKey(), "uploads");

    // Hashes near a few centres (and the image's own hash), so that near lookups have many hits at many distances.
    byte[] image = resource(IMAGE);
    String imageHash = primary.send(keys.get("a"), "POST", "/v1/match/image", "image/jpeg", image).json().path("hash").asText();
    assertThat(imageHash).hasSize(64);
    List<String> centres = new ArrayList<>(List.of(imageHash));
    for (int i = 0; i < 4; i++) {
      centres.add(Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()).toHex());
    }

    int operations = TestSeeds.iterations(Integer.getInteger("replica.operations", 2_000));
    long t0 = System.nanoTime();
    Map<String, Known> known = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    Instant[] latestExpiry = {Instant.EPOCH};
    LanternProcess[] downstream = new LanternProcess[1];
    try (ExecutorService writers = Executors.newFixedThreadPool(3)) {
      List<Future<?>> running = new ArrayList<>();
      for (String participant : List.of("a", "b", "c")) {
        SplittableRandom own = random.split();
        running.add(writers.submit(() -> {
          write(primary, participant, keys.get(participant), own, centres, known, done, operations, latestExpiry, context);
          return null;
        }));
      }
      // Half-way, a second replica follows the first (a catch-up, then live with the writers).
      while (done.get() < operations / 2 && running.stream().noneMatch(Future::isDone)) {
        Thread.sleep(20);
      }
      Path downstreamKey = dir.resolve("downstream.key");
      Files.writeString(downstreamKey, replica.addParticipant(replica.adminKey(), "regional") + "\n");
      downstream[0] = track(LanternProcess.replica(dir.resolve("replica2"), config, replica.url(), downstreamKey));
      for (Future<?> f : running) {
        f.get();
      }
    }
    LanternProcess second = downstream[0];
    System.out.printf("replica e2e: %d operations in %.1f s%n", operations, (System.nanoTime() - t0) / 1e9);
    String secondKey = second.addParticipant(second.adminKey(), "uploads");

    // Let the short expiries pass and the primary's sweep (every second) retire them.
    Instant settle;
    synchronized (latestExpiry) {
      settle = latestExpiry[0].plusSeconds(2);
    }
    while (Instant.now().isBefore(settle)) {
      Thread.sleep(100);
    }
    awaitRetired(primary, keys, known.values(), context);
    Instant quiet = Instant.now();
    replica.awaitInStep(quiet, Duration.ofSeconds(120));
    Instant afterFirst = Instant.now();
    second.awaitInStep(afterFirst, Duration.ofSeconds(120));

    System.out.printf("replica e2e: both replicas in step %.1f s after the start%n", (System.nanoTime() - t0) / 1e9);
    assertThat(replica.get(null, "/health").json().path("status").asText()).isEqualTo("ok");
    for (LanternProcess r : List.of(replica, second)) {
      String key = r == replica ? replicaKey : secondKey;
      String which = (r == replica ? "replica" : "replica of the replica") + " " + context;
      compareLookups(primary, keys.get("b"), r, key, centres, image, known.values(), which);
      compareSignals(primary, keys.get("b"), r, key, known.values(), which);
      assertThat(r.post(key, "/v1/match/accounts", "{\"accounts\":[{\"type\":\"email\",\"value\":\"x@y.example\"}]}").json()
          .at("/error/code").asText()).as(which).isEqualTo("read_only_replica");
      LanternProcess.Answer write = r.post(key, "/v1/signals", "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + "0".repeat(32) + "\"}]}");
      assertThat(write.status()).as(which).isEqualTo(403);
      assertThat(write.json().at("/error/message").asText()).as(which).contains("read-only replica of " + (r == replica ? primary.url() : replica.url()));
      checkNothingHiddenStored(r.data, known.values(), which);
    }
    String metrics = replica.get(replica.adminKey(), "/metrics").body();
    assertThat(metrics).contains("lantern_replica_lag_seconds").contains("lantern_replica_applied_total");
  }

  private LanternProcess track(LanternProcess p) {
    processes.add(p);
    return p;
  }

  static Path writeConfig(Path dir) throws IOException {
    Path config = dir.resolve("lantern.properties");
    Files.writeString(config, """
        store.signals_per_generation=4096
        index.hash_capacity=100000
        expiry.sweep_seconds=1
        server.rate_per_second=1000000
        server.rate_burst=1000000
        server.max_queries=10000
        """);
    return config;
  }

  /**
   * One participant's share of the operations, a few per request: creations (some expiring within
   * seconds) and updates (new note and categories, and a random visibility: changes of who may see
   * it) in one batch, or retractions by value in one batch.
   */
  private static void write(LanternProcess primary, String participant, String key, SplittableRandom random, List<String> centres,
      Map<String, Known> known, AtomicInteger done, int operations, Instant[] latestExpiry, String context) throws Exception {
    List<Known> mine = new ArrayList<>();
    while (done.get() < operations) {
      int size = 1 + random.nextInt(6);
      done.addAndGet(size);
      ArrayNode signals = LanternProcess.JSON.createArrayNode();
      if (random.nextInt(5) == 0 && !mine.isEmpty()) {
        for (int i = 0; i < size; i++) {
          Known k = mine.get(random.nextInt(mine.size()));
          signals.addObject().put("type", k.type).put("value", k.value);
        }
        ObjectNode body = LanternProcess.JSON.createObjectNode();
        body.set("signals", signals);
        ok(primary.post(key, "/v1/signals/retractions", body.toString()), context);
        continue;
      }
      List<String[]> sent = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        boolean update = !mine.isEmpty() && random.nextInt(5) < 2;
        Known old = update ? mine.get(random.nextInt(mine.size())) : null;
        String type = update ? old.type : TYPES[random.nextInt(TYPES.length)];
        String value = update ? old.value
            : type.equals("pdq") ? near(centres.get(random.nextInt(centres.size())), random) : ExchangeCrashTest.value(type, random);
        List<String> visibility = VISIBILITIES.get(random.nextInt(VISIBILITIES.size()));
        ObjectNode s = signals.addObject().put("type", type).put("value", value).put("note", "n" + random.nextInt(1000));
        s.putArray("categories").add(random.nextBoolean() ? "csam" : "grooming");
        visibility(s, visibility);
        if (!update && random.nextInt(12) == 0) {
          // Seconds ahead, not one: the server refuses an expiry already past when the request
          // arrives, and a loaded machine can hold a request that long.
          Instant expires = Instant.now().plusMillis(5_000 + random.nextInt(5_000));
          s.put("expires", expires.toString());
          synchronized (latestExpiry) {
            if (expires.isAfter(latestExpiry[0])) {
              latestExpiry[0] = expires;
            }
          }
        }
        boolean b = visibleToB(participant, visibility);
        if (old != null) {
          old.everVisibleToB |= b; // before the request: the replica may hold it as soon as it is acknowledged
        }
        sent.add(new String[] {type, value, Boolean.toString(b), Boolean.toString(s.has("expires"))});
      }
      ObjectNode body = LanternProcess.JSON.createObjectNode();
      body.set("signals", signals);
      JsonNode results = ok(primary.post(key, "/v1/signals", body.toString()), context).path("results");
      for (JsonNode r : results) {
        String[] s = sent.get(r.path("index").asInt());
        assertThat(r.path("status").asText()).as("%s %s", context, r).isIn("created", "updated", "unchanged");
        Known k = known.computeIfAbsent(r.path("id").asText(), id -> new Known(id, participant, s[0], s[1]));
        k.everVisibleToB |= Boolean.parseBoolean(s[2]);
        k.expiring = Boolean.parseBoolean(s[3]); // an update carries no expiry, so it clears one
        if (!mine.contains(k)) {
          mine.add(k);
        }
      }
    }
  }

  /**
   * Waits until the primary has retired every signal sent with an expiry: its sweep shares a thread
   * with the index commit, so a slow commit can put a retirement after any fixed wait, and a
   * retirement during the comparison would make primary and replica differ for a moment.
   */
  private static void awaitRetired(LanternProcess primary, Map<String, String> keys, java.util.Collection<Known> known, String context)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (Known k : known) {
      if (!k.expiring) {
        continue;
      }
      while (true) {
        String status = primary.get(keys.get(k.contributor), "/v1/signals/" + k.id).json().path("status").asText();
        if (!status.equals("active")) {
          break;
        }
        assertThat(System.nanoTime() - deadline).as("%s: %s still active a minute after its expiry", context, k.id).isNegative();
        Thread.sleep(100);
      }
    }
  }

  private static boolean visibleToB(String contributor, List<String> visibility) {
    return contributor.equals("b") || visibility.isEmpty() || visibility.contains("b");
  }

  private static void visibility(ObjectNode s, List<String> visibility) {
    if (visibility.isEmpty()) {
      s.put("visibility", "all");
    } else {
      ArrayNode v = s.putArray("visibility");
      visibility.forEach(v::add);
    }
  }

  /** {@code centre} with 0..40 random bits flipped. */
  private static String near(String centre, SplittableRandom random) {
    long[] words = Hash.parseHex(centre, 256).words().clone();
    for (int i = random.nextInt(41); i > 0; i--) {
      int bit = random.nextInt(256);
      words[bit >>> 6] ^= 1L << (bit & 63);
    }
    return Hash.of256(words[0], words[1], words[2], words[3]).toHex();
  }

  private static JsonNode ok(LanternProcess.Answer a, String context) {
    assertThat(a.status()).as("%s: %s", context, a.body()).isEqualTo(200);
    return a.json();
  }

  /** Every lookup kind, the same questions to b on the primary and to a local participant on the replica. */
  private static void compareLookups(LanternProcess primary, String bKey, LanternProcess replica, String key, List<String> centres,
      byte[] image, Iterable<Known> all, String which) throws Exception {
    List<String> pdq = new ArrayList<>(centres);
    List<String> phash = new ArrayList<>();
    List<String> md5 = new ArrayList<>();
    List<String> sha256 = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    StringBuilder text = new StringBuilder("some text");
    for (Known k : all) {
      switch (k.type) {
        case "pdq" -> pdq.add(k.value);
        case "phash" -> phash.add(k.value);
        case "md5" -> md5.add(k.value);
        case "sha256" -> sha256.add(k.value);
        case "url" -> {
          urls.add(k.value);
          urls.add(k.value.substring(0, k.value.indexOf("/p/") + 3)); // same host and path prefix
        }
        case "keyword" -> text.append(" ").append(k.value).append(" ;");
        default -> { }
      }
    }
    int matched = 0;
    for (String hex : centres) {
      matched += same(primary, bKey, replica, key, "GET", "/v1/match/pdq/" + hex + "?max_distance=64&limit=40", null, null, which);
    }
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/hashes", hashes("pdq", pdq, 48), null, which);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/hashes", hashes("phash", phash, 12), null, which);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/hashes", hashes("md5", md5, 0), null, which);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/hashes", hashes("sha256", sha256, 0), null, which);
    ObjectNode u = LanternProcess.JSON.createObjectNode().put("limit", 50);
    urls.forEach(u.putArray("urls")::add);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/urls", u.toString(), null, which);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/text",
        LanternProcess.JSON.createObjectNode().put("text", text.toString()).toString(), null, which);
    matched += same(primary, bKey, replica, key, "POST", "/v1/match/image?max_distance=80&limit=40", null, image, which);
    assertThat(matched).as("%s: the lookups matched almost nothing: the comparison would prove little", which).isGreaterThan(100);
  }

  private static String hashes(String type, List<String> values, int maxDistance) {
    ObjectNode body = LanternProcess.JSON.createObjectNode().put("type", type).put("max_distance", maxDistance).put("limit", 40);
    values.forEach(body.putArray("hashes")::add);
    return body.toString();
  }

  /** Asks both; asserts equal answers without the opinions; returns how many ids the answer holds. */
  private static int same(LanternProcess primary, String bKey, LanternProcess replica, String key, String method, String path,
      String json, byte[] image, String which) throws Exception {
    String type = image != null ? "image/jpeg" : json != null ? "application/json" : null;
    byte[] body = image != null ? image : json != null ? json.getBytes(StandardCharsets.UTF_8) : null;
    LanternProcess.Answer want = primary.send(bKey, method, path, type, body);
    LanternProcess.Answer got = replica.send(key, method, path, type, body);
    assertThat(want.status()).as("%s %s on the primary: %s", which, path, want.body()).isEqualTo(200);
    assertThat(got.status()).as("%s %s on the replica: %s", which, path, got.body()).isEqualTo(200);
    JsonNode expected = withoutOpinions(want.json());
    JsonNode actual = withoutOpinions(got.json());
    if (!actual.equals(expected)) {
      throw new AssertionError(which + ": " + path + " differs: " + firstDifference(expected, actual, ""));
    }
    return expected.findValues("id").size();
  }

  /** Where two JSON trees first differ, with the two values there (short, unlike a dump of both). */
  static String firstDifference(JsonNode want, JsonNode got, String at) {
    if (want.isContainerNode() && got.isContainerNode() && want.getNodeType() == got.getNodeType()) {
      if (want.isArray()) {
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
          if (i >= want.size() || i >= got.size()) {
            return at + ": lengths " + want.size() + " (primary) vs " + got.size() + " (replica); extra " + (i < want.size() ? want.get(i) : got.get(i));
          }
          if (!want.get(i).equals(got.get(i))) {
            return firstDifference(want.get(i), got.get(i), at + "[" + i + "]");
          }
        }
      } else {
        for (Iterator<String> names = want.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          if (!want.get(name).equals(got.get(name))) {
            return got.get(name) == null ? at + "." + name + " missing on the replica" : firstDifference(want.get(name), got.get(name), at + "." + name);
          }
        }
        return at + ": the replica has more fields: " + got;
      }
    }
    return at + ": primary " + want + " vs replica " + got;
  }

  private static JsonNode withoutOpinions(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("opinion");
      o.remove("opinions");
    }
    for (JsonNode child : node) {
      withoutOpinions(child);
    }
    return node;
  }

  /** Every signal ever submitted reads the same (found or not; the same fields but visibility and sequence). */
  private static void compareSignals(LanternProcess primary, String bKey, LanternProcess replica, String key, Iterable<Known> all,
      String which) throws Exception {
    int found = 0;
    for (Known k : all) {
      LanternProcess.Answer want = primary.get(bKey, "/v1/signals/" + k.id);
      LanternProcess.Answer got = replica.get(key, "/v1/signals/" + k.id);
      assertThat(got.status()).as("%s: %s %s on the replica: %s, on the primary: %s", which, k.id, k.type, got.body(), want.body())
          .isEqualTo(want.status());
      if (want.status() == 200) {
        found++;
        ObjectNode w = (ObjectNode) want.json();
        ObjectNode g = (ObjectNode) got.json();
        for (ObjectNode o : List.of(w, g)) {
          o.remove("visibility");
          o.remove("sequence");
        }
        assertThat(g).as("%s: %s", which, k.id).isEqualTo(w);
      }
    }
    assertThat(found).as(which).isPositive();
  }

  /**
   * No byte sequence of a value b could never see (URLs, keywords, digests) is in the replica's
   * files; a value it sees is (so the search works on these files).
   */
  static void checkNothingHiddenStored(Path data, Iterable<Known> all, String which) throws IOException {
    List<byte[]> hidden = new ArrayList<>();
    List<byte[]> visible = new ArrayList<>();
    for (Known k : all) {
      if (k.type.equals("url") || k.type.equals("keyword") || k.type.equals("md5") || k.type.equals("sha256")) {
        (k.everVisibleToB ? visible : hidden).add(k.value.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(hidden).as(which).isNotEmpty();
    boolean anyVisibleFound = false;
    for (Path file : filesOf(data)) {
      byte[] content;
      try {
        content = Files.readAllBytes(file);
      } catch (NoSuchFileException gone) {
        continue; // a live replica renames its state's temporary file into place between polls
      }
      for (byte[] h : hidden) {
        assertThat(indexOf(content, h)).as("%s: hidden value %s found in %s", which, new String(h, StandardCharsets.UTF_8), file)
            .isNegative();
      }
      for (Iterator<byte[]> it = visible.iterator(); !anyVisibleFound && it.hasNext(); ) {
        anyVisibleFound = indexOf(content, it.next()) >= 0;
      }
    }
    assertThat(anyVisibleFound).as("%s: not even a visible value is found byte-wise: the search proves nothing", which).isTrue();
  }

  /** The regular files under {@code dir}, tolerating files a running replica replaces meanwhile. */
  private static List<Path> filesOf(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw failure;
      }
    });
    return files;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ReplicaEndToEndTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test class path (index-core test-jar)");
      }
      return in.readAllBytes();
    }
  }
}
