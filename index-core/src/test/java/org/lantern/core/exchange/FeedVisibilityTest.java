package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;

/**
 * The feed's revoked deletions (a follower that saw a signal hears when it may no longer see it;
 * one that never saw it hears nothing) and a read-only replica's refusals.
 */
class FeedVisibilityTest {
  @TempDir Path source;
  @TempDir Path replica;

  private static final String HASH = "f".repeat(16) + "0".repeat(48);

  @Test
  void aNarrowedSignalReachesOnlyThoseWhoSawItAsARevokedStub() {
    try (Exchange src = Exchange.open(config(source))) {
      for (String p : List.of("a", "b", "c", "d")) {
        src.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      }
      Caller a = caller(src, "a");
      Caller b = caller(src, "b");
      Caller c = caller(src, "c");
      Caller d = caller(src, "d");
      String shared = submit(src, a, "https://shared.example/x", List.of("b", "d"), "first note");
      String never = submit(src, a, "https://never.example/y", List.of("c"), "for c");
      long bCursor = src.deltaFeed().updates(b, 0, 100).nextCursor();
      assertThat(src.deltaFeed().updates(b, 0, 100).entries()).extracting(e -> e.signal().id()).containsExactly(shared);

      // Narrowed to c: b and d saw it and are told, without the new note, categories or recipients.
      submit(src, a, "https://shared.example/x", List.of("c"), "secret note");
      // Narrowed from c to d: b never saw it and must hear nothing.
      submit(src, a, "https://never.example/y", List.of("d"), "for d");
      FeedPage bPage = src.deltaFeed().updates(b, bCursor, 100);
      assertThat(bPage.entries()).hasSize(1);
      FeedPage.Entry revoked = bPage.entries().get(0);
      assertThat(revoked.signal().id()).isEqualTo(shared);
      assertThat(revoked.deleted()).isTrue();
      assertThat(revoked.revoked()).isTrue();
      assertThat(revoked.signal().note()).isEmpty();
      assertThat(revoked.signal().categories()).isEmpty();
      assertThat(revoked.signal().visibility()).containsExactly("b");
      assertThat(src.deltaFeed().updates(b, 0, 100).entries()).extracting(e -> e.signal().id()).containsExactly(shared);
      assertThat(src.deltaFeed().updates(d, 0, 100).entries()).extracting(e -> e.signal().id(), FeedPage.Entry::revoked)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(shared, true), org.assertj.core.groups.Tuple.tuple(never, false));
      // c now sees the first, and lost the second (narrowed from c to d).
      assertThat(src.deltaFeed().updates(c, 0, 100).entries()).extracting(e -> e.signal().id(), FeedPage.Entry::revoked)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(shared, false), org.assertj.core.groups.Tuple.tuple(never, true));

      // Widened again: b gets it back as an ordinary change.
      submit(src, a, "https://shared.example/x", List.of(), "open again");
      assertThat(src.deltaFeed().updates(b, 0, 100).entries()).extracting(e -> e.signal().note(), FeedPage.Entry::revoked)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("open again", false));
    }
  }

  @Test
  void aReplicaDropsARevokedSignalAndSkipsOneItNeverHeld() {
    try (Exchange src = Exchange.open(config(source)); Exchange dst = Exchange.open(config(replica))) {
      for (String p : List.of("a", "b")) {
        src.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      }
      dst.participants().add("local", null, EnumSet.of(Role.READER));
      Caller a = caller(src, "a");
      Caller b = caller(src, "b");
      Caller local = caller(dst, "local");
      Caller operator = Caller.localOperator();
      String held = submit(src, a, "https://held.example/", List.of("b"), "n");
      dst.replicate(operator, src.deltaFeed().updates(b, 0, 100).entries());
      assertThat(dst.matchUrl(local, "https://held.example/", 10).matches()).hasSize(1);
      assertThat(dst.get(local, held)).get().extracting(Signal::visibility).isEqualTo(List.of());

      submit(src, a, "https://held.example/", List.of("a"), "now hidden");
      FeedPage page = src.deltaFeed().updates(b, 0, 100);
      dst.replicate(operator, page.entries());
      assertThat(dst.matchUrl(local, "https://held.example/", 10).matches()).isEmpty();
      assertThat(dst.get(local, held)).isEmpty();
      assertThat(dst.get(operator, held).orElseThrow().note()).isEmpty();

      // A fresh replica starting after the narrowing stores nothing of it.
      Signal stub = page.entries().get(0).signal();
      try (Exchange fresh = Exchange.open(config(replica.resolve("fresh")))) {
        fresh.replicate(operator, List.of(new FeedPage.Entry(9, stub, true, true)));
        assertThat(fresh.storedSignals()).isZero();
      }
    }
  }

  @Test
  void aReadOnlyReplicaRefusesWritesAndAccountLookupsButAnswersTheRest() {
    try (Exchange dst = Exchange.open(config(replica))) {
      dst.participants().add("local", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      Caller local = caller(dst, "local");
      dst.refuseWrites("https://exchange.example");
      assertThat(dst.readOnlyOf()).isEqualTo("https://exchange.example");
      assertThatThrownBy(() -> dst.submit(local, List.of(SignalSubmission.of("pdq", HASH, "csam"))))
          .isInstanceOf(ReadOnlyExchangeException.class)
          .hasMessageContaining("read-only replica of https://exchange.example");
      assertThatThrownBy(() -> dst.retract(local, "x")).isInstanceOf(ReadOnlyExchangeException.class);
      assertThatThrownBy(() -> dst.feedback().setOpinion(local, "x", Opinion.CONFIRMED, null)).isInstanceOf(ReadOnlyExchangeException.class);
      assertThatThrownBy(() -> dst.matchExact(local, SignalType.EMAIL, "someone@example.com", 10))
          .isInstanceOf(ReadOnlyExchangeException.class)
          .hasMessageContaining("look accounts up at https://exchange.example");
      assertThat(dst.matchHash(local, SignalType.PDQ, HASH, 10, 10).matches()).isEmpty();
    }
  }

  private static ExchangeConfig config(Path dir) {
    return ExchangeConfig.defaults(dir).withSizes(1_000, 1_000).withIntervals(Duration.ZERO, Duration.ZERO);
  }

  private static Caller caller(Exchange exchange, String id) {
    return exchange.participants().caller(id).orElseThrow();
  }

  private static String submit(Exchange exchange, Caller who, String url, List<String> visibility, String note) {
    SubmitResult r = exchange.submit(who, List.of(new SignalSubmission("url", url, List.of("csam"), note, null, null, visibility))).get(0);
    assertThat(r.accepted()).as("%s", r.error()).isTrue();
    return r.id();
  }
}
