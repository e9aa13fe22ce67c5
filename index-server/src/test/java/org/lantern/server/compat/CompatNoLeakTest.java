package org.lantern.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Role;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/**
 * No existence leaks through the compatibility doors: two exchanges with the same secret and the
 * same clock get the same signals the reader may see; one of them also gets signals hidden from
 * the reader (some within matching distance of visible ones), retracted or not, interleaved in
 * time. Every answer the reader gets — FetchHashes pages at several sizes (records, counts,
 * tokens, timestamps, page boundaries), HMA lookups and index sizes — must be byte-identical.
 */
class CompatNoLeakTest {
  @TempDir Path dir;

  @Test
  void answersAreIdenticalWhetherOrNotHiddenSignalsExist() {
    SplittableRandom random = TestSeeds.random("compat-no-leak");
    String seed = TestSeeds.describe();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    MutableClock clockA = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    MutableClock clockB = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    try (CompatFixture a = fixture("a", secret, clockA); CompatFixture b = fixture("b", secret, clockB)) {
      String readerA = keys(a);
      String readerB = keys(b);
      List<String> visible = new ArrayList<>(); // pdq values the reader may see
      List<String> visibleIds = new ArrayList<>();
      List<String> hiddenIds = new ArrayList<>();
      int steps = TestSeeds.iterations(200);
      for (int step = 0; step < steps; step++) {
        int op = random.nextInt(10);
        if (op < 4) {
          List<SignalSubmission> batch = new ArrayList<>();
          for (int i = 1 + random.nextInt(4); i > 0; i--) {
            String value = visible.isEmpty() || random.nextBoolean() ? randomPdq(random) : near(visible.get(random.nextInt(visible.size())), random, 12);
            visible.add(value);
            SignalSubmission s = SignalSubmission.of(random.nextBoolean() ? "pdq" : "pdq", value, random.nextBoolean() ? "csam" : "trade");
            batch.add(random.nextBoolean() ? s : s.withVisibility(List.of("reader")));
          }
          visibleIds.addAll(a.submit("filehost", batch));
          b.submit("filehost", batch);
        } else if (op < 7) {
          List<SignalSubmission> batch = new ArrayList<>();
          for (int i = 1 + random.nextInt(4); i > 0; i--) {
            String value = visible.isEmpty() || random.nextInt(4) == 0 ? randomPdq(random) : near(visible.get(random.nextInt(visible.size())), random, 20);
            batch.add(SignalSubmission.of("pdq", value, "csam").withVisibility(List.of("filehost")));
          }
          hiddenIds.addAll(b.submit("other", batch));
        } else if (op == 7 && !visibleIds.isEmpty()) {
          String id = visibleIds.get(random.nextInt(visibleIds.size()));
          a.exchange.retract(a.caller("filehost"), id);
          b.exchange.retract(b.caller("filehost"), id);
        } else if (op == 8 && !hiddenIds.isEmpty()) {
          b.exchange.retract(b.caller("other"), hiddenIds.get(random.nextInt(hiddenIds.size())));
        } else {
          Duration by = Duration.ofMillis(random.nextInt(1_500));
          clockA.advance(by);
          clockB.advance(by);
        }
      }
      assertThat(hiddenIds).as(seed).isNotEmpty();
      for (int pageSize : new int[] {1, 2, 7, 1000}) {
        for (long start : new long[] {0, clockA.instant().getEpochSecond() - 60}) {
          assertThat(pages(b, readerB, start, pageSize)).as("%s; page size %d from %d", seed, pageSize, start)
              .isEqualTo(pages(a, readerA, start, pageSize));
        }
      }
      for (String value : visible) {
        String path = "/hma/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + value;
        assertThat(b.get(path, readerB).body()).as(seed).isEqualTo(a.get(path, readerA).body());
        path = "/hma/m/lookup?signal_type=pdq&signal=" + value;
        assertThat(b.get(path, readerB).body()).as(seed).isEqualTo(a.get(path, readerA).body());
      }
      assertThat(sizes(b, readerB)).as(seed).isEqualTo(sizes(a, readerA));
    }
  }

  private CompatFixture fixture(String name, byte[] secret, MutableClock clock) {
    return new CompatFixture(ExchangeConfig.defaults(dir.resolve(name)).withSecret(secret).withClock(clock));
  }

  /** filehost and other contribute; reader's key is returned. */
  private static String keys(CompatFixture f) {
    f.participant("filehost", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    f.participant("other", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    return f.participant("reader", EnumSet.of(Role.READER));
  }

  private static List<String> pages(CompatFixture f, String key, long start, int pageSize) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      CompatFixture.Answer page = f.send("GET", "/compat/stopncii/v1/FetchHashes?startTimestamp=" + start + "&pageSize=" + pageSize
          + (token == null ? "" : "&nextPageToken=" + token), new String[] {"x-functions-key", key}, null, null);
      out.add(page.body());
      token = page.json().get("hasMoreRecords").asBoolean() ? page.json().get("nextPageToken").asText() : null;
    } while (token != null);
    return out;
  }

  private static String sizes(CompatFixture f, String key) {
    JsonNode status = f.get("/hma/m/index/status", key).json();
    status.forEach(type -> ((ObjectNode) type).remove("built_to"));
    return status.toString();
  }

  static String randomPdq(SplittableRandom random) {
    return Hash.toHex(new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()}, 0, 4);
  }

  /** {@code hex} with up to {@code bits} random bits flipped. */
  static String near(String hex, SplittableRandom random, int bits) {
    Hash h = Hash.parseHex(hex, 256);
    long[] words = h.words().clone();
    for (int i = random.nextInt(bits + 1); i > 0; i--) {
      int bit = random.nextInt(256);
      words[bit >>> 6] ^= 1L << (bit & 63);
    }
    return Hash.toHex(words, 0, 4);
  }
}
