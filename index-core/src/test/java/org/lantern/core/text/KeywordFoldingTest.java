package org.lantern.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.testing.KeywordOracle;
import org.lantern.core.testing.TestSeeds;
import org.quicktheories.core.Gen;

class KeywordFoldingTest {
  /**
   * Characters the idempotence property draws from: every kind the tokenizer distinguishes, with
   * look-alikes, expansions, marks and invisible characters.
   */
  static final List<String> ALPHABET = List.of(
      "s", "e", "x", "a", "i", "o", "t", "S", "E", "X", "é", "Ç", "ß", "æ", "Ø", "þ", "ı", "İ",
      "ｓ", "Ｘ", "𝐬", "ﬁ", "Ⅻ", "е", "ѕ", "ñ", "\u0301", "\u0327", "\u200B", "\u00AD",
      "0", "1", "2", "3", "4", "5", "7", "9", "３", "²", "@", "$", "!", "|",
      ".", "-", "_", "*", "~", "'", "’", "·", "．",
      " ", " ", " ", "  ", "\n", ",", "?", "(", "/", "…", "😀", "\uD800");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
    // Diacritics, case, letters NFKD does not split
    "séx => sex",
    "ÇHÏLD => child",
    "Straße => strase", // ß → ss, then the repeated s collapses
    "Æther Œuvre => aether oeuvre",
    "Søren Łódź => soren lodz",
    "Đorđe Þór => dorde thor",
    "İSTANBUL ılık => istanbul ilik",
    "\"se\u0301x\" => sex", // decomposed é: the combining mark is dropped
    // Full-width and other compatibility forms
    "ｓｅｘ => sex",
    "Ｓ３Ｘ => sex",
    "𝐬𝐞𝐱 => sex", // mathematical bold, outside the BMP
    "ﬁre => fire",
    "Ⅻ => xi", // roman numeral twelve: x i i, then the repeat collapses
    // Leetspeak: only inside a word with a real letter
    "s3x => sex",
    "p4ed0 => paedo",
    "$ex => sex",
    "@buse => abuse",
    "5h!7 => shit",
    "k|ll => kil",
    "13yo => ieyo",
    "b2b => b2b", // 2 has no letter reading
    "2024 => 2024", // a number stays a number
    "$100 => 100",
    "1000 => 1000", // digits never collapse
    "13 yo => 13 yo",
    "hello! => helo", // a trailing ! is punctuation
    // Repeated letters
    "seeeexxxx => sex",
    "good => god", // the stated trade-off: both sides fold alike
    // Separators inside words, and single letters
    "s.e.x => sex",
    "s-e-x => sex",
    "s_e_x => sex",
    "s*e*x => sex",
    "s.ex => sex",
    "se.x => sex",
    "s e x => sex",
    "S. E. X. => sex",
    "s-s e x => sex",
    "x y z => xyz",
    "a b => a b", // two single letters stay two words
    "plan b => plan b",
    "well-known => welknown",
    "e.g. => eg",
    "U.S.A. => usa",
    "don't => dont",
    "3.14 => 314",
    "p0rn-hub => pornhub",
    // Invisible characters
    "\"s\u200Bex\" => sex",
    "\"se\u00ADx\" => sex",
    // Phrases: punctuation and spacing between words do not matter
    "\"  Sex,   TOY!  \" => sex toy",
    "\"sex\ntoy\" => sex toy",
    // No confusable mapping: Cyrillic look-alikes stay Cyrillic
    "sеx => sеx", // Cyrillic е (U+0435) in the middle
    "ѕех => ѕех",
  })
  void shouldFoldToTheCanonicalForm(String keyword, String expected) {
    assertThat(KeywordFolding.canonical(keyword)).isEqualTo(expected);
    assertThat(KeywordFolding.canonical(expected)).isEqualTo(expected);
  }

  @Test
  void cyrillicLookAlikesShouldNotFoldToLatin() {
    assertThat(KeywordFolding.canonical("s\u0435x")).isNotEqualTo("sex").contains("\u0435");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "   ", "!!!", "...", "- - -", "@", "$$", "@ $ |", "\u200B", "\u0301",
      "😀😀", ", ; :"})
  void shouldRejectKeywordsWithNothingLeft(String keyword) {
    assertThatThrownBy(() -> KeywordFolding.canonical(keyword))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("no letters or digits")
        .satisfies(e -> {
          SignalRejectedException r = (SignalRejectedException) e;
          assertThat(r.code()).isEqualTo("invalid_keyword");
          assertThat(r.field()).isEqualTo("value");
        });
  }

  @Test
  void shouldAcceptEightWordsAndRejectNine() {
    String eight = "one two three four five six seven eight";
    assertThat(KeywordFolding.canonical(eight)).isEqualTo("one two thre four five six seven eight");
    assertThatThrownBy(() -> KeywordFolding.canonical(eight + " nine"))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("more than 8 words");
    // Nine single letters are one word ("a b c ..." reads as "abc..."), not nine.
    assertThat(KeywordFolding.canonical("a b c d e f g h i")).isEqualTo("abcdefghi");
  }

  @Test
  void shouldRejectLongKeywords() {
    String word200 = "ab".repeat(100);
    assertThat(KeywordFolding.canonical(word200)).hasSize(200);
    assertThatThrownBy(() -> KeywordFolding.canonical(word200 + "c"))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("201 characters after folding, at most 200");
    // Long as given but short once folded is fine, up to the input limit.
    assertThat(KeywordFolding.canonical("s" + "e".repeat(900) + "x")).isEqualTo("sex");
    assertThatThrownBy(() -> KeywordFolding.canonical("x".repeat(1001)))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("1001 characters long, at most 1000");
  }

  @Test
  void shouldRejectWordsOfTooManyPieces() {
    assertThat(KeywordFolding.canonical("ab.".repeat(32))).isEqualTo("ab".repeat(32));
    assertThatThrownBy(() -> KeywordFolding.canonical("ab.".repeat(33)))
        .isInstanceOf(SignalRejectedException.class)
        .hasMessageContaining("33 pieces");
    assertThatThrownBy(() -> KeywordFolding.canonical("a ".repeat(33)))
        .hasMessageContaining("33 pieces"); // a run of single letters is one word too
  }

  @Test
  void theCharTablesShouldMatchTheDefinitionAndBeIdempotent() {
    // Every code point of planes 0 and 1: the cached fold equals the oracle's definition, and a
    // folded letter or digit folds to itself (which canonical()'s idempotence rests on).
    StringBuilder failures = new StringBuilder();
    for (int cp = 0; cp < 0x20000; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      String expected = KeywordOracle.foldCodePoint(cp);
      String actual = CharFolding.fold(cp);
      if (!actual.equals(expected)) {
        failures.append(String.format("U+%04X: %s vs %s%n", cp, actual, expected));
      }
      for (int k = 0; k < actual.length(); k++) {
        char c = actual.charAt(k);
        byte kind = CharFolding.classify(c);
        if ((kind == CharFolding.LETTER || kind == CharFolding.DIGIT)
            && !Character.isSurrogate(c) && !CharFolding.fold(c).equals(String.valueOf(c))) {
          failures.append(String.format("U+%04X folds to %s, which folds again%n", cp, actual));
        }
      }
      if (failures.length() > 2000) {
        break;
      }
    }
    assertThat(failures.toString()).isEmpty();
  }

  @Test
  void canonicalShouldBeIdempotent() {
    qt().withExamples(TestSeeds.iterations(3000))
        .withFixedSeed(TestSeeds.seed("KeywordFolding.idempotent"))
        .forAll(keywords())
        .checkAssert(keyword -> {
          String once;
          try {
            once = KeywordFolding.canonical(keyword);
          } catch (SignalRejectedException e) {
            return; // rejection is allowed; it must just be the typed one
          }
          assertThat(KeywordFolding.canonical(once))
              .as("canonical(canonical(\"%s\")), %s", escape(keyword), TestSeeds.describe())
              .isEqualTo(once);
        });
  }

  @Test
  void canonicalShouldOnlyHoldFoldedLettersDigitsAndSingleSpaces() {
    qt().withExamples(TestSeeds.iterations(2000))
        .withFixedSeed(TestSeeds.seed("KeywordFolding.shape"))
        .forAll(keywords())
        .checkAssert(keyword -> {
          String c;
          try {
            c = KeywordFolding.canonical(keyword);
          } catch (SignalRejectedException e) {
            return;
          }
          assertThat(c).as("\"%s\", %s", escape(keyword), TestSeeds.describe())
              .doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ")
              .doesNotContainPattern("[A-Z@$!|._*~'-]");
          assertThat(c.split(" ").length).isLessThanOrEqualTo(KeywordFolding.MAX_WORDS);
        });
  }

  /** Random strings of 0..30 symbols from {@link #ALPHABET}. */
  static Gen<String> keywords() {
    return lists().of(integers().between(0, ALPHABET.size() - 1)).ofSizeBetween(0, 30)
        .map(indexes -> {
          StringBuilder b = new StringBuilder();
          indexes.forEach(i -> b.append(ALPHABET.get(i)));
          return b.toString();
        });
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7F) {
        b.appendCodePoint(cp);
      } else {
        b.append(String.format("\\u{%X}", cp));
      }
    });
    return b.toString();
  }
}
