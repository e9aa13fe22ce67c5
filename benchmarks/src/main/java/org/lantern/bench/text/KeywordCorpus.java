package org.lantern.bench.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.lantern.core.text.KeywordFolding;

/**
 * A seeded synthetic corpus for keyword scanning: a vocabulary of pronounceable made-up words,
 * keyword phrases drawn from it, and chat-like messages with disguised keywords embedded.
 *
 * <ul>
 *   <li><b>Common words</b> ({@value #COMMON_WORDS}) make up the messages, drawn with Zipf weights
 *       (the word of rank r with probability proportional to 1/r), as natural text is.
 *   <li><b>Rare words</b> ({@value #RARE_WORDS}) make up the keywords: half of the keywords are one
 *       rare word, 30% two words and 20% three, where a phrase may include common words (so the
 *       phrase trie is entered at common words of the message too, as "buy ..." phrases would).
 *   <li><b>Messages</b> are sentences of 4-20 words with punctuation, line breaks and an occasional
 *       number; about one word in {@value #VARIANT_EVERY} is a keyword in disguise (case,
 *       diacritics, leetspeak, repeated letters, separators inside the word, spelled out), and 2%
 *       are rare words that may or may not be keywords.
 * </ul>
 *
 * <p>Words and phrases are distinct after folding. Thread-safety: not thread-safe.
 */
public final class KeywordCorpus {
  /** Number of common words (the messages' vocabulary). */
  public static final int COMMON_WORDS = 4000;
  /** Number of rare words (the keywords' vocabulary). */
  public static final int RARE_WORDS = 120_000;
  /** One word in this many, on average, is a disguised keyword. */
  public static final int VARIANT_EVERY = 60;

  private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n",
      "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh",
      "sk", "st", "th", "tr", "y", ""};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y"};
  private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "st",
      "ck", "ng", "x"};

  private final SplittableRandom random;
  private final List<String> common = new ArrayList<>();
  private final double[] zipf; // cumulative weights of the common words
  private final List<String> rare = new ArrayList<>();

  /** A corpus whose every word, phrase and message follows from {@code seed}. */
  public KeywordCorpus(long seed) {
    random = new SplittableRandom(seed);
    Set<String> folded = new HashSet<>();
    fill(common, COMMON_WORDS, folded, 1, 2);
    fill(rare, RARE_WORDS, folded, 2, 4);
    zipf = new double[COMMON_WORDS];
    double sum = 0;
    for (int r = 0; r < COMMON_WORDS; r++) {
      sum += 1.0 / (r + 1);
      zipf[r] = sum;
    }
  }

  private void fill(List<String> words, int count, Set<String> folded, int minSyl, int maxSyl) {
    while (words.size() < count) {
      StringBuilder w = new StringBuilder();
      int syllables = minSyl + random.nextInt(maxSyl - minSyl + 1);
      for (int s = 0; s < syllables; s++) {
        w.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)])
            .append(CODAS[random.nextInt(CODAS.length)]);
      }
      String word = w.toString();
      String f = KeywordFolding.canonical(word);
      if (word.length() >= 2 && !f.contains(" ") && f.length() >= 2 && folded.add(f)) {
        words.add(word);
      }
    }
  }

  /**
   * {@code count} distinct keyword phrases in canonical form: 50% one rare word, 30% two words and
   * 20% three, every phrase with at least one rare word.
   */
  public List<String> keywords(int count) {
    Set<String> phrases = new LinkedHashSet<>();
    while (phrases.size() < count) {
      double kind = random.nextDouble();
      String phrase;
      if (kind < 0.5) {
        phrase = rareWord();
      } else if (kind < 0.8) {
        phrase = random.nextBoolean() ? commonWord() + " " + rareWord() : rareWord() + " " + anyWord();
      } else {
        phrase = anyWord() + " " + rareWord() + " " + anyWord();
      }
      phrases.add(KeywordFolding.canonical(phrase));
    }
    return new ArrayList<>(phrases);
  }

  /**
   * A message of exactly {@code chars} UTF-16 chars: sentences of common words, with disguised
   * phrases from {@code keywords} (canonical forms) and rare words mixed in.
   */
  public String message(int chars, List<String> keywords) {
    StringBuilder m = new StringBuilder(chars + 200);
    while (m.length() < chars) {
      int words = 4 + random.nextInt(17);
      for (int w = 0; w < words; w++) {
        String word;
        int pick = random.nextInt(1000);
        if (pick < 1000 / VARIANT_EVERY) {
          word = disguise(random, keywords.get(random.nextInt(keywords.size())));
        } else if (pick < 1000 / VARIANT_EVERY + 20) {
          word = rareWord();
        } else if (pick < 1000 / VARIANT_EVERY + 25) {
          word = Integer.toString(random.nextInt(3000));
        } else {
          word = commonWord();
        }
        if (w == 0 && !word.isEmpty()) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        m.append(word);
        if (w < words - 1) {
          m.append(random.nextInt(10) == 0 ? ", " : " ");
        }
      }
      m.append(List.of(". ", ". ", ". ", "? ", "! ", ".\n", "\n\n", "... ").get(random.nextInt(8)));
    }
    return m.substring(0, chars);
  }

  /**
   * A phrase disguised word by word: as is, upper case, leetspeak, diacritics, a repeated letter,
   * separators inside the word, or spelled out with spaces.
   */
  public static String disguise(SplittableRandom random, String phrase) {
    String[] words = phrase.split(" ");
    StringBuilder b = new StringBuilder();
    boolean lastSpelled = false;
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        b.append(random.nextInt(4) == 0 ? ", " : " ");
      }
      String w = words[i];
      int how = random.nextInt(8);
      if (how == 7 && (lastSpelled || w.length() < 3)) {
        how = 0;
      }
      lastSpelled = how == 7;
      b.append(switch (how) {
        case 1 -> w.toUpperCase();
        case 2 -> leet(random, w);
        case 3 -> accent(random, w);
        case 4 -> {
          int at = random.nextInt(w.length());
          yield w.substring(0, at + 1) + w.charAt(at) + w.charAt(at) + w.substring(at + 1);
        }
        case 5 -> String.join(List.of(".", "-", "_", "*").get(random.nextInt(4)), w.split(""));
        case 6 -> w.substring(0, w.length() / 2) + "-" + w.substring(w.length() / 2);
        case 7 -> String.join(" ", w.split(""));
        default -> w;
      });
    }
    return b.toString();
  }

  private static String leet(SplittableRandom random, String w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      String s = i == 0 ? String.valueOf(c) : switch (c) { // keep a real letter first
        case 'a' -> random.nextBoolean() ? "4" : "@";
        case 'e' -> "3";
        case 'i' -> "1";
        case 'o' -> "0";
        case 's' -> "$";
        case 't' -> "7";
        default -> String.valueOf(c);
      };
      b.append(s);
    }
    return b.toString();
  }

  private static String accent(SplittableRandom random, String w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < w.length(); i++) {
      b.append(w.charAt(i));
      if ("aeiou".indexOf(w.charAt(i)) >= 0 && random.nextBoolean()) {
        b.append(random.nextBoolean() ? '\u0301' : '\u0308');
      }
    }
    return Normalizer.normalize(b, Normalizer.Form.NFC);
  }

  private String commonWord() {
    double x = random.nextDouble() * zipf[zipf.length - 1];
    int at = Arrays.binarySearch(zipf, x);
    return common.get(Math.min(at < 0 ? -at - 1 : at, common.size() - 1));
  }

  private String rareWord() {
    return rare.get(random.nextInt(rare.size()));
  }

  private String anyWord() {
    return random.nextInt(3) == 0 ? rareWord() : commonWord();
  }
}
