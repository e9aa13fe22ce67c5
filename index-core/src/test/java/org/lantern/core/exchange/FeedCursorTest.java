package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.testing.TestSeeds;

/** The feed's opaque cursor: round trip, same length always, bound to one participant and one exchange. */
class FeedCursorTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  @Test
  void roundTripsEveryPositionAtOneLength() {
    FeedCursor cursors = new FeedCursor(SECRET);
    SplittableRandom random = TestSeeds.random("feed-cursor");
    int length = cursors.encode("b", 0).length();
    for (int i = 0; i < 1000; i++) {
      long position = i < 10 ? i : random.nextLong(Long.MAX_VALUE);
      String cursor = cursors.encode("b", position);
      assertThat(cursor).as(TestSeeds.describe()).startsWith(FeedCursor.PREFIX).hasSize(length);
      assertThat(cursors.decode("b", cursor)).as(TestSeeds.describe()).isEqualTo(position);
    }
    assertThat(length).isEqualTo(52);
    assertThat(cursors.encode("b", 7)).isNotEqualTo(cursors.encode("b", 7)); // fresh nonce
    assertThat(cursors.decode("b", "")).isZero();
    assertThat(cursors.decode("b", null)).isZero();
    assertThat(cursors.decode("b", "0")).isZero();
  }

  @Test
  void refusesNumbersForgeriesAndOtherParticipantsOrExchangesCursors() {
    FeedCursor cursors = new FeedCursor(SECRET);
    String ofA = cursors.encode("a", 42);
    assertInvalid(() -> cursors.decode("b", ofA));
    assertInvalid(() -> new FeedCursor("another secret of 32 bytes......".getBytes()).decode("a", ofA));
    assertInvalid(() -> cursors.decode("a", "42"));
    assertInvalid(() -> cursors.decode("a", FeedCursor.PREFIX + "!!"));
    byte[] raw = Base64.getUrlDecoder().decode(ofA.substring(FeedCursor.PREFIX.length()));
    for (int i = 0; i < raw.length; i++) {
      byte[] changed = raw.clone();
      changed[i] ^= 1;
      String forged = FeedCursor.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
      assertInvalid(() -> cursors.decode("a", forged));
    }
  }

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(SignalRejectedException.class, e -> {
      assertThat(e.code()).isEqualTo("invalid_cursor");
      assertThat(e.field()).isEqualTo("cursor");
    });
  }
}
