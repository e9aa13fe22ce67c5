package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalType;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/**
 * One test body for every lookup kind: a viewer looks a value up among signals it may see, signals
 * hidden from it (many of them crowding the nearest positions), signals it has allow-listed and
 * retracted ones; the answer must equal a brute-force oracle that first keeps the acceptable
 * signals (active, visible to the viewer, not allow-listed by it) and then takes the {@code limit}
 * nearest, for limits 1, 10 and 100.
 *
 * <p>"Nearest" is a rank each kind defines (Hamming distance; for URLs exact, then the longest
 * path prefix, then same host; 0 for an equal value). Ties in rank may come in any order, so the
 * answer is compared as: every match acceptable, no match twice, and the ranks of the matches
 * equal the {@code limit} smallest ranks of the acceptable signals.
 *
 * <p>Seeded: a failure names the seed ({@code -Dlantern.seed=0x…} replays it);
 * {@code -Dtests.iterations=N} runs N scenarios (one by default; 5 make the long run).
 */
abstract class FilteredLookupTestCase {
  /** Contributors besides the viewer (each is one batch, one index refresh: keep it small). */
  int contributorCount() {
    return 6;
  }

  @TempDir Path data;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
  private Exchange exchange;
  private Caller viewer;
  private final List<Caller> contributors = new ArrayList<>();

  /** The type looked up. */
  abstract SignalType type();

  /** A query value. */
  abstract String query(SplittableRandom random);

  /**
   * A stored value for the query: near ({@code near}: among the nearest positions) or anywhere in
   * the kind's range, including values the lookup does not match at all.
   */
  abstract String neighbour(SplittableRandom random, String query, boolean near);

  /** The oracle's rank of stored {@code value} for {@code query}; {@link Integer#MAX_VALUE} if not matched. */
  abstract int rank(String query, String value);

  /** The lookup under test. */
  abstract Matches lookup(Exchange exchange, Caller caller, String query, int limit);

  /** The rank a match reports, to check it against the oracle's. */
  int reportedRank(String query, SignalMatch match) {
    return rank(query, match.signal().value());
  }

  /** Hidden signals placed among the nearest positions. */
  int crowd() {
    return 150;
  }

  /** Other signals, anywhere in the range. */
  int others() {
    return 250;
  }

  @BeforeEach
  void open() {
    exchange = Exchange.open(ExchangeConfig.defaults(data).withClock(clock).withSizes(10_000, 10_000)
        .withIntervals(Duration.ZERO, Duration.ZERO));
    exchange.participants().add("viewer", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    viewer = exchange.participants().caller("viewer").orElseThrow();
    for (int i = 0; i < contributorCount(); i++) {
      exchange.participants().add("c" + i, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      contributors.add(exchange.participants().caller("c" + i).orElseThrow());
    }
  }

  @AfterEach
  void close() {
    exchange.close();
  }

  /** What the oracle knows of one stored signal. */
  private record Stored(String id, String value, String raw, Caller contributor, boolean acceptable) {}

  @Test
  void answersEqualFilterFirstThenNearest() {
    SplittableRandom random = TestSeeds.random("filtered-lookup-" + type().label());
    for (int round = 0; round < TestSeeds.iterations(1); round++) {
      String query = query(random);
      Map<String, Stored> stored = scenario(random, query);
      for (int limit : new int[] {1, 10, 100}) {
        check(query, stored, limit, round);
      }
      // The next round starts afresh: retract everything, and empty the viewer's allow-list.
      retractAll(stored.values());
      for (AllowEntry entry : exchange.allowLists().list(viewer)) {
        exchange.allowLists().disallow(viewer, entry.type(), entry.value());
      }
    }
  }

  /** One signal the scenario stores. */
  private record Planned(String value, Caller contributor, List<String> visibility, boolean visible, boolean retract, boolean allow) {}

  private Map<String, Stored> scenario(SplittableRandom random, String query) {
    Set<String> taken = new HashSet<>(); // contributor + value: one signal each
    // Two phases, crowd first: the hidden signals are the older ones, ahead in every index's order.
    List<Map<Caller, List<Planned>>> phases = List.of(new java.util.LinkedHashMap<>(), new java.util.LinkedHashMap<>());
    for (int i = 0; i < crowd() + others(); i++) {
      boolean crowding = i < crowd();
      String value = neighbour(random, query, crowding);
      // Crowding signals are hidden from the viewer; the others get any audience.
      int audience = crowding ? 0 : random.nextInt(5);
      Caller contributor = audience == 3 ? viewer : contributors.get(random.nextInt(contributorCount()));
      if (!taken.add(contributor.participant() + " " + value)) {
        continue;
      }
      List<String> visibility =
          switch (audience) {
            case 0 -> List.of(contributor == viewer ? "c0" : "c" + ((Integer.parseInt(contributor.participant().substring(1)) + 1) % contributorCount()));
            case 1 -> List.of("viewer", "c1"); // recipients must exist
            default -> List.of(); // 2, 4: shared with all; 3: the viewer's own
          };
      boolean retract = !crowding && random.nextInt(10) == 0;
      boolean allow = !crowding && random.nextInt(12) == 0 && allowable(value);
      phases.get(crowding ? 0 : 1).computeIfAbsent(contributor, c -> new ArrayList<>())
          .add(new Planned(value, contributor, visibility, audience != 0, retract, allow));
    }
    Map<String, Stored> stored = new HashMap<>();
    Set<String> allowListed = new HashSet<>();
    List<Stored> retracted = new ArrayList<>();
    for (Map.Entry<Caller, List<Planned>> e : phases.stream().flatMap(m -> m.entrySet().stream()).toList()) {
      List<SignalSubmission> batch = new ArrayList<>();
      for (Planned p : e.getValue()) {
        batch.add(SignalSubmission.of(type().label(), p.value(), "csam").withVisibility(p.visibility()));
      }
      List<SubmitResult> results = exchange.submit(e.getKey(), batch);
      for (int i = 0; i < results.size(); i++) {
        Planned p = e.getValue().get(i);
        SubmitResult r = results.get(i);
        assertThat(r.accepted()).as("%s %s", p.value(), r.error()).isTrue();
        String canonical = exchange.get(Caller.localOperator(), r.id()).orElseThrow().value();
        if (p.allow()) {
          exchange.allowLists().allow(viewer, type(), p.value(), null);
          allowListed.add(canonical);
        }
        Stored s = new Stored(r.id(), canonical, p.value(), p.contributor(), p.visible() && !p.retract());
        stored.put(r.id(), s);
        if (p.retract()) {
          retracted.add(s);
        }
      }
    }
    retractAll(retracted);
    Map<String, Stored> out = new HashMap<>();
    for (Stored s : stored.values()) {
      out.put(s.id(), new Stored(s.id(), s.value(), s.raw(), s.contributor(), s.acceptable() && !allowListed.contains(s.value())));
    }
    return out;
  }

  /** Retracts signals by value, one batch per contributor (each batch one index refresh). */
  private void retractAll(java.util.Collection<Stored> signals) {
    Map<Caller, List<SignalSubmission>> byContributor = new java.util.LinkedHashMap<>();
    for (Stored s : signals) {
      byContributor.computeIfAbsent(s.contributor(), c -> new ArrayList<>()).add(SignalSubmission.of(type().label(), s.raw()));
    }
    byContributor.forEach((contributor, batch) -> {
      for (SubmitResult r : exchange.retractValues(contributor, batch)) {
        assertThat(r.accepted()).as("retract %s", r.error()).isTrue();
      }
    });
  }

  /** Whether the test may allow-list this stored value (URL kinds keep the query's own prefixes off). */
  boolean allowable(String value) {
    return true;
  }

  private void check(String query, Map<String, Stored> stored, int limit, int round) {
    Matches answer = lookup(exchange, viewer, query, limit);
    List<Integer> want = new ArrayList<>();
    for (Stored s : stored.values()) {
      int rank = rank(query, s.value());
      if (s.acceptable() && rank != Integer.MAX_VALUE) {
        want.add(rank);
      }
    }
    want.sort(null);
    List<Integer> expected = want.subList(0, Math.min(limit, want.size()));
    String context = type().label() + " round " + round + " limit " + limit + " query " + query + "; " + TestSeeds.describe();
    List<Integer> got = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SignalMatch m : answer.matches()) {
      Stored s = stored.get(m.signal().id());
      assertThat(s).as("an unknown signal in the answer; %s", context).isNotNull();
      assertThat(s.acceptable()).as("%s is hidden, retracted or allow-listed; %s", m.signal().value(), context).isTrue();
      assertThat(seen.add(s.id())).as("%s twice; %s", s.id(), context).isTrue();
      got.add(reportedRank(query, m));
    }
    assertThat(got).as("ranks of the answer vs the oracle's; %s", context).isEqualTo(expected);
  }
}
