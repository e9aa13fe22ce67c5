package org.lantern.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.testing.KeywordOracle;
import org.lantern.core.testing.TestSeeds;

class KeywordScannerTest {
  private static KeywordScanner scanner(String... idKeywordPairs) {
    KeywordScanner scanner = new KeywordScanner();
    for (int i = 0; i < idKeywordPairs.length; i += 2) {
      scanner.add(idKeywordPairs[i], KeywordFolding.canonical(idKeywordPairs[i + 1]));
    }
    return scanner;
  }

  /** The original text of each hit, as "id=span". */
  private static List<String> spans(KeywordScanner scanner, String text) {
    List<String> spans = new ArrayList<>();
    for (KeywordHit hit : scanner.scan(text)) {
      spans.add(hit.id() + "=" + text.substring(hit.start(), hit.end()));
    }
    return spans;
  }

  @Test
  void offsetsShouldPointAtTheOriginalText() {
    KeywordScanner scanner = scanner("k1", "sex");
    String text = "hello Ş.3.X world";
    List<KeywordHit> hits = scanner.scan(text);
    assertThat(hits).containsExactly(new KeywordHit("k1", "sex", 6, 11));
    assertThat(text.substring(6, 11)).isEqualTo("Ş.3.X");
    // Decomposed: the cedilla is a combining mark after S; the span keeps the mark on the last letter.
    assertThat(spans(scanner, "hi S\u0327.3.X\u0301!")).containsExactly("k1=S\u0327.3.X\u0301");
    // Outside the BMP, and full width: offsets are UTF-16 indexes.
    assertThat(spans(scanner, "😀 𝐬𝐞𝐱 😀")).containsExactly("k1=𝐬𝐞𝐱");
    assertThat(spans(scanner, "(ｓｅｘ)")).containsExactly("k1=ｓｅｘ");
    assertThat(spans(scanner, "$eeexxx and 5 E X.")).containsExactly("k1=$eeexxx", "k1=5 E X");
  }

  @Test
  void shouldMatchEveryVariantOfTheIssue() {
    KeywordScanner scanner = scanner("k", "sex");
    for (String variant : List.of("sex", "SEX", "séx", "s3x", "$ex", "5ex", "seeeexxxx", "s.e.x",
        "s-e-x", "s_e_x", "s*e*x", "s e x", "se.x", "s.ex", "s\u200Bex", "ｓｅｘ", "S. E. X",
        "s~e~x", "s'e'x", "s·e·x", "s3.x", "5 E X")) {
      assertThat(spans(scanner, "hello " + variant + ". bye"))
          .as(variant).containsExactly("k=" + variant);
    }
  }

  @Test
  void phrasesShouldMatchAcrossPunctuationAndLineBreaks() {
    KeywordScanner scanner = scanner("p", "sex toy");
    assertThat(spans(scanner, "a SEX-\ntoy!")).containsExactly("p=SEX-\ntoy");
    assertThat(spans(scanner, "sex, toy")).containsExactly("p=sex, toy");
    assertThat(spans(scanner, "sex...toy")).containsExactly("p=sex...toy");
    assertThat(spans(scanner, "s e x\r\n\tt0y")).containsExactly("p=s e x\r\n\tt0y");
    assertThat(spans(scanner, "sex (toy)")).containsExactly("p=sex (toy");
    assertThat(spans(scanner, "sex big toy")).isEmpty(); // consecutive words only
    assertThat(spans(scanner, "toy sex")).isEmpty();
  }

  @Test
  void shouldMatchWholeWordsOnly() {
    // The Scunthorpe problem: no hit inside a longer word.
    KeywordScanner scanner = scanner("s", "sex", "c", "cunt", "a", "anal", "r", "rape");
    assertThat(scanner.scan("Sussex and Essex, Middlesex, sexton, unisex, Scunthorpe, analysis, "
        + "canal, grape, drapes, therapeutic")).isEmpty();
    // Spelled out: one word, with no "sex" piece (a word never starts between single letters).
    assertThat(spans(scanner, "S-U-S-S-E-X, s.u.s.s.e.x, s u s s e x, e s s e x")).isEmpty();
    // A hyphenated compound does contain the word, in its split reading.
    assertThat(spans(scanner, "sex-toy, Sussex-sex")).containsExactly("s=sex", "s=sex");
  }

  @Test
  void hyphenatedWordsShouldMatchBothReadings() {
    // Keyword "well known": two words, found in the split reading of "well-known".
    KeywordScanner split = scanner("w", "well known");
    assertThat(spans(split, "a well-known site")).containsExactly("w=well-known");
    assertThat(spans(split, "a well known site")).containsExactly("w=well known");
    assertThat(spans(split, "a wellknown site")).isEmpty();
    // Keyword "well-known": canonical "welknown", one word; joined readings only.
    assertThat(KeywordFolding.canonical("well-known")).isEqualTo("welknown");
    KeywordScanner joined = scanner("w", "well-known");
    assertThat(spans(joined, "a well-known site")).containsExactly("w=well-known");
    assertThat(spans(joined, "a wellknown site")).containsExactly("w=wellknown");
    assertThat(spans(joined, "a well_known site")).containsExactly("w=well_known");
    assertThat(spans(joined, "a well known site")).isEmpty();
    // Every sub-span of a group is a reading: "e.g." holds "e", "g" and "eg"; a URL holds its labels.
    assertThat(spans(scanner("u", "sex"), "see www.sex.com/x")).containsExactly("u=sex");
    assertThat(spans(scanner("u", "eg"), "e.g. this")).containsExactly("u=e.g");
  }

  @Test
  void runsOfSingleLettersShouldBeReadAsWords() {
    KeywordScanner scanner = scanner("k", "sex");
    assertThat(spans(scanner, "s e x")).containsExactly("k=s e x");
    // The run without its first or last letter too: a one-letter word may stand beside it ...
    assertThat(spans(scanner, "want a s e x")).containsExactly("k=s e x");
    assertThat(spans(scanner, "s e x i want")).containsExactly("k=s e x");
    // ... which is also why "s e x y" holds "sex": where a spelled-out word ends is unknown.
    assertThat(spans(scanner, "s e x y")).containsExactly("k=s e x");
    // But no inner piece: "x s e x y" is neither.
    assertThat(spans(scanner, "x s e x y, s.e.x.y")).isEmpty();
    // Two letters are two words.
    assertThat(spans(scanner("k", "ab"), "a b")).isEmpty();
    assertThat(spans(scanner("k", "a b"), "a b")).containsExactly("k=a b");
    // A spelled-out word inside a phrase.
    assertThat(spans(scanner("p", "big sex toy"), "BIG s e x TOY")).containsExactly(
        "p=BIG s e x TOY");
    // Known limit: two spelled-out words in a row are one run, read as one word.
    assertThat(spans(scanner("p", "sex toy"), "s e x t o y")).isEmpty();
    assertThat(spans(scanner("p", "sextoy"), "s e x t o y")).containsExactly("p=s e x t o y");
  }

  @Test
  void digitsShouldBeLettersOnlyInWordsWithALetter() {
    KeywordScanner scanner = scanner("z", "zoza", "n", "2024", "age", "13yo");
    assertThat(spans(scanner, "in 2024 z0za")).containsExactly("n=2024", "z=z0za");
    assertThat(spans(scanner, "zoza 13yo 13 yo ieyo")).containsExactly("z=zoza", "age=13yo",
        "age=ieyo");
    assertThat(spans(scanner("p", "100"), "$100, US$100")).containsExactly("p=$100");
  }

  @Test
  void repeatedLetterCollapseShouldApplyToBothSides() {
    // The stated trade-off: "good" and "god" are one word, and so are "ass" and "as".
    assertThat(spans(scanner("g", "good"), "oh god, so goood")).containsExactly("g=god", "g=goood");
    assertThat(spans(scanner("a", "ass"), "as in")).containsExactly("a=as");
  }

  @Test
  void confusablesShouldNotMatch() {
    // No confusable mapping: Cyrillic е and ѕ stay Cyrillic (documented in package-info).
    assertThat(scanner("k", "sex").scan("s\u0435x \u0455ex")).isEmpty();
    assertThat(spans(scanner("k", "s\u0435x"), "S\u0415X")).containsExactly("k=S\u0415X");
  }

  @Test
  void severalIdsMayShareOneKeyword() {
    KeywordScanner scanner = scanner("b", "sex", "a", "SEX", "c", "s.e.x");
    assertThat(scanner.size()).isEqualTo(3);
    assertThat(scanner.scan("x sex sex")).containsExactly(
        new KeywordHit("a", "sex", 2, 5), new KeywordHit("b", "sex", 2, 5),
        new KeywordHit("c", "sex", 2, 5), new KeywordHit("a", "sex", 6, 9),
        new KeywordHit("b", "sex", 6, 9), new KeywordHit("c", "sex", 6, 9));
    assertThat(scanner.remove("b")).isTrue();
    assertThat(spans(scanner, "sex")).containsExactly("a=sex", "c=sex");
  }

  @Test
  void removeShouldForgetTheIdAndItsWords() {
    KeywordScanner scanner = scanner("a", "sex toy", "b", "sex");
    assertThat(scanner.remove("a")).isTrue();
    assertThat(scanner.remove("a")).isFalse();
    assertThat(scanner.remove("nobody")).isFalse();
    assertThat(spans(scanner, "sex toy")).containsExactly("b=sex");
    assertThat(scanner.remove("b")).isTrue();
    assertThat(scanner.size()).isZero();
    assertThat(scanner.scan("sex toy")).isEmpty();
    // The trie and dictionary are reused after removal.
    scanner.add("c", "toy");
    assertThat(spans(scanner, "sex toy")).containsExactly("c=toy");
  }

  @Test
  void reAddingAnIdShouldReplaceItsKeyword() {
    KeywordScanner scanner = scanner("a", "sex", "b", "sex toy");
    scanner.add("a", "toy");
    assertThat(scanner.size()).isEqualTo(2);
    assertThat(spans(scanner, "sex toy")).containsExactly("b=sex toy", "a=toy");
    scanner.add("a", "toy"); // the same again: no change
    assertThat(scanner.size()).isEqualTo(2);
    scanner.add("b", "sex");
    assertThat(spans(scanner, "sex toy")).containsExactly("b=sex", "a=toy");
  }

  @Test
  void phrasesSharingPrefixesShouldAllMatch() {
    KeywordScanner scanner = scanner("1", "big", "2", "big bad", "3", "big bad wolf", "4", "bad wolf");
    assertThat(spans(scanner, "the big bad wolf")).containsExactly(
        "1=big", "2=big bad", "3=big bad wolf", "4=bad wolf");
    scanner.remove("2");
    assertThat(spans(scanner, "the big bad wolf")).containsExactly("1=big", "3=big bad wolf",
        "4=bad wolf");
    scanner.remove("3");
    assertThat(spans(scanner, "the big bad wolf")).containsExactly("1=big", "4=bad wolf");
  }

  @Test
  void addShouldRequireTheCanonicalForm() {
    KeywordScanner scanner = new KeywordScanner();
    assertThatThrownBy(() -> scanner.add("a", "Sex Toy"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"sex toy\"");
    assertThatThrownBy(() -> scanner.add("a", "!!!")).isInstanceOf(SignalRejectedException.class);
    assertThat(scanner.size()).isZero();
  }

  @Test
  void emptyInputsShouldGiveNoHits() {
    KeywordScanner scanner = new KeywordScanner();
    assertThat(scanner.scan("sex")).isEmpty();
    scanner.add("a", "sex");
    assertThat(scanner.scan("")).isEmpty();
    assertThat(scanner.scan(" ... !!! @@ ")).isEmpty();
    assertThat(scanner.scan("\uD800sex\uDC00")).hasSize(1); // lone surrogates are punctuation
  }

  @Test
  void adversarialTextsShouldStayCheap() {
    // Runs that collapse to one letter are the worst case for span extension: it is capped at
    // KeywordFolding.MAX_WORD_PIECES pieces per word.
    KeywordScanner scanner = scanner("a", "a", "b", "a a");
    for (String text : List.of("a ".repeat(5000), "a-".repeat(5000), "a.a ".repeat(2500),
        "!".repeat(10000), "1".repeat(10000), "ß".repeat(10000))) {
      long start = System.nanoTime();
      List<KeywordHit> hits = scanner.scan(text);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("scan of %s...", text.substring(0, 8)).isLessThan(2000);
      assertThat(hits.size()).isLessThan(100_000);
    }
  }

  // ---------------------------------------------------------------- oracle property tests

  @Test
  void scanShouldEqualTheOracleOnRandomTexts() {
    SplittableRandom random = TestSeeds.random("KeywordScanner.oracle");
    int embeddedFound = 0;
    for (int round = 0; round < TestSeeds.iterations(250); round++) {
      List<String> vocabulary = vocabulary(random, 40);
      KeywordScanner scanner = new KeywordScanner();
      KeywordOracle oracle = new KeywordOracle();
      List<String[]> keywords = new ArrayList<>(); // {id, canonical, raw words joined by ' '}
      int ids = 1 + random.nextInt(25);
      for (int i = 0; i < ids; i++) {
        String raw = phrase(random, vocabulary);
        String canonical = KeywordFolding.canonical(raw);
        String id = "id" + i;
        if (!keywords.isEmpty() && random.nextInt(5) == 0) {
          // share a keyword with another id (another contributor)
          String[] other = keywords.get(random.nextInt(keywords.size()));
          canonical = other[1];
          raw = other[2];
        }
        scanner.add(id, canonical);
        oracle.add(id, canonical);
        keywords.add(new String[] {id, canonical, raw});
      }
      if (random.nextInt(4) == 0) { // churn: remove and replace some
        String[] victim = keywords.get(random.nextInt(keywords.size()));
        scanner.remove(victim[0]);
        oracle.remove(victim[0]);
        String[] replaced = keywords.get(random.nextInt(keywords.size()));
        String canonical = KeywordFolding.canonical(phrase(random, vocabulary));
        scanner.add(replaced[0], canonical);
        oracle.add(replaced[0], canonical);
        keywords.removeIf(k -> k == victim || k == replaced);
      }
      // A text of noise with safe variants of some keywords embedded; spans remembered.
      StringBuilder text = new StringBuilder();
      List<int[]> embedded = new ArrayList<>(); // {keyword index, start, end}
      int tokens = 5 + random.nextInt(60);
      for (int t = 0; t < tokens; t++) {
        if (!keywords.isEmpty() && random.nextInt(6) == 0) {
          int k = random.nextInt(keywords.size());
          text.append(" ok "); // a word that is no single letter: see variantOfPhrase
          int start = text.length();
          text.append(variantOfPhrase(random, keywords.get(k)[2]));
          embedded.add(new int[] {k, start, text.length()});
          text.append(" ok ");
        } else {
          text.append(noise(random, vocabulary));
        }
      }
      String s = text.toString();
      List<KeywordHit> actual = scanner.scan(s);
      List<KeywordHit> expected = oracle.scan(s);
      assertThat(actual)
          .as("text \"%s\"%nreadings %s%nkeywords %s%n%s", KeywordFoldingTest.escape(s),
              KeywordOracle.describe(s), keywordList(keywords), TestSeeds.describe())
          .isEqualTo(expected);
      for (int[] e : embedded) {
        String[] keyword = keywords.get(e[0]);
        assertThat(actual)
            .as("embedded \"%s\" for keyword \"%s\" in \"%s\", %s",
                KeywordFoldingTest.escape(s.substring(e[1], e[2])), keyword[1],
                KeywordFoldingTest.escape(s), TestSeeds.describe())
            .contains(new KeywordHit(keyword[0], keyword[1], e[1], e[2]));
        embeddedFound++;
      }
    }
    assertThat(embeddedFound).as("the property must have embedded something").isGreaterThan(50);
  }

  @Test
  void aKeywordShouldMatchTheTextItWasWrittenAs() {
    qt().withExamples(TestSeeds.iterations(1500))
        .withFixedSeed(TestSeeds.seed("KeywordScanner.self"))
        .forAll(KeywordFoldingTest.keywords())
        .checkAssert(raw -> {
          String canonical;
          try {
            canonical = KeywordFolding.canonical(raw);
          } catch (SignalRejectedException e) {
            return;
          }
          KeywordScanner scanner = new KeywordScanner();
          scanner.add("k", canonical);
          KeywordOracle oracle = new KeywordOracle();
          oracle.add("k", canonical);
          List<KeywordHit> hits = scanner.scan(raw);
          assertThat(hits).as("\"%s\" as \"%s\", %s", KeywordFoldingTest.escape(raw), canonical,
              TestSeeds.describe()).isNotEmpty().isEqualTo(oracle.scan(raw));
          assertThat(scanner.scan(canonical)).as("its canonical form").isNotEmpty();
        });
  }

  @Test
  void scanShouldEqualTheOracleOnRandomSymbolSoup() {
    // Texts and keywords from the tricky alphabet alone: separators, marks, leet, look-alikes.
    qt().withExamples(TestSeeds.iterations(1500))
        .withFixedSeed(TestSeeds.seed("KeywordScanner.soup"))
        .forAll(KeywordFoldingTest.keywords(), KeywordFoldingTest.keywords(),
            KeywordFoldingTest.keywords())
        .checkAssert((k1, k2, text) -> {
          KeywordScanner scanner = new KeywordScanner();
          KeywordOracle oracle = new KeywordOracle();
          int id = 0;
          for (String raw : List.of(k1, k2, k1.length() > 3 ? k1.substring(1) : "s e x")) {
            try {
              String canonical = KeywordFolding.canonical(raw);
              scanner.add("k" + id, canonical);
              oracle.add("k" + id, canonical);
            } catch (SignalRejectedException e) {
              // skip
            }
            id++;
          }
          String t = k1 + text + k2 + text;
          assertThat(scanner.scan(t))
              .as("text \"%s\"%nreadings %s%n%s", KeywordFoldingTest.escape(t),
                  KeywordOracle.describe(t), TestSeeds.describe())
              .isEqualTo(oracle.scan(t));
        });
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void scansShouldSeeEitherTheOldOrTheNewKeywordSet() throws Exception {
    SplittableRandom random = TestSeeds.random("KeywordScanner.concurrent");
    KeywordScanner scanner = new KeywordScanner();
    String ab = KeywordFolding.canonical("alpha beta");
    String bg = KeywordFolding.canonical("beta gamma");
    String abg = KeywordFolding.canonical("alpha beta gamma");
    scanner.add("y", ab);
    String text = "xx alpha-beta, gamma yy";
    String xSpan = "alpha-beta, gamma";
    List<String> ySpans = List.of("alpha-beta", "beta, gamma");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger scans = new AtomicInteger();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(Thread.ofPlatform().start(() -> {
        try {
          while (writing.get()) {
            List<String> spans = spans(scanner, text);
            List<String> y = spans.stream().filter(s -> s.startsWith("y=")).toList();
            List<String> x = spans.stream().filter(s -> s.startsWith("x=")).toList();
            if (y.size() != 1 || !ySpans.contains(y.get(0).substring(2))
                || x.size() > 1 || (x.size() == 1 && !x.get(0).equals("x=" + xSpan))
                || x.size() + y.size() != spans.size()) {
              throw new AssertionError("torn state: " + spans + ", " + TestSeeds.describe());
            }
            scans.incrementAndGet();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    // The writer: swap y between two phrases (a replace is one step), add and remove x, and churn
    // unrelated keywords so that tables grow, rehash and shrink under the readers.
    List<String> churn = new ArrayList<>();
    for (int i = 0; i < 3000 || (scans.get() < 2000 && i < 200_000); i++) {
      switch (i % 4) {
        case 0 -> scanner.add("x", abg);
        case 1 -> scanner.add("y", bg);
        case 2 -> scanner.remove("x");
        default -> scanner.add("y", ab);
      }
      String id = "c" + i;
      scanner.add(id, KeywordFolding.canonical(churnPhrase(random)));
      churn.add(id);
      if (churn.size() > 500 || random.nextInt(3) == 0) {
        scanner.remove(churn.remove(random.nextInt(churn.size())));
      }
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failures).isEmpty();
    assertThat(scans.get()).isGreaterThan(100);
    assertThat(scanner.size()).isEqualTo(churn.size() + 1 + (scanner.scan(text)
        .stream().anyMatch(h -> h.id().equals("x")) ? 1 : 0));
  }

  // ---------------------------------------------------------------- generators

  private static final String[] SEPARATORS = {" ", " ", " ", "  ", "\n", ", ", ". ", "! ", "? ",
      " - ", "-", ".", "_", "'", "...", " @ ", "$", "|", "!", "\t", "/", "(", ") ", ": ", "\u200B",
      " 2024 ", " 13 ", " x ", " a ", "1"};

  /** Words of 1..7 lower-case ASCII letters, from a small alphabet so that phrases recur. */
  private static List<String> vocabulary(SplittableRandom random, int size) {
    String letters = "aeioustxlmnbkr";
    List<String> words = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int length = random.nextInt(10) == 0 ? 1 : 2 + random.nextInt(6);
      StringBuilder w = new StringBuilder();
      for (int k = 0; k < length; k++) {
        w.append(letters.charAt(random.nextInt(letters.length())));
      }
      words.add(w.toString());
    }
    return words;
  }

  private static String phrase(SplittableRandom random, List<String> vocabulary) {
    int words = 1 + random.nextInt(3);
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        p.append(' ');
      }
      p.append(vocabulary.get(random.nextInt(vocabulary.size())));
    }
    return p.toString();
  }

  private static String churnPhrase(SplittableRandom random) {
    StringBuilder p = new StringBuilder();
    for (int k = 0; k < 4 + random.nextInt(4); k++) {
      p.append("qzwvk".charAt(random.nextInt(5)));
    }
    return random.nextBoolean() ? p + " " + p.reverse() : p.toString();
  }

  /** Vocabulary words, some disguised, between random separators (possibly glued to neighbours). */
  private static String noise(SplittableRandom random, List<String> vocabulary) {
    String word = vocabulary.get(random.nextInt(vocabulary.size()));
    String w = random.nextInt(3) == 0
        ? variantOfWord(random, word, random.nextBoolean(),
            word.length() >= 3 && random.nextInt(5) == 0)
        : word;
    return w + SEPARATORS[random.nextInt(SEPARATORS.length)];
  }

  /**
   * A disguised phrase that must still match it: words apart by space-like separators. A word is
   * spelled out with spaces ({@code s e x}) only when neither neighbour folds to a single letter or
   * is spelled out too: a run of single letters is read whole, or without its first or last letter,
   * so two spelled-out words in a row are one word (a documented limit). The caller puts a word
   * that is no single letter on both sides.
   */
  private static String variantOfPhrase(SplittableRandom random, String phrase) {
    String[] words = phrase.split(" ");
    boolean[] spaced = new boolean[words.length];
    for (int i = 0; i < words.length; i++) {
      spaced[i] = words[i].length() >= 3 && random.nextInt(4) == 0
          && (i == 0 || (!spaced[i - 1] && !oneLetter(words[i - 1])))
          && (i == words.length - 1 || !oneLetter(words[i + 1]));
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        b.append(List.of(" ", "  ", ", ", "\n", " - ", "... ", "\r\n").get(random.nextInt(7)));
      }
      b.append(variantOfWord(random, words[i], true, spaced[i]));
    }
    return b.toString();
  }

  private static boolean oneLetter(String word) {
    return KeywordFolding.canonical(word).length() == 1;
  }

  /**
   * One word disguised by case, diacritics, leetspeak, repeats, separators, invisible characters
   * and full-width forms, or {@code spaced} out letter by letter. With {@code safe}, only disguises
   * that the folding rules undo exactly: it keeps a real letter, puts {@code ! |} only directly
   * between word characters, and when spaced uses no leetspeak, so that each letter stays one.
   */
  static String variantOfWord(SplittableRandom random, String word, boolean safe, boolean spaced) {
    int keepLetter = random.nextInt(word.length()); // this position stays a real letter
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      String piece = String.valueOf(c);
      boolean leet = (!spaced || !safe) && i != keepLetter && random.nextInt(3) == 0;
      boolean inner = i > 0 && i < word.length() - 1;
      if (leet) {
        piece = switch (c) {
          case 'a' -> random.nextBoolean() ? "4" : "@";
          case 'e' -> "3";
          case 'i' -> inner || !safe ? List.of("1", "!", "|").get(random.nextInt(3)) : "1";
          case 'o' -> "0";
          case 's' -> random.nextBoolean() ? "5" : "$";
          case 't' -> "7";
          default -> piece;
        };
      } else {
        switch (random.nextInt(8)) {
          case 0 -> piece = piece.toUpperCase();
          case 1 -> piece = Normalizer.normalize(piece + "\u0301", Normalizer.Form.NFC);
          case 2 -> piece = piece + "\u0308"; // decomposed: a combining mark stays in the text
          case 3 -> piece = String.valueOf((char) (c - 'a' + 'ａ')); // full width
          default -> {}
        }
      }
      if (random.nextInt(6) == 0) {
        piece = piece.repeat(2 + random.nextInt(2));
      }
      b.append(piece);
      // ! | @ $ are letters only directly next to a letter or digit ("$ex", not "$.ex"), and the
      // next char may become one of them.
      boolean symbolNext = i + 1 < word.length() && "aeis".indexOf(word.charAt(i + 1)) >= 0;
      boolean symbolHere = "!|@$".indexOf(piece.charAt(0)) >= 0;
      if (safe && !spaced && (symbolHere || symbolNext)) {
        continue;
      }
      if (i < word.length() - 1) {
        if (spaced) {
          b.append(List.of(" ", " ", ". ", "  ").get(random.nextInt(4)));
        } else if (random.nextInt(5) == 0) {
          b.append(List.of(".", "-", "_", "*", "\u200B", "\u00AD", "'", "..").get(random.nextInt(8)));
        }
      }
    }
    return b.toString();
  }

  private static String keywordList(List<String[]> keywords) {
    StringBuilder b = new StringBuilder();
    for (String[] k : keywords) {
      b.append(k[0]).append('=').append(k[1]).append("; ");
    }
    return b.toString();
  }
}
