package org.lantern.core.text;

import static org.lantern.core.text.CharFolding.BREAK;
import static org.lantern.core.text.CharFolding.DIGIT;
import static org.lantern.core.text.CharFolding.IGNORABLE;
import static org.lantern.core.text.CharFolding.INNER;
import static org.lantern.core.text.CharFolding.JOINER;
import static org.lantern.core.text.CharFolding.LEET;
import static org.lantern.core.text.CharFolding.LETTER;
import static org.lantern.core.text.CharFolding.MARK;

import java.util.Arrays;

/**
 * A text cut, in one pass, into <em>chunks</em>: maximal runs of word characters (letters, digits,
 * {@code @ $}, and {@code ! |} when inside the run) with their original UTF-16 span. Between two
 * chunks lies a <em>gap</em>, which is either <em>joining</em> (only joiner characters {@code . _ *
 * - ~ ' ’ ‐ ·}, no space) or <em>breaking</em> (anything else). A <em>group</em> is a maximal run of
 * chunks connected by joining gaps: {@code s.e.x} is one group of three chunks.
 *
 * <p>Each chunk keeps two folded forms, because whether digits are leetspeak depends on the whole
 * word, which is only known when chunks are combined ({@link WordBuffer}):
 *
 * <ul>
 *   <li>the <em>leet form</em>: letters as folded, {@code 0 1 3 4 5 7 @ $ ! |} as {@code o i e a s
 *       t a s i i}, other digits unchanged, runs of one letter collapsed;
 *   <li>the <em>digit form</em>: only the digits, unchanged, for words without a real letter
 *       ({@code 2024} stays {@code 2024}, {@code $100} is {@code 100}).
 * </ul>
 *
 * <p>A run without a letter or a digit ({@code @}, {@code $$}) is no chunk: it counts as breaking
 * punctuation. {@code !} and {@code |} at either end of a run are punctuation too ({@code
 * "hello!"}). Combining marks are dropped but extend the span of the character before them, so a
 * span covers a decomposed {@code "e\u0301"} whole; format characters (zero-width space, soft
 * hyphen) are invisible and break nothing.
 *
 * <p>Why a hand-written tokenizer and not a Lucene analysis chain: the rules need the per-word
 * digit decision, the joined and split readings at once, and spans of single letters across
 * spaces, none of which a {@code Tokenizer} → {@code TokenFilter} stream expresses without custom
 * filters that buffer whole groups; and one pass over a {@code CharSequence} into primitive arrays
 * measured faster than Lucene's {@code StandardTokenizer} with {@code ASCIIFoldingFilter} and
 * {@code LowerCaseFilter} alone (numbers in {@code package-info.java}).
 *
 * <p>Thread-safety: not thread-safe. It is a scan's scratch state: {@link KeywordScanner} reuses
 * instances from scan to scan (see its pool), and {@link #fold} replaces the previous text.
 */
final class FoldedText {
  /** The most chunks one word may span: {@link KeywordFolding#MAX_WORD_PIECES}. */
  static final int MAX_WORD_CHUNKS = KeywordFolding.MAX_WORD_PIECES;

  /** Number of chunks. */
  int count;
  /** Original start of chunk k, a UTF-16 index into the text. */
  int[] start;
  /** Original end of chunk k, exclusive (after any combining marks on its last char). */
  int[] end;
  /** End of chunk k's leet form in {@link #leet}; it starts where chunk k - 1's ends. */
  int[] leetEnd;
  /** End of chunk k's digit form in {@link #digits}; likewise. */
  int[] digitEnd;
  /** Chunk k has a real letter (so every span containing it reads its digits as letters). */
  boolean[] lettered;
  /** The gap before chunk k is joining (always false for chunk 0). */
  boolean[] joinedToPrev;
  /** Leet forms of all chunks, back to back. */
  char[] leet;
  /** Digit forms of all chunks, back to back. */
  char[] digits;
  private int leetLength;
  private int digitLength;

  /** Exclusive end chunk of chunk k's group; filled by {@link #groups()}. */
  private int[] groupEnd;
  /** Chunk k alone folds to one letter; filled by {@link #groups()}. */
  private boolean[] singleChunk;
  /** Chunk k starts a group that folds to one letter; filled by {@link #groups()}. */
  private boolean[] single;
  /** For a chunk k with {@code single[k]}: the end of the run of single-letter groups it is in. */
  private int[] singleRunEnd;
  /** For a chunk k with {@code single[k]}: the position of its group in that run, from 0. */
  private int[] singleRunPosition;

  // Tokenizer state for the run being read.
  private boolean inRun;
  private int runStart;
  private int runEnd;
  private int runLeetStart;
  private int runDigitStart;
  private boolean runLettered;
  private boolean runHasDigit;
  private boolean runJoinedToPrev;
  private int pendingInner; // ! or | seen inside the run, not yet known to be followed by a word char
  private boolean gapBreaks; // since the last chunk, something other than a joiner was seen

  /** An empty instance; {@link #fold} sizes it. */
  FoldedText() {
    start = new int[0];
    end = new int[0];
    leetEnd = new int[0];
    digitEnd = new int[0];
    lettered = new boolean[0];
    joinedToPrev = new boolean[0];
    leet = new char[0];
    digits = new char[16];
    groupEnd = new int[0];
    singleChunk = new boolean[0];
    single = new boolean[0];
    singleRunEnd = new int[0];
    singleRunPosition = new int[0];
  }

  /** Folds and cuts {@code text} into a new instance; groups are computed too. */
  static FoldedText of(CharSequence text) {
    return new FoldedText().fold(text);
  }

  /**
   * Folds and cuts {@code text}, groups included, replacing what this instance held: scans reuse
   * one instance (and its arrays) for many texts.
   */
  FoldedText fold(CharSequence text) {
    int textLength = text.length();
    // Sized for typical text, so that no array grows while tokenizing: a word and its space take
    // 5+ chars, and most chars are letters, each at most one leet char (only expansions need more).
    int chunks = textLength / 5 + 16;
    if (start.length < chunks) {
      start = new int[chunks];
      end = new int[chunks];
      leetEnd = new int[chunks];
      digitEnd = new int[chunks];
      lettered = new boolean[chunks];
      joinedToPrev = new boolean[chunks];
    }
    if (leet.length < textLength + 16) {
      leet = new char[textLength + 16];
    }
    count = 0;
    leetLength = 0;
    digitLength = 0;
    inRun = false;
    pendingInner = 0;
    gapBreaks = false;
    tokenize(text);
    groups();
    return this;
  }

  /** Length of the longest text folded so far; a measure of the memory this instance holds. */
  int capacity() {
    return leet.length;
  }

  /** Start of chunk k's leet form in {@link #leet}. */
  int leetStart(int k) {
    return k == 0 ? 0 : leetEnd[k - 1];
  }

  /** Start of chunk k's digit form in {@link #digits}. */
  int digitStart(int k) {
    return k == 0 ? 0 : digitEnd[k - 1];
  }

  /** Exclusive end chunk of chunk k's group. */
  int groupEnd(int k) {
    return groupEnd[k];
  }

  /**
   * True if a word may begin at chunk k, and end before it: at every group boundary, and inside a
   * group except between two single-letter chunks. A run of single letters joined by separators is
   * one spelled-out word ({@code S-U-S-S-E-X}, {@code U.S.A.}) and reading a piece of it would
   * bring the Scunthorpe problem back; {@code sex-toy} or {@code www.sex.com} may be cut.
   */
  boolean cutBefore(int k) {
    return k == 0 || k == count || !joinedToPrev[k] || !(singleChunk[k - 1] && singleChunk[k]);
  }

  /**
   * True if chunk k starts a group whose fold is a single letter ({@code s}, {@code S.}, {@code
   * s-s}, {@code 5}): three or more of those in a row are also read as one word ({@code s e x}).
   */
  boolean single(int k) {
    return single[k];
  }

  /**
   * For a chunk with {@link #single}: the exclusive end chunk of the maximal run of consecutive
   * single-letter groups that contains it.
   */
  int runEnd(int k) {
    return singleRunEnd[k];
  }

  /**
   * For a chunk with {@link #single}: the position of its group in its run of single-letter
   * groups, 0 for the first.
   */
  int runPosition(int k) {
    return singleRunPosition[k];
  }

  private void tokenize(CharSequence text) {
    final byte[] asciiKind = CharFolding.ASCII_KIND;
    final char[] asciiFolded = CharFolding.ASCII_FOLDED;
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cpStart = i;
      char c = text.charAt(i++);
      if (c < 128) {
        byte kind = asciiKind[c];
        if (kind == LETTER && inRun && pendingInner == 0) {
          i = asciiLetters(text, i, n, asciiFolded[c]);
        } else {
          accept(asciiFolded[c], kind, cpStart, i);
        }
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(text.charAt(i))) {
        cp = Character.toCodePoint(c, text.charAt(i++));
      }
      if (CharFolding.tabled(cp)) {
        CharFolding.Block block = CharFolding.block(cp);
        int slot = cp & 0xFF;
        byte kind = block.kind[slot];
        if (kind >= 0) {
          accept(block.folded[slot], kind, cpStart, i);
        } else {
          char[] expansion = block.expansion[slot];
          byte[] kinds = block.expansionKinds[slot];
          for (int e = 0; e < expansion.length; e++) {
            accept(expansion[e], kinds[e], cpStart, i);
          }
        }
      } else {
        byte kind = CharFolding.foldUntabled(cp);
        if (kind == LETTER || kind == DIGIT) {
          accept(Character.highSurrogate(cp), kind, cpStart, i);
          accept(Character.lowSurrogate(cp), kind, cpStart, i);
        } else {
          accept(' ', kind, cpStart, i);
        }
      }
    }
    endRun();
  }

  /**
   * The common case, inside a word: appends the ASCII letter {@code first} (the char before {@code
   * i}) and the ASCII letters that follow it, in a loop over locals; the general path reads and
   * writes the tokenizer's fields for every char. Returns the index after the last letter taken.
   */
  private int asciiLetters(CharSequence text, int i, int n, char first) {
    final byte[] asciiKind = CharFolding.ASCII_KIND;
    final char[] asciiFolded = CharFolding.ASCII_FOLDED;
    char[] buf = leet;
    int length = leetLength;
    char last = length > runLeetStart ? buf[length - 1] : 0; // 0: nothing to collapse with
    char f = first;
    while (true) {
      if (f != last) { // ASCII letters always collapse
        if (length == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[length++] = f;
        last = f;
      }
      if (i == n) {
        break;
      }
      char c = text.charAt(i);
      if (c >= 128 || asciiKind[c] != LETTER) {
        break;
      }
      f = asciiFolded[c];
      i++;
    }
    leet = buf;
    leetLength = length;
    runLettered = true;
    runEnd = i;
    return i;
  }

  /** One folded char of kind {@code kind}, from the code point at {@code [cpStart, cpEnd)}. */
  private void accept(char f, byte kind, int cpStart, int cpEnd) {
    switch (kind) {
      case LETTER, DIGIT, LEET -> wordChar(f, kind, cpStart, cpEnd);
      case INNER -> {
        if (inRun) {
          pendingInner++;
        } else {
          gapBreaks = true; // a leading ! is punctuation
        }
      }
      case JOINER -> endRun();
      case BREAK -> {
        endRun();
        gapBreaks = true;
      }
      case MARK -> {
        if (inRun && pendingInner == 0) {
          runEnd = cpEnd;
        }
      }
      case IGNORABLE -> {}
      default -> throw new AssertionError(kind);
    }
  }

  private void wordChar(char f, byte kind, int cpStart, int cpEnd) {
    if (!inRun) {
      inRun = true;
      runStart = cpStart;
      runLeetStart = leetLength;
      runDigitStart = digitLength;
      runLettered = false;
      runHasDigit = false;
      runJoinedToPrev = count > 0 && !gapBreaks;
    }
    if (pendingInner > 0) {
      appendLeet('i'); // ! and | between word characters: "sh!t"
      pendingInner = 0;
    }
    if (kind == LETTER) {
      appendLeet(f);
      runLettered = true;
    } else if (kind == DIGIT) {
      appendLeet(CharFolding.leetDigit(f));
      appendDigit(f);
      runHasDigit = true;
    } else {
      appendLeet(f == '@' ? 'a' : 's');
    }
    runEnd = cpEnd;
  }

  private void appendLeet(char c) {
    // Collapse runs inside this chunk only; across chunks WordBuffer does it when it joins them.
    if (leetLength > runLeetStart && leet[leetLength - 1] == c && CharFolding.collapsible(c)) {
      return;
    }
    if (leetLength == leet.length) {
      leet = Arrays.copyOf(leet, leet.length * 2);
    }
    leet[leetLength++] = c;
  }

  private void appendDigit(char c) {
    if (digitLength == digits.length) {
      digits = Arrays.copyOf(digits, digits.length * 2);
    }
    digits[digitLength++] = c;
  }

  private void endRun() {
    if (!inRun) {
      return;
    }
    inRun = false;
    boolean trailingInner = pendingInner > 0;
    pendingInner = 0;
    if (!runLettered && !runHasDigit) {
      leetLength = runLeetStart; // "@" or "$$": punctuation, not a word
      digitLength = runDigitStart;
      gapBreaks = true;
      return;
    }
    if (count == start.length) {
      grow();
    }
    start[count] = runStart;
    end[count] = runEnd;
    leetEnd[count] = leetLength;
    digitEnd[count] = digitLength;
    lettered[count] = runLettered;
    joinedToPrev[count] = runJoinedToPrev;
    count++;
    gapBreaks = trailingInner; // a trailing ! is punctuation: "hello!.world" does not join
  }

  private void grow() {
    int size = start.length * 2;
    start = Arrays.copyOf(start, size);
    end = Arrays.copyOf(end, size);
    leetEnd = Arrays.copyOf(leetEnd, size);
    digitEnd = Arrays.copyOf(digitEnd, size);
    lettered = Arrays.copyOf(lettered, size);
    joinedToPrev = Arrays.copyOf(joinedToPrev, size);
  }

  private void groups() {
    if (groupEnd.length < count) {
      int size = start.length;
      groupEnd = new int[size];
      singleChunk = new boolean[size];
      single = new boolean[size];
      singleRunEnd = new int[size];
      singleRunPosition = new int[size];
    }
    for (int k = count - 1; k >= 0; k--) {
      single[k] = false; // set below for group starts; the arrays are reused from earlier texts
      groupEnd[k] = k + 1 < count && joinedToPrev[k + 1] ? groupEnd[k + 1] : k + 1;
      int formLength = lettered[k] ? leetEnd[k] - leetStart(k) : digitEnd[k] - digitStart(k);
      // Most chunks are words of several letters: decided without the general test.
      singleChunk[k] = formLength == 1 && foldsToOneLetter(k, k + 1);
    }
    for (int k = 0; k < count; k = groupEnd[k]) {
      single[k] = groupEnd[k] == k + 1 ? singleChunk[k] : foldsToOneLetter(k, groupEnd[k]);
    }
    int position = 0;
    for (int k = 0; k < count; k = groupEnd[k]) {
      position = single[k] ? position + 1 : 0;
      singleRunPosition[k] = position - 1;
    }
    int end = count;
    for (int k = count - 1; k >= 0; k--) {
      if (joinedToPrev[k]) {
        continue; // only group starts matter
      }
      if (!single[k]) {
        end = k;
      } else {
        singleRunEnd[k] = end;
      }
    }
  }

  /**
   * True if chunks {@code [from, to)} fold to one letter. With a real letter among them: every
   * leet form is that same single letter, which collapse merges ({@code s-s}, {@code s-5}).
   * Without: one chunk holding one digit that reads as a letter ({@code 5}, not {@code 2} or {@code
   * 55}), because the fold of a word without a letter is its digits, and the canonical form must
   * not turn a number into a run of single letters on a second pass.
   */
  private boolean foldsToOneLetter(int from, int to) {
    boolean anyLetter = false;
    for (int k = from; k < to; k++) {
      anyLetter |= lettered[k];
    }
    if (!anyLetter) {
      if (to - from != 1 || digitEnd[from] - digitStart(from) != 1) {
        return false;
      }
      char digit = digits[digitStart(from)];
      return CharFolding.leetDigit(digit) != digit;
    }
    char letter = leet[leetStart(from)];
    for (int k = from; k < to; k++) {
      int s = leetStart(k);
      if (leetEnd[k] - s != 1 || leet[s] != letter) {
        return false;
      }
    }
    return CharFolding.collapsible(letter);
  }
}
