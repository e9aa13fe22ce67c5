package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * The routes the investigator page added: {@code /v1/me}, {@code /v1/participants}, the signal
 * listing and the opinion read. The listing is checked against a brute-force oracle over what each
 * participant shared and may see, with the seed printed (replay with {@code -Dtests.seed}).
 */
class MemberRoutesTest {
  @TempDir static Path dir;
  static ServerFixture server;
  static final long SEED = Long.getLong("tests.seed", System.nanoTime());
  /** What was shared: contributor, type, value, category, recipients (empty: all). */
  record Shared(String id, String contributor, String type, String category, List<String> visibility, boolean retracted) {}
  static final List<Shared> shared = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = new ServerFixture(dir, ServerFixture.testLimits());
    server.participant("gone", EnumSet.of(Role.READER));
    server.exchange.administration().setSuspended(Caller.localOperator(), "gone", true);
    Random random = new Random(SEED);
    String[] categories = {"csam", "grooming", "trade"};
    for (int i = 0; i < 60; i++) {
      boolean byFilehost = random.nextBoolean();
      String key = byFilehost ? server.filehost : server.platform;
      String type = random.nextBoolean() ? "username" : "url";
      String value = type.equals("url") ? "https://h" + i + ".example/p" : "user_" + i;
      String category = categories[random.nextInt(categories.length)];
      List<String> visibility = random.nextInt(3) == 0 ? List.of(byFilehost ? "platform" : "filehost") : List.of();
      String vis = visibility.isEmpty() ? "\"all\"" : "[\"" + visibility.get(0) + "\"]";
      Answer a = server.post("/v1/signals", key,
          "{\"signals\":[{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"categories\":[\"" + category + "\"],\"visibility\":" + vis + "}]}");
      String id = a.json().path("results").path(0).path("id").asText();
      boolean retracted = random.nextInt(5) == 0;
      if (retracted) {
        assertThat(server.post("/v1/signals/" + id + "/retract", key, null).status()).isEqualTo(200);
      }
      shared.add(new Shared(id, byFilehost ? "filehost" : "platform", type, category, visibility, retracted));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void meSaysWhoAndWhichRolesAndCategories() {
    JsonNode me = server.get("/v1/me", server.reader).json();
    assertThat(me.path("id").asText()).isEqualTo("reader");
    assertThat(me.path("roles").toString()).isEqualTo("[\"reader\"]");
    assertThat(me.path("categories").toString()).contains("\"csam\"", "\"grooming\"");
    assertThat(server.get("/v1/me", null).status()).isEqualTo(401);
  }

  @Test
  void anyMemberReadsTheActiveParticipantsIdsAndNamesOnly() {
    Answer a = server.get("/v1/participants", server.reader);
    assertThat(a.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode p : a.json().path("participants")) {
      ids.add(p.path("id").asText());
      assertThat(p.properties()).extracting(java.util.Map.Entry::getKey).containsOnly("id", "name");
    }
    assertThat(ids).containsExactly("admin", "filehost", "platform", "reader"); // not the suspended one
  }

  @Test
  void theListingIsWhatEachMaySeeFilteredNewestFirstAcrossPages() {
    String seed = "seed " + SEED + " (replay with -Dtests.seed=" + SEED + ")";
    record Who(String id, String key) {}
    for (Who who : List.of(new Who("filehost", server.filehost), new Who("platform", server.platform), new Who("reader", server.reader))) {
      for (String query : List.of("", "contributor=me", "contributor=platform", "type=url", "status=retracted", "category=csam&status=active")) {
        List<String> got = new ArrayList<>();
        long cursor = 0;
        int pages = 0;
        do {
          Answer a = server.get("/v1/signals?limit=7&cursor=" + cursor + (query.isEmpty() ? "" : "&" + query), who.key());
          assertThat(a.status()).as(seed).isEqualTo(200);
          a.json().path("signals").forEach(s -> got.add(s.path("id").asText()));
          cursor = a.json().path("next_cursor").asLong();
          assertThat(a.json().path("more").asBoolean()).isEqualTo(cursor > 0);
          pages++;
        } while (cursor > 0 && pages < 100);
        List<String> expected = new ArrayList<>();
        for (Shared s : shared.reversed()) { // newest first: the listing follows the change order
          boolean visible = s.contributor().equals(who.id()) || s.visibility().isEmpty() || s.visibility().contains(who.id());
          if (visible && matches(s, query, who.id())) {
            expected.add(s.id());
          }
        }
        // Retracting re-orders a signal to its latest change: compare as sets plus order of unretracted.
        assertThat(new HashSet<>(got)).as(who.id() + " " + query + " " + seed).isEqualTo(new HashSet<>(expected));
        assertThat(got).as("each signal once").doesNotHaveDuplicates();
      }
    }
  }

  private static boolean matches(Shared s, String query, String me) {
    Set<Boolean> ok = new HashSet<>();
    for (String part : query.isEmpty() ? new String[0] : query.split("&")) {
      String[] kv = part.split("=");
      ok.add(switch (kv[0]) {
        case "contributor" -> s.contributor().equals(kv[1].equals("me") ? me : kv[1]);
        case "type" -> s.type().equals(kv[1]);
        case "status" -> (s.retracted() ? "retracted" : "active").equals(kv[1]);
        case "category" -> s.category().equals(kv[1]);
        default -> throw new IllegalArgumentException(kv[0]);
      });
    }
    return !ok.contains(false);
  }

  @Test
  void badListingParametersNameTheirField() {
    for (String[] c : new String[][] {
        {"type=nope", "type"}, {"status=gone", "status"}, {"category=nope", "category"}, {"cursor=-1", "cursor"}, {"limit=0", "limit"}}) {
      Answer a = server.get("/v1/signals?" + c[0], server.reader);
      assertThat(a.status()).as(c[0]).isEqualTo(400);
      assertThat(a.error().path("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void theOpinionReadGivesCountsAndMineOnlyOnVisibleSignals() {
    Shared open = shared.stream().filter(s -> s.visibility().isEmpty()).findFirst().orElseThrow();
    assertThat(server.put("/v1/signals/" + open.id() + "/opinion", server.reader, "{\"opinion\":\"seen\"}").status()).isEqualTo(200);
    JsonNode o = server.get("/v1/signals/" + open.id() + "/opinion", server.reader).json();
    assertThat(o.path("opinions").path("seen").asInt()).isEqualTo(1);
    assertThat(o.path("opinions").path("mine").asText()).isEqualTo("seen");
    Shared hidden = shared.stream().filter(s -> !s.visibility().isEmpty()).findFirst().orElseThrow();
    Answer refused = server.get("/v1/signals/" + hidden.id() + "/opinion", server.reader);
    Answer unknown = server.get("/v1/signals/" + "0".repeat(hidden.id().length()) + "/opinion", server.reader);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.body().replace(hidden.id(), "X")).isEqualTo(unknown.body().replace("0".repeat(hidden.id().length()), "X"));
  }
}
