package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;
import org.lantern.core.synth.SyntheticSignals;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/**
 * A replica in a second data directory, fed only by {@link DeltaFeed#updates} pages (random sizes,
 * at random moments) while the source takes random submissions, updates (half of them changing
 * the visibility), retractions and expirations, ends with exactly the signals the following
 * participant may see, in the same state.
 */
class FeedReplicaTest {
  @TempDir Path source;
  @TempDir Path replica;

  @Test
  void aReplicaFedFromCursorZeroReachesTheVisibleState() {
    SplittableRandom random = TestSeeds.random("feed");
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    ExchangeConfig sourceConfig = ExchangeConfig.defaults(source).withClock(clock).withSizes(10_000, 10_000).withIntervals(Duration.ZERO, Duration.ZERO);
    ExchangeConfig replicaConfig = ExchangeConfig.defaults(replica).withSizes(10_000, 10_000).withIntervals(Duration.ZERO, Duration.ZERO);
    try (Exchange src = Exchange.open(sourceConfig); Exchange dst = Exchange.open(replicaConfig)) {
      for (String p : List.of("a", "b", "follower")) {
        src.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      }
      Caller[] contributors = {src.participants().caller("a").orElseThrow(), src.participants().caller("b").orElseThrow()};
      Caller follower = src.participants().caller("follower").orElseThrow();
      dst.participants().add("replicator", null, EnumSet.of(Role.ADMIN));
      Caller replicator = dst.participants().caller("replicator").orElseThrow();

      SyntheticSignals synthetic = new SyntheticSignals(random.nextLong(), 20);
      List<String[]> submitted = new ArrayList<>(); // {contributor index, id}
      long cursor = 0;
      int rounds = TestSeeds.iterations(300);
      for (int round = 0; round < rounds; round++) {
        int action = random.nextInt(10);
        if (action < 5 || submitted.isEmpty()) {
          int c = random.nextInt(2);
          List<SignalSubmission> batch = new ArrayList<>();
          for (int i = 1 + random.nextInt(8); i > 0; i--) {
            SignalType type = SignalType.values()[random.nextInt(SignalType.values().length)];
            List<String> visibility = switch (random.nextInt(3)) {
              case 0 -> List.of();
              case 1 -> List.of("follower");
              default -> List.of(c == 0 ? "b" : "a"); // hidden from the follower
            };
            Instant expires = random.nextInt(4) == 0 ? clock.instant().plus(Duration.ofMinutes(1 + random.nextInt(60))) : null;
            batch.add(new SignalSubmission(type.label(), synthetic.value(type), List.of("csam"), null, expires, null, visibility));
          }
          for (SubmitResult r : src.submit(contributors[c], batch)) {
            assertThat(r.accepted()).as("%s", r.error()).isTrue();
            submitted.add(new String[] {Integer.toString(c), r.id()});
          }
        } else if (action < 7) {
          String[] pick = submitted.get(random.nextInt(submitted.size()));
          src.retract(contributors[Integer.parseInt(pick[0])], pick[1]);
        } else if (action < 8) {
          // Re-submit an existing signal with a new note (an update, possibly reviving it).
          String[] pick = submitted.get(random.nextInt(submitted.size()));
          Signal s = src.get(contributors[Integer.parseInt(pick[0])], pick[1]).orElseThrow();
          String raw = s.type().family() == SignalType.Family.ACCOUNT ? null : s.value();
          if (raw != null) {
            // Half the updates also change who may see it: widened, narrowed away from the follower, or back.
            List<String> visibility = random.nextBoolean() ? s.visibility() : switch (random.nextInt(3)) {
              case 0 -> List.of();
              case 1 -> List.of("follower");
              default -> List.of(pick[0].equals("0") ? "b" : "a");
            };
            src.submit(contributors[Integer.parseInt(pick[0])], List.of(new SignalSubmission(s.type().label(), raw, s.categories(),
                "note " + round, null, null, visibility)));
          }
        } else {
          clock.advance(Duration.ofMinutes(random.nextInt(30)));
          src.expireDue();
        }
        if (random.nextInt(3) == 0) {
          cursor = pull(src, dst, follower, replicator, cursor, 1 + random.nextInt(20));
        }
      }
      pull(src, dst, follower, replicator, cursor, 50);

      // The oracle: what the follower may see of every signal ever submitted, asked one by one.
      Map<String, Signal> expected = new TreeMap<>();
      for (String[] pick : submitted) {
        src.get(follower, pick[1]).filter(Signal::isActive).ifPresent(s -> expected.put(s.id(), s));
      }
      Map<String, Signal> actual = visibleActive(dst, replicator);
      assertThat(expected).isNotEmpty();
      assertThat(actual.keySet()).as(TestSeeds.describe()).isEqualTo(expected.keySet());
      for (String id : expected.keySet()) {
        Signal want = expected.get(id);
        Signal got = actual.get(id);
        assertThat(got.value()).isEqualTo(want.value());
        assertThat(got.contributor()).isEqualTo(want.contributor());
        assertThat(got.note()).isEqualTo(want.note());
        assertThat(got.categories()).isEqualTo(want.categories());
        assertThat(got.created()).isEqualTo(want.created());
        assertThat(got.updated()).isEqualTo(want.updated());
      }
      // And it is matchable there: every replicated hash is found by its own value.
      for (Signal s : actual.values()) {
        if (s.type().family() == SignalType.Family.PERCEPTUAL || s.type().family() == SignalType.Family.DIGEST) {
          assertThat(dst.match(replicator, s.type(), s.value(), 0, 100).matches()).extracting(m -> m.signal().id()).contains(s.id());
        }
      }
      assertThat(dst.verify()).isEmpty();
    }
  }

  /** Applies feed pages until the source has nothing newer; returns the new cursor. */
  private static long pull(Exchange src, Exchange dst, Caller follower, Caller replicator, long cursor, int pageSize) {
    while (true) {
      FeedPage page = src.deltaFeed().updates(follower, cursor, pageSize);
      dst.replicate(replicator, page.entries());
      cursor = page.nextCursor();
      if (!page.more()) {
        return cursor;
      }
    }
  }

  /** Active signals as {@code caller} sees them, read through the feed itself from cursor 0. */
  private static Map<String, Signal> visibleActive(Exchange exchange, Caller caller) {
    Map<String, Signal> out = new TreeMap<>();
    long cursor = 0;
    while (true) {
      FeedPage page = exchange.deltaFeed().updates(caller, cursor, 1000);
      for (FeedPage.Entry e : page.entries()) {
        if (e.deleted()) {
          out.remove(e.signal().id());
        } else {
          out.put(e.signal().id(), e.signal());
        }
      }
      cursor = page.nextCursor();
      if (!page.more()) {
        return out;
      }
    }
  }
}
