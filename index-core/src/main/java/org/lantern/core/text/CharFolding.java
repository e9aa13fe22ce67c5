package org.lantern.core.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The per-code-point half of keyword folding: what one code point becomes (zero, one or several
 * folded chars) and what kind of character each folded char is. The per-word half (leetspeak,
 * repeated letters, separators) is {@link FoldedText}'s; the rules are listed in {@code
 * package-info.java}.
 *
 * <p>The fold of a code point is the fixpoint of: NFKD, drop non-spacing and enclosing marks (Mn,
 * Me: the diacritics), lower-case with {@link Locale#ROOT}, then map the letters NFKD does not split
 * ({@code ß→ss æ→ae œ→oe ø→o ł→l đ→d ð→d þ→th ħ→h ŧ→t ı→i}). Iterating to the fixpoint makes
 * folding idempotent per char, which {@link KeywordFolding#canonical} relies on: a folded letter
 * folds to itself.
 *
 * <p>Layout: Java's {@link Normalizer} costs ~1 µs and a few objects per call, far too much per
 * character of a scanned message, so results are kept in tables of 256 code points ({@link Block}),
 * one per block of planes 0 and 1 (BMP, and the SMP with its mathematical alphanumerics and
 * enclosed letters, popular for evasion). A block is computed on first use, not at class load: all
 * of planes 0 and 1 take 100-150 ms to fold, a message touches a handful of blocks. Two threads may
 * compute the same block at once; both results are equal and a {@link Block} has only final fields,
 * so publishing it through a plain array write is safe (the JMM's final-field guarantee). Code points
 * above plane 1 (CJK extensions, tags, private use) are classified without normalisation.
 *
 * <p>Thread-safety: safe for concurrent use (see above); stateless apart from the block cache.
 */
final class CharFolding {
  /** Default-ignorable format characters (Cf: zero-width space and joiners, soft hyphen, BOM): invisible. */
  static final byte IGNORABLE = 0;
  /** Combining marks: dropped, but they extend the original span of the character they follow. */
  static final byte MARK = 1;
  /** A letter (or a spacing combining mark, Mc, which belongs to its word in Indic scripts). */
  static final byte LETTER = 2;
  /** A decimal digit. 0 1 3 4 5 7 read as letters inside a word that has a real letter. */
  static final byte DIGIT = 3;
  /** {@code @ $}: letters (a, s) inside a word that has a real letter, otherwise punctuation. */
  static final byte LEET = 4;
  /** {@code ! |}: the letter i between word characters, otherwise punctuation. */
  static final byte INNER = 5;
  /** {@code . _ * - ~ ' ’ ‐ ·}: invisible between two word characters (with the split reading kept). */
  static final byte JOINER = 6;
  /** Whitespace and every other character: ends a word. */
  static final byte BREAK = 7;

  private static final int BLOCK_BITS = 8;
  private static final int BLOCK_SIZE = 1 << BLOCK_BITS;
  private static final int TABLED_CODE_POINTS = 0x20000; // planes 0 and 1

  private static final Block[] BLOCKS = new Block[TABLED_CODE_POINTS >>> BLOCK_BITS];

  /** Kinds of the ASCII chars (from block 0), for the tokenizer's fast path. */
  static final byte[] ASCII_KIND;
  /** Folds of the ASCII chars (none expands). */
  static final char[] ASCII_FOLDED;

  static {
    Block ascii = block(0);
    ASCII_KIND = Arrays.copyOf(ascii.kind, 128);
    ASCII_FOLDED = Arrays.copyOf(ascii.folded, 128);
  }

  private CharFolding() {}

  /**
   * The folded chars of one code point, in a fixed-size entry so the tokenizer's loop needs no
   * allocation: either one char (most code points) or an expansion.
   */
  static final class Block {
    /** Kind of the single folded char, or -1 when the code point expands (see {@link #expansion}). */
    final byte[] kind = new byte[BLOCK_SIZE];
    /** The single folded char (when {@code kind >= 0}). */
    final char[] folded = new char[BLOCK_SIZE];
    /** For expanding code points: the folded chars; null otherwise. */
    final char[][] expansion = new char[BLOCK_SIZE][];
    /** For expanding code points: the kind of each folded char; null otherwise. */
    final byte[][] expansionKinds = new byte[BLOCK_SIZE][];

    Block(int first) {
      for (int i = 0; i < BLOCK_SIZE; i++) {
        int cp = first + i;
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
          kind[i] = BREAK; // a lone surrogate; pairs are decoded before the table is consulted
          folded[i] = ' ';
          continue;
        }
        String f = fold(cp);
        if (Character.getType(cp) == Character.FORMAT) {
          kind[i] = IGNORABLE;
        } else if (f.isEmpty()) {
          kind[i] = MARK; // only combining marks fold to nothing
        } else if (f.length() == 1) {
          kind[i] = classify(f.charAt(0));
          folded[i] = f.charAt(0);
        } else {
          kind[i] = -1;
          expansion[i] = f.toCharArray();
          expansionKinds[i] = classifyAll(f);
        }
      }
    }
  }

  /** The table block holding {@code cp}, which must be below {@code 0x20000}. */
  static Block block(int cp) {
    int b = cp >>> BLOCK_BITS;
    Block block = BLOCKS[b];
    if (block == null) {
      block = new Block(b << BLOCK_BITS);
      BLOCKS[b] = block; // benign race: see the class comment
    }
    return block;
  }

  /** True if {@code cp} is looked up in the table ({@link #block}); false: {@link #foldUntabled}. */
  static boolean tabled(int cp) {
    return cp < TABLED_CODE_POINTS;
  }

  /**
   * Kind of a code point above plane 1, which is not normalised: letters stay as they are (as a
   * surrogate pair of {@link #LETTER}s), format and mark characters are invisible.
   */
  static byte foldUntabled(int cp) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT) {
      return IGNORABLE;
    }
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
      return MARK;
    }
    if (Character.isLetter(cp) || type == Character.COMBINING_SPACING_MARK) {
      return LETTER;
    }
    if (Character.isDigit(cp)) {
      return DIGIT;
    }
    return BREAK;
  }

  /** The fold of one code point as a string (the reference definition; the tables cache it). */
  static String fold(int cp) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT) {
      return "";
    }
    String s = new String(Character.toChars(cp));
    for (int round = 0; round < 4; round++) {
      String next = step(s);
      if (next.equals(s)) {
        return s;
      }
      s = next;
    }
    return s;
  }

  private static String step(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); ) {
      int c = d.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
        kept.appendCodePoint(c);
      }
    }
    String lower = kept.toString().toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length() + 2);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ß' -> out.append("ss");
        case 'æ' -> out.append("ae");
        case 'œ' -> out.append("oe");
        case 'ø' -> out.append('o');
        case 'ł' -> out.append('l');
        case 'đ', 'ð' -> out.append('d');
        case 'þ' -> out.append("th");
        case 'ħ' -> out.append('h');
        case 'ŧ' -> out.append('t');
        case 'ı' -> out.append('i');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] classifyAll(String folded) {
    byte[] kinds = new byte[folded.length()];
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isSurrogate(c)) {
        // A letter outside the BMP that folds to itself (Gothic, Old Italic, ...): both halves.
        int cp = folded.codePointAt(Character.isHighSurrogate(c) ? i : i - 1);
        boolean letter = Character.isLetter(cp)
            || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
        kinds[i] = letter ? LETTER : Character.isDigit(cp) ? DIGIT : BREAK;
      } else {
        kinds[i] = classify(c);
      }
    }
    return kinds;
  }

  /** Kind of one already-folded BMP char. */
  static byte classify(char c) {
    switch (c) {
      case '@', '$':
        return LEET;
      case '!', '|':
        return INNER;
      case '.', '_', '*', '-', '~', '\'', '\u2019', '\u2010', '\u00B7':
        return JOINER;
      default:
        break;
    }
    if (Character.isLetter(c) || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
      return LETTER;
    }
    if (Character.isDigit(c)) {
      return DIGIT;
    }
    return BREAK;
  }

  /** The letter a leetspeak digit stands for (0→o 1→i 3→e 4→a 5→s 7→t), or the digit itself. */
  static char leetDigit(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4' -> 'a';
      case '5' -> 's';
      case '7' -> 't';
      default -> c;
    };
  }

  /**
   * True if a run of {@code c} collapses to one: every folded letter, but not a digit that stayed a
   * digit ({@code 2 6 8 9}, and every digit of a number), because "100" and "10" differ.
   */
  static boolean collapsible(char c) {
    return c < 128 ? c < '0' || c > '9' : !Character.isDigit(c);
  }
}
