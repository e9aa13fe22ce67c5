package org.lantern.core.text;

import java.util.Objects;
import org.lantern.core.signal.SignalRejectedException;

/**
 * The canonical form of a keyword signal: the words of its <em>primary reading</em> after folding,
 * joined by single spaces. The folding rules are those of {@code package-info.java}; the text side
 * applies the same rules in {@link KeywordScanner#scan}, so a keyword always matches the text it
 * was written as.
 *
 * <p>The primary reading is the most joined one: a group of chunks connected by joiners is one word
 * ({@code s.e.x} → {@code sex}, {@code well-known} → {@code wellknown}), and a run of three or more
 * groups that each fold to a single letter is one word ({@code s e x} → {@code sex}). The scanner
 * also tries the split readings of the text, so the keyword {@code well known} matches {@code
 * well-known}, while the keyword {@code well-known} matches {@code well-known} and {@code
 * wellknown} but not {@code well known}.
 *
 * <p>Limits, each a {@link SignalRejectedException} with code {@value #REJECTION_CODE} on field
 * {@code value}: nothing left after folding (empty, only punctuation, only {@code @}); more than
 * {@value #MAX_WORDS} words; more than {@value #MAX_CHARS} chars in the canonical form; more than
 * {@value #MAX_INPUT_CHARS} chars as given (bounds the work before folding); a word made of more
 * than {@value #MAX_WORD_PIECES} pieces ({@code a.a.a.a...}: see {@link #MAX_WORD_PIECES}).
 *
 * <p>{@code canonical(canonical(x)).equals(canonical(x))}: the canonical form holds only folded
 * letters and digits, which fold to themselves, no repeated letter, and never three single-letter
 * words in a row (such a run would have been one word).
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class KeywordFolding {
  /** Error code of every rejection. */
  public static final String REJECTION_CODE = "invalid_keyword";
  /** Most words in a keyword. */
  public static final int MAX_WORDS = 8;
  /** Most chars in a canonical keyword, spaces included. */
  public static final int MAX_CHARS = 200;
  /** Most chars in a keyword as given, before folding. */
  public static final int MAX_INPUT_CHARS = 1000;
  /**
   * Most pieces (runs of letters and digits between separators) one word may be made of, in a
   * keyword and in a scanned text. Bounds a scan's work per piece: repeated-letter collapse lets a
   * word grow in pieces without growing in length ({@code a-a-a-a...} is {@code a}), so the length
   * of the longest keyword word alone does not. Keywords with a longer word are rejected, so every
   * keyword still matches the text it was written as.
   */
  public static final int MAX_WORD_PIECES = 32;

  private KeywordFolding() {}

  /**
   * Canonical stored form of a keyword signal: its folded words joined by single spaces.
   *
   * @throws SignalRejectedException ({@code invalid_keyword}, {@code value}) when nothing is left
   *     after folding, or it has more than 8 words, more than 200 chars, or a limit of the class
   *     comment is exceeded
   */
  public static String canonical(String phrase) {
    Objects.requireNonNull(phrase, "phrase");
    if (phrase.length() > MAX_INPUT_CHARS) {
      throw reject("keyword is " + phrase.length() + " characters long, at most "
          + MAX_INPUT_CHARS + " are accepted");
    }
    FoldedText text = FoldedText.of(phrase);
    WordBuffer word = new WordBuffer();
    StringBuilder out = new StringBuilder(Math.min(phrase.length(), MAX_CHARS + 1));
    int words = 0;
    int k = 0;
    while (k < text.count) {
      if (!text.single(k)) {
        words = append(out, words, text, k, text.groupEnd(k), word);
        k = text.groupEnd(k);
        continue;
      }
      int runEnd = k;
      int groups = 0;
      while (runEnd < text.count && text.single(runEnd)) {
        runEnd = text.groupEnd(runEnd);
        groups++;
      }
      if (groups >= 3) {
        words = append(out, words, text, k, runEnd, word); // "s e x": one word
      } else {
        for (int g = k; g < runEnd; g = text.groupEnd(g)) {
          words = append(out, words, text, g, text.groupEnd(g), word);
        }
      }
      k = runEnd;
    }
    if (words == 0) {
      throw reject("keyword has no letters or digits left after folding: \"" + abbreviate(phrase)
          + "\"");
    }
    if (out.length() > MAX_CHARS) {
      throw reject("keyword is " + out.length() + " characters after folding, at most " + MAX_CHARS
          + " are accepted");
    }
    return out.toString();
  }

  /** Appends the fold of chunks {@code [from, to)} as the next word; returns the word count. */
  private static int append(
      StringBuilder out, int words, FoldedText text, int from, int to, WordBuffer word) {
    if (words == MAX_WORDS) {
      throw reject("keyword has more than " + MAX_WORDS + " words after folding");
    }
    if (to - from > MAX_WORD_PIECES) {
      throw reject("a word of the keyword is split into " + (to - from) + " pieces by separators, at most "
          + MAX_WORD_PIECES + " are accepted");
    }
    word.clear();
    for (int k = from; k < to; k++) {
      word.append(text, k);
    }
    if (words > 0) {
      out.append(' ');
    }
    out.append(word.chars(), 0, word.length());
    return words + 1;
  }

  private static SignalRejectedException reject(String message) {
    return new SignalRejectedException(REJECTION_CODE, "value", message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
