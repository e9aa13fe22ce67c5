package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.testing.MutableClock;

/**
 * An exchange in a test's directory with three members who contribute and read: {@code viewer}
 * (whose lookups the tests watch), {@code a} and {@code c}.
 *
 * <p>Thread-safety: for one test thread.
 */
final class ThreeMembers implements AutoCloseable {
  final Exchange exchange;
  final Caller viewer;
  final Caller a;
  final Caller c;

  ThreeMembers(Path data, int capacity) {
    exchange = Exchange.open(ExchangeConfig.defaults(data).withClock(new MutableClock(Instant.parse("2026-12-06T08:00:00Z")))
        .withSizes(capacity, capacity).withIntervals(Duration.ZERO, Duration.ZERO));
    for (String p : List.of("viewer", "a", "c")) {
      exchange.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    viewer = exchange.participants().caller("viewer").orElseThrow();
    a = exchange.participants().caller("a").orElseThrow();
    c = exchange.participants().caller("c").orElseThrow();
  }

  /** Submits {@code batch} as {@code contributor}, shared with {@code visibility} (empty: all); every one accepted. */
  void submit(Caller contributor, List<SignalSubmission> batch, List<String> visibility) {
    for (SubmitResult r : exchange.submit(contributor, batch.stream().map(s -> s.withVisibility(visibility)).toList())) {
      assertThat(r.accepted()).as("%s", r.error()).isTrue();
    }
  }

  @Override
  public void close() {
    exchange.close();
  }
}
