package org.lantern.core.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;

class HashTest {
  // bridge-1-original.jpg as Meta's Java reference (ImageIO) hashes it: pdq-reference README.
  private static final String BRIDGE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  @Test
  void shouldRoundTripTheReferenceHexForm() {
    Hash hash = Hash.parseHex(BRIDGE, 256);
    assertThat(hash.toHex()).isEqualTo(BRIDGE);
    assertThat(hash.word(0)).isEqualTo(0xf8f8f0cee0f4a84fL); // first 16 digits, most significant word
    assertThat(hash.word(3)).isEqualTo(0x33e6b39c4e9c9b22L);
    assertThat(hash.popCount()).isEqualTo(128); // PDQ sets bits against the median
    assertThat(Hash.parseHex(BRIDGE.toUpperCase(), 256)).isEqualTo(hash);
  }

  @Test
  void pdqBitKShouldBeBitKOfTheLastWordsFirst() {
    // The last hex digit holds PDQ bits 0..3 (DCT row 0, columns 0..3): bit 0 is its lowest bit.
    Hash bit0 = Hash.parseHex("0".repeat(63) + "1", 256);
    assertThat(bit0.word(3)).isEqualTo(1L);
    Hash bit255 = Hash.parseHex("8" + "0".repeat(63), 256);
    assertThat(bit255.word(0)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void shouldRejectMalformedHexWithThePosition() {
    assertThatThrownBy(() -> Hash.parseHex(BRIDGE.substring(1), 256))
        .isInstanceOf(HashFormatException.class)
        .hasMessageContaining("expected 64 hex digits").hasMessageContaining("got 63");
    String bad = BRIDGE.substring(0, 10) + "g" + BRIDGE.substring(11);
    assertThatThrownBy(() -> Hash.parseHex(bad, 256))
        .isInstanceOf(HashFormatException.class)
        .hasMessageContaining("'g'").hasMessageContaining("position 10")
        .satisfies(e -> assertThat(((HashFormatException) e).position()).isEqualTo(10));
    String unicodeDigit = "\u0661" + BRIDGE.substring(1); // ARABIC-INDIC DIGIT ONE
    assertThatThrownBy(() -> Hash.parseHex(unicodeDigit, 256)).hasMessageContaining("position 0");
    assertThatThrownBy(() -> Hash.parseHex(" " + BRIDGE.substring(1), 256)).hasMessageContaining("position 0");
    assertThatThrownBy(() -> Hash.parseHex("", 64)).hasMessageContaining("expected 16 hex digits");
    assertThatThrownBy(() -> Hash.parseHex("00", 128)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void distanceShouldBeAMetric() {
    qt().withExamples(TestSeeds.iterations(2000)).withFixedSeed(TestSeeds.seed("hamming-metric"))
        .forAll(longs().all(), longs().all(), longs().all())
        .checkAssert((a, b, c) -> {
          Hash x = Hash.of256(a, b, c, a ^ b);
          Hash y = Hash.of256(b, c, a, b ^ c);
          Hash z = Hash.of256(c, a, b, a ^ c);
          assertThat(x.distance(x)).isZero();
          assertThat(x.distance(y)).isEqualTo(y.distance(x));
          assertThat(x.distance(z)).isLessThanOrEqualTo(x.distance(y) + y.distance(z));
          assertThat(Hamming.distance64(a, b)).isEqualTo(Long.bitCount(a ^ b));
          assertThat(Hamming.distance256(a, b, c, a ^ b, b, c, a, b ^ c)).isEqualTo(x.distance(y));
          assertThat(Hash.parseHex(x.toHex(), 256)).isEqualTo(x);
          assertThat(Hash.parseHex(Hash.of64(a).toHex(), 64)).isEqualTo(Hash.of64(a));
        });
  }

  @Test
  void shouldRefuseHashesOfOtherWidths() {
    assertThatThrownBy(() -> Hash.of64(1).distance(Hash.of256(1, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 and 256");
    assertThatThrownBy(() -> Hash.ofWords(new long[2])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typesShouldParseTheirLabels() {
    assertThat(HashType.fromLabel(" PDQ ")).isEqualTo(HashType.PDQ);
    assertThat(HashType.fromLabel("dhash").bits()).isEqualTo(64);
    assertThatThrownBy(() -> HashType.fromLabel("md5")).hasMessageContaining("pdq, phash, dhash");
  }
}
