package org.lantern.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.participant.Role;
import org.lantern.core.testing.TestSeeds;

/**
 * Property: for any participant and any hash, the HMA routes answer exactly what {@code /v1}
 * answers the same participant — the same signals (content ids mapped back to signal ids), in
 * the same order, with the same distances (as HMA's strings), grouped by the banks of their
 * categories — on random clustered data with mixed visibility, categories and retractions.
 */
class HmaMatchesV1PropertyTest {
  private static final String[] CATEGORIES = {"csam", "trade", "grooming", "sextortion"};

  @TempDir Path dir;

  @Test
  void hmaLookupsEqualV1LookupsForTheSameParticipant() {
    SplittableRandom random = TestSeeds.random("hma-v1-data");
    String seed = TestSeeds.describe();
    try (CompatFixture f = new CompatFixture(ExchangeConfig.defaults(dir.resolve("data")))) {
      String[] keys = {
          f.participant("p1", EnumSet.of(Role.CONTRIBUTOR, Role.READER)),
          f.participant("p2", EnumSet.of(Role.CONTRIBUTOR, Role.READER)),
          f.participant("p3", EnumSet.of(Role.READER))};
      List<String> pdqs = new ArrayList<>();
      List<String> md5s = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int cluster = 0; cluster < 60; cluster++) {
        String center = CompatNoLeakTest.randomPdq(random);
        for (int i = 0; i < 6; i++) {
          String contributor = random.nextBoolean() ? "p1" : "p2";
          String value = i == 0 ? center : CompatNoLeakTest.near(center, random, 30);
          pdqs.add(value);
          List<SignalSubmission> batch = new ArrayList<>();
          batch.add(withVisibility(SignalSubmission.of("pdq", value, categories(random)), random));
          String md5 = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
          md5s.add(md5);
          batch.add(withVisibility(SignalSubmission.of("md5", md5, categories(random)), random));
          if (random.nextInt(3) == 0) { // the same md5 from the other contributor
            f.submit(contributor.equals("p1") ? "p2" : "p1", List.of(SignalSubmission.of("md5", md5, categories(random))));
          }
          ids.addAll(f.submit(contributor, batch));
        }
      }
      for (int i = 0; i < ids.size() / 10; i++) {
        String id = ids.get(random.nextInt(ids.size()));
        String contributor = f.exchange.get(f.caller("p1"), id).map(s -> s.contributor()).orElse(null);
        if (contributor != null) {
          f.exchange.retract(f.caller(contributor), id);
        }
      }
      ContentIds contentIds = ContentIds.of(f.exchange);
      qt().withExamples(TestSeeds.iterations(50))
          .withFixedSeed(TestSeeds.seed("hma-v1-queries"))
          .forAll(integers().between(0, 2), integers().between(0, pdqs.size() - 1), integers().between(0, 40), longs().all())
          .checkAssert((who, base, bits, flips) -> {
            String key = keys[who];
            String query = CompatNoLeakTest.near(pdqs.get(base), new SplittableRandom(flips), bits);
            JsonNode v1 = f.get("/v1/match/pdq/" + query + "?max_distance=31&limit=1000", key).json().get("matches");
            JsonNode raw = f.get("/hma/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + query, key).json().get("matches");
            assertThat(mapped(raw, contentIds)).as(seed).isEqualTo(expectedRaw(v1, "pdq"));
            JsonNode byBank = f.get("/hma/m/lookup?signal_type=pdq&signal=" + query, key).json();
            assertThat(mappedBanks(byBank, contentIds)).as(seed).isEqualTo(expectedBanks(v1, "pdq"));

            String md5 = md5s.get(base).toUpperCase(Locale.ROOT);
            JsonNode v1md5 = f.post("/v1/match/hashes", key, "application/json",
                ("{\"type\":\"md5\",\"limit\":1000,\"hashes\":[\"" + md5 + "\"]}").getBytes(StandardCharsets.UTF_8))
                .json().at("/results/0/matches");
            JsonNode hmaMd5 = f.get("/hma/m/lookup?signal_type=video_md5&signal=" + md5, key).json();
            assertThat(mappedBanks(hmaMd5, contentIds)).as(seed).isEqualTo(expectedBanks(v1md5, "video_md5"));
          });
    }
  }

  private static SignalSubmission withVisibility(SignalSubmission s, SplittableRandom random) {
    int v = random.nextInt(4);
    return v < 2 ? s : s.withVisibility(List.of(v == 2 ? "p1" : "p3"));
  }

  private static String[] categories(SplittableRandom random) {
    int n = random.nextInt(3);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String c = CATEGORIES[random.nextInt(CATEGORIES.length)];
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out.toArray(String[]::new);
  }

  /** HMA's matches as "signal id distance" lines. */
  private static List<String> mapped(JsonNode matches, ContentIds contentIds) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : matches) {
      out.add(contentIds.signalId(m.get("bank_content_id").asLong()) + " " + m.get("distance").asText());
    }
    return out;
  }

  private static Map<String, List<String>> mappedBanks(JsonNode byBank, ContentIds contentIds) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    byBank.fields().forEachRemaining(e -> out.put(e.getKey(), mapped(e.getValue(), contentIds)));
    return out;
  }

  private static List<String> expectedRaw(JsonNode v1, String type) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : v1) {
      out.add(m.get("id").asText() + " " + distance(m, type));
    }
    return out;
  }

  /** /v1 matches grouped as HMA banks: one per category, UNCATEGORIZED without one. */
  private static Map<String, List<String>> expectedBanks(JsonNode v1, String type) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode m : v1) {
      List<String> banks = new ArrayList<>();
      m.get("categories").forEach(c -> banks.add(c.asText().toUpperCase(Locale.ROOT)));
      if (banks.isEmpty()) {
        banks.add("UNCATEGORIZED");
      }
      for (String bank : banks) {
        out.computeIfAbsent(bank, b -> new ArrayList<>()).add(m.get("id").asText() + " " + distance(m, type));
      }
    }
    return out;
  }

  private static String distance(JsonNode match, String type) {
    return type.equals("pdq") ? match.get("distance").asText() : "-";
  }
}
