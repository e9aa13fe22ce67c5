package org.lantern.bench.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantern.core.text.KeywordFolding;
import org.lantern.core.text.KeywordHit;
import org.lantern.core.testing.KeywordOracle;
import org.lantern.core.testing.TestSeeds;

/** The text-scan benchmark's answers at small size against the brute-force keyword oracle. */
class TextScanBenchmarkTest {
  private static final int KEYWORDS = 400;
  private static final int CHARS = 3000;

  @Test
  void scanShouldMatchTheOracle() {
    TextScanBenchmark bench = new TextScanBenchmark();
    bench.keywords = KEYWORDS;
    bench.messageChars = CHARS;
    bench.seed = TestSeeds.seed("TextScanBenchmark");
    bench.setUp();
    assertThat(bench.scanner.size()).isEqualTo(KEYWORDS);
    assertThat(bench.phraseOfId.stream().distinct().count())
        .as("3%% of the ids share a phrase").isLessThan(KEYWORDS).isGreaterThan(KEYWORDS * 9L / 10);
    KeywordOracle oracle = new KeywordOracle();
    for (int i = 0; i < KEYWORDS; i++) {
      String phrase = bench.phraseOfId.get(i);
      assertThat(KeywordFolding.canonical(phrase)).isEqualTo(phrase);
      oracle.add(bench.ids.get(i), phrase);
    }
    long hits = 0;
    for (int m = 0; m < 16; m++) {
      String message = bench.messages[m];
      assertThat(message).hasSize(CHARS);
      List<KeywordHit> expected = oracle.scan(message);
      assertThat(bench.scan())
          .as("message %d, %s", m, TestSeeds.describe())
          .isEqualTo(TextScanBenchmark.checksum(expected));
      assertThat(bench.scanner.scan(message)).isEqualTo(expected);
      hits += expected.size();
    }
    assertThat(hits).as("the messages must hold keywords, %s", TestSeeds.describe())
        .isGreaterThan(16);
  }

  @Test
  void checksumShouldSeeEveryField() {
    KeywordHit a = new KeywordHit("a", "x", 1, 2);
    int base = TextScanBenchmark.checksum(List.of(a));
    assertThat(TextScanBenchmark.checksum(List.of(new KeywordHit("b", "x", 1, 2)))).isNotEqualTo(base);
    assertThat(TextScanBenchmark.checksum(List.of(new KeywordHit("a", "x", 0, 2)))).isNotEqualTo(base);
    assertThat(TextScanBenchmark.checksum(List.of(new KeywordHit("a", "x", 1, 3)))).isNotEqualTo(base);
    assertThat(TextScanBenchmark.checksum(List.of(a, a))).isNotEqualTo(base);
  }

  @Test
  void disguisedKeywordsShouldFoldBack() {
    // Most disguises keep the phrase, which is what makes the benchmark's hits realistic.
    var random = TestSeeds.random("KeywordCorpus.disguise");
    KeywordCorpus corpus = new KeywordCorpus(TestSeeds.seed("KeywordCorpus"));
    int same = 0;
    List<String> phrases = corpus.keywords(200);
    for (String phrase : phrases) {
      if (KeywordFolding.canonical(KeywordCorpus.disguise(random, phrase)).equals(phrase)) {
        same++;
      }
    }
    assertThat(same).as(TestSeeds.describe()).isGreaterThan(150);
  }
}
