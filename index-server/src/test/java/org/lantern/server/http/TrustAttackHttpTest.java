package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.audit.AuditEntry;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.participant.Role;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * The trust issue's attacks (issue 14), each as its own test, over a real server on a free port
 * with real sockets. Participants: {@code a} (contributor + reader), {@code b} (reader), {@code c}
 * (contributor + reader), {@code d} (reader), plus the fixture's {@code admin}. Every test here
 * was run against the code before the fix and seen to fail (see the report); each one
 * names the rule of DESIGN.md §7 it holds, and the README section "What the exchange guarantees"
 * cites them.
 *
 * <p>The crash attack ({@code kill -9} during a POST) lives in {@link AuditCrashTest}, the
 * audit-anchoring attacks on the command line in {@code AuditAnchorCliTest}.
 */
class TrustAttackHttpTest {
  static final String MD5 = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  ServerFixture f;
  String a;
  String b;
  String c;
  String d;

  @BeforeEach
  void start() throws Exception {
    f = new ServerFixture(dir, ServerFixture.testLimits());
    a = f.participant("a", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    b = f.participant("b", EnumSet.of(Role.READER));
    c = f.participant("c", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    d = f.participant("d", EnumSet.of(Role.READER));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Visibility fails closed

  @Test
  void emptyVisibilityIsRefusedNotPublished() {
    assertRefusedAndUnpublished("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":[]}", "visibility");
  }

  @Test
  void nullVisibilityIsRefusedNotPublished() {
    assertRefusedAndUnpublished("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":null}", "visibility");
  }

  @Test
  void misspelledVisibilityKeyIsRefusedNotPublished() {
    assertRefusedAndUnpublished("{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visiblity\":[\"c\"]}", "visiblity");
  }

  @Test
  void unknownFieldInAnyRequestBodyIsRefused() {
    Answer match = f.post("/v1/match/hashes", b, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"],\"limt\":5}");
    assertThat(match.status()).as(match.body()).isEqualTo(400);
    assertThat(match.error().path("field").asText()).contains("limt");
    Answer opinion = f.put("/v1/signals/" + submit(a, MD5, "\"all\"") + "/opinion", b, "{\"opinion\":\"seen\",\"nots\":\"x\"}");
    assertThat(opinion.status()).as(opinion.body()).isEqualTo(400);
    assertThat(opinion.error().path("field").asText()).contains("nots");
  }

  @Test
  void misCasedRecipientIsRefusedAndNeverReachesALaterParticipant() {
    Answer r = submitRaw(a, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":[\"C\"]}");
    JsonNode result = r.json().path("results").path(0);
    assertThat(result.path("status").asText()).as(r.body()).isEqualTo("rejected");
    assertThat(result.path("error").path("field").asText()).contains("visibility");
    assertThat(result.path("error").path("message").asText()).contains("C");
    // The admin later creates C: it must not read a signal meant for c.
    String upperC = f.participant("C", EnumSet.of(Role.READER));
    Answer looked = f.post("/v1/match/hashes", upperC, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}");
    assertThat(looked.json().path("results").path(0).path("matches").size()).as(looked.body()).isZero();
  }

  @Test
  void unknownRecipientIsRefused() {
    Answer r = submitRaw(a, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"visibility\":[\"c\",\"nobody\"]}");
    JsonNode result = r.json().path("results").path(0);
    assertThat(result.path("status").asText()).as(r.body()).isEqualTo("rejected");
    assertThat(result.path("error").path("field").asText()).contains("visibility[1]");
    assertThat(result.path("error").path("code").asText()).isEqualTo("unknown_participant");
  }

  @Test
  void visibilityAbsentOrAllSharesWithEveryone() {
    String absent = submitRaw(a, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}").json().path("results").path(0).path("id").asText();
    String all = submit(a, "ffffffffffffffffffffffffffffffff", "\"all\"");
    assertThat(f.get("/v1/signals/" + absent, d).status()).isEqualTo(200);
    assertThat(f.get("/v1/signals/" + all, d).status()).isEqualTo(200);
  }

  private void assertRefusedAndUnpublished(String signal, String field) {
    Answer r = submitRaw(a, signal);
    JsonNode result = r.json().path("results").path(0);
    assertThat(result.path("status").asText()).as(r.body()).isEqualTo("rejected");
    assertThat(result.path("error").path("field").asText()).as(r.body()).contains(field);
    // Nothing was stored for anyone: d looks it up and finds nothing.
    Answer looked = f.post("/v1/match/hashes", d, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}");
    assertThat(looked.json().path("results").path(0).path("matches").size()).as(looked.body()).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // No way to learn of hidden signals

  // ---------------------------------------------------------------------------------------------
  // Lookups: hidden signals take no place (filtering inside the search)

  /**
   * 200 URLs on one host that only c may see, and one that b may see: b's lookups on the host
   * still find b's one at limit 1 and 10 (before, the hidden ones crowded it out: no match).
   */
  @Test
  void hiddenUrlsOnAHostDoNotCrowdOutTheVisibleOne() {
    List<String> hidden = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      hidden.add("{\"type\":\"url\",\"value\":\"https://crowd.example.com/h" + i + "\",\"visibility\":[\"c\"]}");
    }
    submitInBatches(a, hidden);
    Answer visible = submitRaw(a, "{\"type\":\"url\",\"value\":\"https://crowd.example.com/zz-visible\",\"visibility\":[\"b\"]}");
    String id = visible.json().path("results").path(0).path("id").asText();
    for (int limit : new int[] {1, 10}) {
      Answer r = f.post("/v1/match/urls", b, "{\"urls\":[\"https://crowd.example.com/other/page\"],\"limit\":" + limit + "}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      List<String> ids = r.json().findValuesAsText("id");
      assertThat(ids).as("limit " + limit + ": " + r.body()).containsExactly(id);
    }
  }

  /** 300 PDQ hashes near the query that b may not see, one farther that b may: b finds it at limit 1. */
  @Test
  void hiddenNearHashesDoNotCrowdOutAVisibleFartherOne() {
    String query = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    java.util.SplittableRandom random = new java.util.SplittableRandom(14);
    List<String> hidden = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      hidden.add("{\"type\":\"pdq\",\"value\":\"" + flip(query, 1 + random.nextInt(4), random) + "\",\"visibility\":[\"c\"]}");
    }
    submitInBatches(a, hidden);
    Answer visible = submitRaw(a, "{\"type\":\"pdq\",\"value\":\"" + flip(query, 20, random) + "\",\"visibility\":[\"b\"]}");
    String id = visible.json().path("results").path(0).path("id").asText();
    Answer r = f.get("/v1/match/pdq/" + query + "?max_distance=31&limit=1", b);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().findValuesAsText("id")).as(r.body()).containsExactly(id);
  }

  /** Shares {@code signals} (JSON objects) in batches the test limits accept; every one must be created. */
  private void submitInBatches(String key, List<String> signals) {
    for (int from = 0; from < signals.size(); from += 25) {
      Answer r = f.post("/v1/signals", key, "{\"signals\":[" + String.join(",", signals.subList(from, Math.min(from + 25, signals.size()))) + "]}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().path("results").findValuesAsText("status")).as(r.body()).doesNotContain("rejected");
    }
  }

  /** {@code hex} with {@code bits} distinct bits flipped. */
  private static String flip(String hex, int bits, java.util.SplittableRandom random) {
    java.math.BigInteger v = new java.math.BigInteger(hex, 16);
    java.util.Set<Integer> done = new java.util.HashSet<>();
    while (done.size() < bits) {
      int bit = random.nextInt(256);
      if (done.add(bit)) {
        v = v.flipBit(bit);
      }
    }
    String out = v.toString(16);
    return "0".repeat(64 - out.length()) + out;
  }

  @Test
  void derivedFromShowsNoHiddenParentIdOrCount() {
    String hidden = submit(a, MD5, "[\"c\"]"); // only a and c see it
    Answer childAnswer = submitRaw(c, "{\"type\":\"md5\",\"value\":\"11111111111111111111111111111111\",\"derived_from\":[\"" + hidden + "\"]}");
    String child = childAnswer.json().path("results").path(0).path("id").asText();
    assertThat(child).as(childAnswer.body()).isNotEmpty();

    Answer got = f.get("/v1/signals/" + child, b);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).doesNotContain(hidden);
    Answer provenance = f.get("/v1/signals/" + child + "/provenance", b);
    assertThat(provenance.status()).isEqualTo(200);
    assertThat(provenance.body()).doesNotContain(hidden).doesNotContain("hidden");
    // c, who may see the parent, still sees the link.
    assertThat(f.get("/v1/signals/" + child, c).body()).contains(hidden);
  }

  @Test
  void provenanceOfAPublicParentShowsNoHiddenChildOrCount() {
    String parent = submit(a, MD5, "\"all\"");
    Answer childAnswer = submitRaw(c, "{\"type\":\"md5\",\"value\":\"22222222222222222222222222222222\",\"derived_from\":[\""
        + parent + "\"],\"visibility\":[\"a\"]}");
    String child = childAnswer.json().path("results").path(0).path("id").asText();
    assertThat(child).as(childAnswer.body()).isNotEmpty();
    Answer provenance = f.get("/v1/signals/" + parent + "/provenance", b);
    assertThat(provenance.status()).isEqualTo(200);
    assertThat(provenance.body()).doesNotContain(child).doesNotContain("hidden");
    assertThat(f.get("/v1/signals/" + parent + "/provenance", a).body()).contains(child);
  }

  @Test
  void derivingFromAnInvisibleSignalIsRefusedLikeAMissingOne() {
    String hidden = submit(a, MD5, "[\"c\"]");
    JsonNode fromHidden = submitRaw(c, "{\"type\":\"md5\",\"value\":\"33333333333333333333333333333333\",\"derived_from\":[\"" + hidden
        + "\"],\"visibility\":[\"b\"]}").json();
    // d may not see it: deriving from it must look exactly like deriving from nothing.
    String d2 = f.participant("d2", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    JsonNode asD2 = submitRaw(d2, "{\"type\":\"md5\",\"value\":\"44444444444444444444444444444444\",\"derived_from\":[\"" + hidden + "\"]}").json();
    String missing = hidden.substring(0, hidden.length() - 1) + (hidden.endsWith("a") ? "b" : "a");
    JsonNode asMissing = submitRaw(d2, "{\"type\":\"md5\",\"value\":\"44444444444444444444444444444444\",\"derived_from\":[\"" + missing + "\"]}").json();
    assertThat(fromHidden.path("results").path(0).path("status").asText()).isEqualTo("created");
    JsonNode e1 = asD2.path("results").path(0).path("error");
    JsonNode e2 = asMissing.path("results").path(0).path("error");
    assertThat(e1.path("code").asText()).isEqualTo(e2.path("code").asText()).isEqualTo("unknown_signal");
    assertThat(e1.path("message").asText().replace(hidden, "X")).isEqualTo(e2.path("message").asText().replace(missing, "X"));
  }

  @Test
  void coRecipientsDoNotSeeEachOther() {
    String shared = submit(a, MD5, "[\"b\",\"c\"]");
    for (String path : List.of("/v1/signals/" + shared, "/v1/signals/" + shared + "/provenance", "/v1/updates")) {
      Answer seenByB = f.get(path, b);
      assertThat(seenByB.status()).as(path).isEqualTo(200);
      assertThat(visibilities(seenByB.json())).as(path + ": " + seenByB.body()).isNotEmpty().allSatisfy(v ->
          assertThat(v.toString()).doesNotContain("\"c\""));
    }
    // The contributor and admins see the full list.
    assertThat(visibilities(f.get("/v1/signals/" + shared, a).json()).get(0).toString()).contains("\"b\"", "\"c\"");
    assertThat(visibilities(f.get("/v1/signals/" + shared, f.admin).json()).get(0).toString()).contains("\"b\"", "\"c\"");
  }

  private static List<JsonNode> visibilities(JsonNode answer) {
    List<JsonNode> out = new ArrayList<>();
    answer.findValues("visibility").forEach(out::add);
    return out;
  }

  /**
   * Two exchanges, the same visible history for b, one with six hidden writes in between: b's
   * answers (feed pages, cursors, the signal itself) must not differ in any number, nor in the
   * cursor's length. Ids and times differ between exchanges by construction and are masked.
   */
  @Test
  void feedCursorAndSequenceRevealNothingAboutHiddenWrites() throws Exception {
    List<String> withHidden = bView(f, a, b, 6);
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    try (ServerFixture g = new ServerFixture(other, ServerFixture.testLimits())) {
      String ga = g.participant("a", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      String gb = g.participant("b", EnumSet.of(Role.READER));
      g.participant("c", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      g.participant("d", EnumSet.of(Role.READER));
      List<String> without = bView(g, ga, gb, 0);
      assertThat(withHidden).isEqualTo(without);
    }
  }

  /** b reads its feed, a writes V1, {@code hidden} signals for c only, V2; b's answers, masked. */
  private static List<String> bView(ServerFixture s, String a, String b, int hidden) throws IOException {
    List<String> out = new ArrayList<>();
    Answer first = s.get("/v1/updates", b);
    out.add(mask(first.json()));
    String cursor = first.json().path("next_cursor").asText();
    String v1 = submitOn(s, a, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "\"all\"");
    for (int i = 0; i < hidden; i++) {
      submitOn(s, a, String.format("%032x", 0xbeef00 + i), "[\"c\"]");
    }
    String v2 = submitOn(s, a, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "\"all\"");
    Answer page = s.get("/v1/updates?cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), b);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    out.add(mask(page.json()));
    out.add("cursor length " + page.json().path("next_cursor").asText().length());
    out.add(mask(s.get("/v1/signals/" + v1, b).json()));
    out.add(mask(s.get("/v1/signals/" + v2, b).json()));
    out.add(mask(s.get("/v1/updates", b).json()));
    return out;
  }

  /** The JSON with every string replaced by its field name (ids, times, cursors); numbers kept. */
  private static String mask(JsonNode node) {
    JsonNode copy = node.deepCopy();
    maskIn(copy);
    return copy.toString();
  }

  private static void maskIn(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode v = o.get(name);
        if (v.getNodeType() == JsonNodeType.STRING && !name.equals("visibility") && !name.equals("status")) {
          o.put(name, "<" + name + ">");
        } else {
          maskIn(v);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i).isTextual()) {
          arr.set(i, "<item>");
        } else {
          maskIn(arr.get(i));
        }
      }
    }
  }

  @Test
  void aForgedOrForeignFeedCursorIsRefused() {
    submit(a, MD5, "\"all\"");
    String cursorOfA = f.get("/v1/updates", a).json().path("next_cursor").asText();
    Answer foreign = f.get("/v1/updates?cursor=" + cursorOfA, b);
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(400);
    assertThat(foreign.error().path("field").asText()).isEqualTo("cursor");
    Answer forged = f.get("/v1/updates?cursor=7", b);
    assertThat(forged.status()).as(forged.body()).isEqualTo(400);
    assertThat(forged.error().path("field").asText()).isEqualTo("cursor");
  }

  @Test
  void healthWithoutAKeyIsStatusOnly() {
    submit(a, MD5, "\"all\"");
    Answer health = f.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    List<String> fields = new ArrayList<>();
    health.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("status");
  }

  @Test
  void metricsAndFiguresNeedAnOperatorKey() {
    submit(a, MD5, "\"all\"");
    assertThat(f.get("/metrics", null).status()).isEqualTo(401);
    assertThat(f.get("/metrics", b).status()).isEqualTo(403);
    assertThat(f.get("/metrics", a).status()).isEqualTo(403);
    String auditor = f.participant("auditor1", EnumSet.of(Role.AUDITOR));
    for (String key : List.of(f.admin, auditor)) {
      Answer metrics = f.get("/metrics", key);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("lantern_signals_stored");
      Answer status = f.get("/v1/status", key);
      assertThat(status.status()).as(status.body()).isEqualTo(200);
      assertThat(status.json().path("signals").asLong()).isPositive();
    }
    assertThat(f.get("/v1/status", b).status()).isEqualTo(403);
    assertThat(f.get("/v1/status", null).status()).isEqualTo(401);
  }

  // ---------------------------------------------------------------------------------------------
  // The audit log misses nothing

  @Test
  void lookupsAndWritesAreAudited() throws Exception {
    long before = auditSize();
    String id = submit(a, MD5, "\"all\"");
    f.post("/v1/match/hashes", b, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}");
    f.get("/v1/signals/" + id, d);
    f.post("/v1/match/accounts", b, "{\"accounts\":[{\"type\":\"email\",\"value\":\"victim@example.org\"}]}");
    f.post("/v1/signals/" + id + "/retract", a, null);
    List<AuditEntry> entries = auditSince(before);
    assertThat(entries).anySatisfy(e -> assertEntry(e, "a", "submit", id));
    assertThat(entries).anySatisfy(e -> assertEntry(e, "b", "match_exact", id));
    assertThat(entries).anySatisfy(e -> assertEntry(e, "d", "get", id));
    assertThat(entries).anySatisfy(e -> assertThat(e.event().participant() + e.event().signalTypes()).isEqualTo("b[email]"));
    assertThat(entries).anySatisfy(e -> assertEntry(e, "a", "retract", id));
    assertThat(auditText()).doesNotContain("victim@example.org").doesNotContain("victim");
  }

  private static void assertEntry(AuditEntry e, String participant, String op, String id) {
    assertThat(e.event().participant()).isEqualTo(participant);
    assertThat(e.event().operation()).isEqualTo(op);
    assertThat(e.event().matchedIds()).contains(id);
  }

  @Test
  void deniedAttemptsAreAuditedWithTheirOutcome() throws Exception {
    String id = submit(a, MD5, "\"all\"");
    long before = auditSize();
    assertThat(submitStatus(b)).isEqualTo(403); // a reader's submit
    assertThat(f.post("/v1/signals/" + id + "/retract", c, null).status()).isEqualTo(403); // not c's signal
    assertThat(f.get("/v1/admin/participants", b).status()).isEqualTo(403);
    assertThat(f.get("/v1/audit/export", d).status()).isEqualTo(403);
    List<AuditEntry> entries = auditSince(before);
    // Denied inside the exchange (recorded there, for every door) or at the HTTP door (with the route).
    assertThat(outcomes(entries, "b")).anySatisfy(s -> assertThat(s).contains("403").containsAnyOf("/v1/signals", "needs contributor"));
    assertThat(outcomes(entries, "c")).anySatisfy(s -> assertThat(s).contains("403"));
    // One entry per attempt: b's two denied requests above, each recorded once.
    assertThat(outcomes(entries, "b")).filteredOn(s -> s.contains("403")).hasSize(2);
    assertThat(outcomes(entries, "b")).anySatisfy(s -> assertThat(s).contains("403").contains("/v1/admin/participants"));
    assertThat(outcomes(entries, "d")).anySatisfy(s -> assertThat(s).contains("403").contains("/v1/audit/export"));
  }

  @Test
  void hiddenIdAttemptsAreAuditedLikeMissingOnes() throws Exception {
    String hidden = submit(a, MD5, "[\"c\"]");
    // Each refusal is looked for in the log the moment its answer arrives, several times over:
    // the entry must be written before the answer goes out, not after (a race the client wins).
    for (int round = 0; round < 10; round++) {
      expectRefusalAuditedBeforeAnswer(() -> f.get("/v1/signals/" + hidden + "/provenance", b), "provenance", round);
      expectRefusalAuditedBeforeAnswer(() -> f.put("/v1/signals/" + hidden + "/opinion", b, "{\"opinion\":\"seen\"}"), "opinion", round);
      expectRefusalAuditedBeforeAnswer(() -> f.get("/v1/signals/" + hidden, b), "signal", round);
    }
  }

  private void expectRefusalAuditedBeforeAnswer(Callable<Answer> request, String what, int round)
      throws Exception {
    long before = auditSize();
    assertThat(request.call().status()).as(what).isEqualTo(404);
    assertThat(outcomes(auditSince(before), "b"))
        .as("%s, round %d: the 404 is in the audit log when its answer arrives", what, round)
        .filteredOn(s -> s.contains("404"))
        .hasSize(1);
  }

  @Test
  void requestsRefusedBeforeTheExchangeAreAuditedWithoutTheirValues() throws Exception {
    long before = auditSize();
    Answer bad = f.post("/v1/match/accounts", b, "{\"accounts\":[{\"type\":\"email\",\"value\":\"victim@example.org\"}],\"limit\":0}");
    assertThat(bad.status()).isEqualTo(400);
    Answer broken = f.post("/v1/match/hashes", b, "{\"hashes\": [");
    assertThat(broken.status()).isEqualTo(400);
    List<String> outcomes = outcomes(auditSince(before), "b");
    assertThat(outcomes).filteredOn(s -> s.contains("400")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(auditText()).doesNotContain("victim");
  }

  /** The details of b's (or another's) entries that record an outcome, as text. */
  private static List<String> outcomes(List<AuditEntry> entries, String participant) {
    List<String> out = new ArrayList<>();
    for (AuditEntry e : entries) {
      if (e.event().participant().equals(participant) && e.event().detail() != null) {
        out.add(e.event().operation() + " " + e.event().detail());
      }
    }
    return out;
  }

  @Test
  void auditHeadIsServedToAuditorsOnly() throws Exception {
    submit(a, MD5, "\"all\"");
    String auditor = f.participant("auditor1", EnumSet.of(Role.AUDITOR));
    Answer head = f.get("/v1/audit/head", auditor);
    assertThat(head.status()).as(head.body()).isEqualTo(200);
    long seq = head.json().path("sequence").asLong();
    String hash = head.json().path("hash").asText();
    assertThat(hash).matches("[0-9a-f]{64}");
    List<AuditEntry> all = auditSince(0);
    assertThat(all.stream().mapToLong(AuditEntry::sequence).max().orElse(0)).isGreaterThanOrEqualTo(seq);
    assertThat(f.get("/v1/audit/head", f.admin).status()).isEqualTo(200);
    assertThat(f.get("/v1/audit/head", a).status()).isEqualTo(403);
    assertThat(f.get("/v1/audit/head", null).status()).isEqualTo(401);
  }

  @Test
  void auditorReadsAuditAndStatisticsAndNothingElse() {
    String id = submit(a, MD5, "[\"c\"]");
    String auditor = f.participant("auditor1", EnumSet.of(Role.AUDITOR));
    assertThat(f.get("/v1/audit/verify", auditor).status()).isEqualTo(200);
    assertThat(f.get("/v1/audit/export", auditor).status()).isEqualTo(200);
    assertThat(f.get("/v1/stats", auditor).status()).isEqualTo(200);
    assertThat(f.get("/v1/signals/" + id, auditor).status()).isIn(403, 404);
    assertThat(f.post("/v1/match/hashes", auditor, "{\"type\":\"md5\",\"hashes\":[\"" + MD5 + "\"]}").status()).isEqualTo(403);
    assertThat(f.get("/v1/updates", auditor).status()).isEqualTo(403);
    assertThat(f.get("/v1/admin/participants", auditor).status()).isEqualTo(403);
    assertThat(f.post("/v1/signals", auditor, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}]}").status()).isEqualTo(403);
  }

  // ---------------------------------------------------------------------------------------------
  // Data at rest

  @Test
  void dataDirectoryIsOwnerOnly() throws Exception {
    String id = submit(a, MD5, "\"all\"");
    f.put("/v1/signals/" + id + "/opinion", b, "{\"opinion\":\"seen\",\"note\":\"checked\"}");
    f.post("/v1/allowlist", b, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"note\":\"ours\"}");
    f.exchange.force();
    Path data = dir.resolve("data");
    f.close();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        assertThat(PosixFilePermissions.toString(perms)).as(p.toString()).isEqualTo(expected);
      }
    }
  }

  @Test
  void emailShapedTextIsRefusedInNotesKeywordsAndUrlQueries() {
    String id = submit(a, MD5, "\"all\"");
    JsonNode note = submitRaw(a, "{\"type\":\"md5\",\"value\":\"" + "9".repeat(32) + "\",\"note\":\"from victim@example.org\"}").json();
    assertEmailRefusal(note.path("results").path(0).path("error"), "note");
    JsonNode keyword = submitRaw(a, "{\"type\":\"keyword\",\"value\":\"write to victim@example.org\"}").json();
    assertEmailRefusal(keyword.path("results").path(0).path("error"), "value");
    JsonNode url = submitRaw(a, "{\"type\":\"url\",\"value\":\"https://files.example/get?owner=victim%40example.org\"}").json();
    assertEmailRefusal(url.path("results").path(0).path("error"), "value");
    Answer opinion = f.put("/v1/signals/" + id + "/opinion", b, "{\"opinion\":\"seen\",\"note\":\"victim@example.org\"}");
    assertThat(opinion.status()).isEqualTo(400);
    assertEmailRefusal(opinion.error(), "note");
    Answer allow = f.post("/v1/allowlist", b, "{\"type\":\"md5\",\"value\":\"" + MD5 + "\",\"note\":\"victim@example.org\"}");
    assertThat(allow.status()).isEqualTo(400);
    assertEmailRefusal(allow.error(), "note");
    // Nothing of it reached disk. Closed first: a live index may delete merged files mid-scan.
    f.exchange.force();
    f.close();
    assertThat(grepData("victim")).isEmpty();
  }

  private static void assertEmailRefusal(JsonNode error, String field) {
    assertThat(error.path("code").asText()).as(error.toString()).isEqualTo("email_in_text");
    assertThat(error.path("field").asText()).as(error.toString()).endsWith(field);
    assertThat(error.path("message").asText()).contains("email").contains("signal");
  }

  private List<Path> grepData(String needle) {
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir.resolve("data"))) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isRegularFile(p) && new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle)) {
          hits.add(p);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return hits;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  Answer submitRaw(String key, String signal) {
    Answer r = f.post("/v1/signals", key, "{\"signals\":[" + signal + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  int submitStatus(String key) {
    return f.post("/v1/signals", key, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}]}").status();
  }

  /** Shares an md5 signal with {@code visibility} (JSON) and returns its id. */
  String submit(String key, String md5, String visibility) {
    return submitOn(f, key, md5, visibility);
  }

  static String submitOn(ServerFixture s, String key, String md5, String visibility) {
    Answer r = s.post("/v1/signals", key, "{\"signals\":[{\"type\":\"md5\",\"value\":\"" + md5 + "\",\"visibility\":" + visibility + "}]}");
    JsonNode result = r.json().path("results").path(0);
    assertThat(result.path("status").asText()).as(r.body()).isIn("created", "updated", "unchanged");
    return result.path("id").asText();
  }

  long auditSize() {
    return auditSince(0).size();
  }

  List<AuditEntry> auditSince(long skip) {
    List<AuditEntry> all = new ArrayList<>();
    AuditLog.read(dir.resolve("data").resolve(AuditLog.DIRECTORY_NAME), Instant.EPOCH, all::add);
    return all.subList((int) Math.min(skip, all.size()), all.size());
  }

  String auditText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("data").resolve(AuditLog.DIRECTORY_NAME))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(".jsonl")) {
          text.append(Files.readString(p));
        }
      }
    }
    return text.toString();
  }
}
