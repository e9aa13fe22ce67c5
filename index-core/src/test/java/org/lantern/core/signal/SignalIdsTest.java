package org.lantern.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.TestSeeds;

class SignalIdsTest {
  private final SignalIds ids = new SignalIds("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @Test
  void textFormRoundTripsEveryBinaryId() {
    qt().withFixedSeed(TestSeeds.seed("ids"))
        .forAll(arrays().ofIntegers(integers().between(-128, 127)).withLength(SignalIds.BYTES))
        .checkAssert(
            ints -> {
              byte[] id = new byte[ints.length];
              for (int i = 0; i < ints.length; i++) {
                id[i] = (byte) (int) ints[i];
              }
              String text = SignalIds.encode(id);
              assertThat(text).hasSize(SignalIds.LENGTH).matches("[a-z2-7]+");
              assertThat(SignalIds.decode(text)).as(TestSeeds.describe()).isEqualTo(id);
            });
  }

  @Test
  void sameInputsGiveSameIdAndAnyDifferenceAnother() {
    String a = SignalIds.encode(ids.derive(SignalType.URL, "https://a.example/", "meta"));
    assertThat(SignalIds.encode(ids.derive(SignalType.URL, "https://a.example/", "meta"))).isEqualTo(a);
    assertThat(SignalIds.encode(ids.derive(SignalType.URL, "https://a.example/", "mega"))).isNotEqualTo(a);
    assertThat(SignalIds.encode(ids.derive(SignalType.KEYWORD, "https://a.example/", "meta"))).isNotEqualTo(a);
    // The separator keeps field boundaries: ("ab", "c") and ("a", "bc") differ.
    assertThat(ids.derive(SignalType.URL, "ab", "c")).isNotEqualTo(ids.derive(SignalType.URL, "a", "bc"));
    SignalIds otherSecret = new SignalIds("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    assertThat(SignalIds.encode(otherSecret.derive(SignalType.URL, "https://a.example/", "meta"))).isNotEqualTo(a);
  }

  @Test
  void malformedIdsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> SignalIds.decode("short"))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("26 characters");
    assertThatThrownBy(() -> SignalIds.decode("abcdefghijklmnopqrstuvwxy1"))
        .hasMessageContaining("character 25 '1'");
    assertThatThrownBy(() -> SignalIds.decode("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        .hasMessageContaining("character 0 'A'");
    // The last character's two padding bits must be zero, so every id has one spelling.
    assertThatThrownBy(() -> SignalIds.decode("aaaaaaaaaaaaaaaaaaaaaaaaab"))
        .hasMessageContaining("padding");
    assertThat(SignalIds.isValid(null)).isFalse();
  }
}
