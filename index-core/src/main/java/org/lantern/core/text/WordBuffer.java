package org.lantern.core.text;

import java.util.Arrays;

/**
 * The fold of a span of consecutive chunks, built one chunk at a time so that the scanner can try
 * every longer reading of a group ({@code well}, {@code wellknown}) with one append and one hash
 * lookup each, without a {@code String} per attempt.
 *
 * <p>Both forms grow side by side ({@link FoldedText}): the leet form, with runs of one letter
 * collapsed across the chunk boundary ({@code se} + {@code ex} is {@code sex}), and the digit
 * form. Which one is the word is decided by the whole span: the leet form as soon as one chunk has
 * a real letter. {@link #hash} is {@link String#hashCode} of the word, kept incrementally for both
 * forms, so a {@link WordTable} can compare it with its stored words' hashes.
 *
 * <p>Thread-safety: not thread-safe; scratch state of one scan or one canonicalisation.
 */
final class WordBuffer {
  private char[] leet = new char[64];
  private int leetLength;
  private int leetHash;
  private char[] digits = new char[64];
  private int digitLength;
  private int digitHash;
  private boolean lettered;

  /** Forgets the span, to start a new one. */
  void clear() {
    leetLength = 0;
    leetHash = 0;
    digitLength = 0;
    digitHash = 0;
    lettered = false;
  }

  /** Appends chunk {@code k} of {@code text}, the chunk right after the current span. */
  void append(FoldedText text, int k) {
    char[] src = text.leet;
    int from = text.leetStart(k);
    int to = text.leetEnd[k];
    if (leetLength > 0 && leet[leetLength - 1] == src[from] && CharFolding.collapsible(src[from])) {
      from++; // the chunk's forms are collapsed inside already: only its first char can repeat
    }
    if (leetLength + (to - from) > leet.length) {
      leet = Arrays.copyOf(leet, Math.max(leet.length * 2, leetLength + to - from));
    }
    int h = leetHash;
    for (int i = from; i < to; i++) {
      char c = src[i];
      leet[leetLength++] = c;
      h = 31 * h + c;
    }
    leetHash = h;

    int dFrom = text.digitStart(k);
    int dTo = text.digitEnd[k];
    if (digitLength + (dTo - dFrom) > digits.length) {
      digits = Arrays.copyOf(digits, Math.max(digits.length * 2, digitLength + dTo - dFrom));
    }
    h = digitHash;
    for (int i = dFrom; i < dTo; i++) {
      char c = text.digits[i];
      digits[digitLength++] = c;
      h = 31 * h + c;
    }
    digitHash = h;
    lettered |= text.lettered[k];
  }

  /** The word's chars, valid up to {@link #length}; the array is reused by the next append. */
  char[] chars() {
    return lettered ? leet : digits;
  }

  /** Length of the word. */
  int length() {
    return lettered ? leetLength : digitLength;
  }

  /** {@link String#hashCode} of the word. */
  int hash() {
    return lettered ? leetHash : digitHash;
  }

  /**
   * A length no longer span starting with this one can be shorter than: both forms only grow, and
   * the word may still switch to the leet form while no chunk has a letter. Once it exceeds the
   * longest word of the dictionary, extending is pointless.
   */
  int lengthLowerBound() {
    return lettered ? leetLength : Math.min(leetLength, digitLength);
  }

  /** The word as a string (canonicalisation only; scans never call it). */
  @Override
  public String toString() {
    return new String(chars(), 0, length());
  }
}
