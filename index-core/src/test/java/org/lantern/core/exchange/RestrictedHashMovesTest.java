package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.hash.Hamming;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalType;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/**
 * Perceptual signals moving between the shared index and the restricted partitions: created
 * shared or restricted, widened, narrowed, passed between audiences, retracted and re-submitted.
 * After every stretch of random operations each participant's lookup must equal a brute-force
 * oracle over the model (active, visible to it), the exchange's own consistency check must find
 * nothing, and both must still hold after a reopen, which rebuilds the partitions from the store.
 *
 * <p>Seeded: a failure names the seed; {@code -Dtests.iterations=N} runs N times the operations.
 */
class RestrictedHashMovesTest {
  private static final List<List<String>> AUDIENCES =
      List.of(List.of(), List.of(), List.of("v"), List.of("c"), List.of("a"), List.of("v", "c"), List.of("a", "c"));
  private static final String[] PARTICIPANTS = {"v", "a", "c"};

  @TempDir Path data;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
  private Exchange exchange;

  /** The model of one (contributor, value) signal. */
  private record Modelled(String contributor, String hex, List<String> visibility, boolean active) {}

  @AfterEach
  void close() {
    if (exchange != null) {
      exchange.close();
    }
  }

  @Test
  void lookupsEqualTheOracleThroughEveryMoveAndAfterAReopen() {
    SplittableRandom random = TestSeeds.random("restricted-moves");
    open();
    for (String p : PARTICIPANTS) {
      exchange.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    Hash centre = Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      values.add(near(random, centre, random.nextInt(48)).toHex());
    }
    Map<String, Modelled> model = new TreeMap<>(); // by signal id
    Map<String, String> idOf = new HashMap<>(); // contributor + value -> id
    int operations = TestSeeds.iterations(600);
    for (int op = 1; op <= operations; op++) {
      String contributor = PARTICIPANTS[random.nextInt(PARTICIPANTS.length)];
      Caller caller = exchange.participants().caller(contributor).orElseThrow();
      List<SignalSubmission> batch = new ArrayList<>();
      boolean retract = random.nextInt(5) == 0;
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        String hex = values.get(random.nextInt(values.size()));
        List<String> visibility = AUDIENCES.get(random.nextInt(AUDIENCES.size()));
        batch.add(SignalSubmission.of("pdq", hex, "csam").withVisibility(visibility));
      }
      List<SubmitResult> results = retract ? exchange.retractValues(caller, batch) : exchange.submit(caller, batch);
      for (int i = 0; i < results.size(); i++) {
        SubmitResult r = results.get(i);
        SignalSubmission s = batch.get(i);
        String key = contributor + " " + s.value();
        if (retract) {
          String id = idOf.get(key);
          if (id != null) {
            model.put(id, new Modelled(contributor, s.value(), model.get(id).visibility(), false));
          }
          continue;
        }
        assertThat(r.accepted()).as("op %d: %s %s", op, r.error(), TestSeeds.describe()).isTrue();
        idOf.put(key, r.id());
        model.put(r.id(), new Modelled(contributor, s.value(), s.visibility(), true));
      }
      if (op % 100 == 0) {
        check(centre, model, "after op " + op);
      }
    }
    exchange.close();
    open();
    check(centre, model, "after a reopen");
  }

  /**
   * A data directory written before restricted hashes were kept apart holds them in the shared
   * index, named by their records: the next open takes them out, and lookups and the consistency
   * check behave as if they had never been there.
   */
  @Test
  void anOpenTakesRestrictedHashesOutOfTheSharedIndexOfAnOlderDirectory() {
    SplittableRandom random = TestSeeds.random("restricted-migration");
    open();
    for (String p : PARTICIPANTS) {
      exchange.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    Caller a = exchange.participants().caller("a").orElseThrow();
    Caller v = exchange.participants().caller("v").orElseThrow();
    Hash centre = Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    String shared = near(random, centre, 5).toHex();
    String restricted = near(random, centre, 3).toHex();
    exchange.submit(a, List.of(SignalSubmission.of("pdq", shared, "csam").withVisibility(List.of())));
    String id = exchange.submit(a, List.of(SignalSubmission.of("pdq", restricted, "csam").withVisibility(List.of("c")))).get(0).id();
    // As the older layout had it: the restricted hash appended to the shared index, its record naming the ordinal.
    ExchangeDirectory dir = exchange.directory();
    byte[] binary = org.lantern.core.signal.SignalIds.decode(id);
    long ordinal = dir.indexes.nextOrdinal(org.lantern.core.hash.HashType.PDQ);
    dir.indexes.appendNew(org.lantern.core.hash.HashType.PDQ, Hash.parseHex(restricted, 256).words(), new byte[][] {binary},
        new int[] {dir.indexes.audienceId(dir.store.get(binary).signal())}, 1, ordinal);
    dir.store.put(new org.lantern.core.signal.StoredSignal(dir.store.get(binary).signal(), ordinal));
    assertThat(exchange.verify()).as("the older layout, as the new code sees it").isNotEmpty();
    exchange.close();

    open();
    assertThat(exchange.verify()).isEmpty();
    assertThat(exchange.directory().indexes.perceptual(org.lantern.core.hash.HashType.PDQ).size()).isEqualTo(1);
    assertThat(exchange.matchHash(v, SignalType.PDQ, centre.toHex(), 31, 10).matches()).extracting(m -> m.signal().value())
        .containsExactly(shared);
    Caller c = exchange.participants().caller("c").orElseThrow();
    assertThat(exchange.matchHash(c, SignalType.PDQ, centre.toHex(), 31, 10).matches()).extracting(m -> m.signal().value())
        .containsExactly(restricted, shared);
  }

  private void open() {
    exchange = Exchange.open(ExchangeConfig.defaults(data).withClock(clock).withSizes(10_000, 10_000)
        .withIntervals(Duration.ZERO, Duration.ZERO));
  }

  private void check(Hash centre, Map<String, Modelled> model, String when) {
    String context = when + " " + TestSeeds.describe();
    assertThat(exchange.verify()).as(context).isEmpty();
    for (String participant : PARTICIPANTS) {
      Caller caller = exchange.participants().caller(participant).orElseThrow();
      for (int radius : new int[] {0, 12, 31, 48}) {
        Map<String, Integer> want = new TreeMap<>();
        model.forEach((id, m) -> {
          int d = Hamming.distance(centre.words(), Hash.parseHex(m.hex(), 256).words());
          boolean visible = m.contributor().equals(participant) || m.visibility().isEmpty() || m.visibility().contains(participant);
          if (m.active() && visible && d <= radius) {
            want.put(id, d);
          }
        });
        Map<String, Integer> got = new TreeMap<>();
        for (SignalMatch match : exchange.matchHash(caller, SignalType.PDQ, centre.toHex(), radius, Exchange.MAX_LIMIT).matches()) {
          assertThat(got.put(match.signal().id(), match.distance())).as("%s: %s twice", context, match.signal().id()).isNull();
        }
        assertThat(got).as("%s: %s, radius %d", context, participant, radius).isEqualTo(want);
      }
    }
  }

  private static Hash near(SplittableRandom random, Hash centre, int bits) {
    return Hash.ofWords(HashGenerators.nearCopy(random, centre.words(), bits));
  }
}
