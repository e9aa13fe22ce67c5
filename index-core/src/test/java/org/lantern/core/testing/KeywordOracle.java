package org.lantern.core.testing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lantern.core.text.KeywordFolding;
import org.lantern.core.text.KeywordHit;

/**
 * Keyword matching written straight from its definition ({@code org.lantern.core.text}'s
 * package-info), slowly and with strings everywhere: the oracle for {@code KeywordScanner}. It
 * shares no code with it: it folds with {@link Normalizer} per code point instead of the block
 * tables, collapses repeated letters after joining instead of while, and enumerates every span of
 * chunks instead of stopping at the longest dictionary word.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class KeywordOracle {
  private static final String JOINERS = "._*-~'\u2019\u2010\u00B7";

  private final Map<String, String> keywordById = new TreeMap<>();

  /** Adds or replaces {@code id}'s keyword (canonical form). */
  public void add(String id, String canonicalKeyword) {
    keywordById.put(id, canonicalKeyword);
  }

  /** Removes {@code id}. */
  public void remove(String id) {
    keywordById.remove(id);
  }

  /** Every hit, ordered by start, id, end. */
  public List<KeywordHit> scan(String text) {
    Lattice lattice = new Lattice(text);
    TreeSet<KeywordHit> hits = new TreeSet<>(Comparator.comparingInt(KeywordHit::start)
        .thenComparing(KeywordHit::id).thenComparingInt(KeywordHit::end));
    for (Map.Entry<String, String> entry : keywordById.entrySet()) {
      String[] words = entry.getValue().split(" ");
      for (int i = 0; i < lattice.chunks.size(); i++) {
        for (int end : lattice.phraseEnds(i, words, 0)) {
          hits.add(new KeywordHit(entry.getKey(), entry.getValue(),
              lattice.chunks.get(i).start, lattice.chunks.get(end - 1).end));
        }
      }
    }
    return List.copyOf(hits);
  }

  /** The words the text can be read as at each chunk, for failure messages: "[i,j)=word ...". */
  public static String describe(String text) {
    Lattice lattice = new Lattice(text);
    StringBuilder b = new StringBuilder();
    for (int e = 0; e < lattice.edges.size(); e++) {
      int[] edge = lattice.edges.get(e);
      b.append('[').append(edge[0]).append(',').append(edge[1]).append(")=")
          .append(lattice.edgeWords.get(e)).append(' ');
    }
    return b.toString().trim();
  }

  /** The fold of one code point by definition: the fixpoint of NFKD, drop Mn/Me, lower-case, specials. */
  public static String foldCodePoint(int cp) {
    if (Character.getType(cp) == Character.FORMAT) {
      return "";
    }
    if (cp >= 0x20000) {
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
        return "";
      }
      boolean word = Character.isLetter(cp) || Character.isDigit(cp)
          || type == Character.COMBINING_SPACING_MARK;
      return word ? Character.toString(cp) : " ";
    }
    String s = Character.toString(cp);
    while (true) {
      String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
      StringBuilder kept = new StringBuilder();
      d.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK
          && Character.getType(c) != Character.ENCLOSING_MARK).forEach(kept::appendCodePoint);
      String next = kept.toString().toLowerCase(Locale.ROOT)
          .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
          .replace("ł", "l").replace("đ", "d").replace("ð", "d").replace("þ", "th")
          .replace("ħ", "h").replace("ŧ", "t").replace("ı", "i");
      if (next.equals(s)) {
        return s;
      }
      s = next;
    }
  }

  private enum Kind { LETTER, DIGIT, LEET, INNER, JOINER, BREAK }

  private static final class Item {
    final char c;
    Kind kind;
    final int start;
    int end;

    Item(char c, Kind kind, int start, int end) {
      this.c = c;
      this.kind = kind;
      this.start = start;
      this.end = end;
    }

    boolean wordish() {
      return kind == Kind.LETTER || kind == Kind.DIGIT || kind == Kind.LEET || kind == Kind.INNER;
    }
  }

  private static final class Chunk {
    final int start;
    final int end;
    final boolean lettered;
    final String leet; // not collapsed
    final String digits;
    boolean joinedToPrev;

    Chunk(List<Item> items) {
      start = items.get(0).start;
      end = items.get(items.size() - 1).end;
      StringBuilder l = new StringBuilder();
      StringBuilder d = new StringBuilder();
      boolean anyLetter = false;
      for (Item item : items) {
        switch (item.kind) {
          case LETTER -> {
            l.append(item.c);
            anyLetter = true;
          }
          case DIGIT -> {
            l.append(switch (item.c) {
              case '0' -> 'o';
              case '1' -> 'i';
              case '3' -> 'e';
              case '4' -> 'a';
              case '5' -> 's';
              case '7' -> 't';
              default -> item.c;
            });
            d.append(item.c);
          }
          case LEET -> l.append(item.c == '@' ? 'a' : 's');
          case INNER -> l.append('i');
          default -> throw new AssertionError(item.kind);
        }
      }
      lettered = anyLetter;
      leet = l.toString();
      digits = d.toString();
    }
  }

  private static final class Lattice {
    final List<Chunk> chunks = new ArrayList<>();
    final List<int[]> edges = new ArrayList<>();
    final List<String> edgeWords = new ArrayList<>(); // fold of each edge
    final List<List<Integer>> edgesFrom = new ArrayList<>(); // edge indexes by start chunk
    final List<Integer> groupStarts = new ArrayList<>(); // plus chunks.size() at the end

    Lattice(String text) {
      List<Item> items = items(text);
      // Runs of word characters; trim ! and | at their ends; runs without letter or digit are punctuation.
      int i = 0;
      Item lastOfPreviousChunk = null;
      boolean gapJoins = true;
      while (i < items.size()) {
        if (!items.get(i).wordish()) {
          gapJoins &= items.get(i).kind == Kind.JOINER;
          i++;
          continue;
        }
        int j = i;
        while (j < items.size() && items.get(j).wordish()) {
          j++;
        }
        int from = i;
        int to = j;
        while (from < to && items.get(from).kind == Kind.INNER) {
          from++;
        }
        while (to > from && items.get(to - 1).kind == Kind.INNER) {
          to--;
        }
        List<Item> run = items.subList(from, to);
        boolean word = run.stream().anyMatch(it -> it.kind == Kind.LETTER || it.kind == Kind.DIGIT);
        if (!word || from > i) {
          gapJoins = false; // a leading ! or a punctuation run lies in the gap
        }
        if (word) {
          Chunk chunk = new Chunk(run);
          chunk.joinedToPrev = lastOfPreviousChunk != null && gapJoins;
          chunks.add(chunk);
          lastOfPreviousChunk = run.get(run.size() - 1);
          gapJoins = to == j; // a trailing ! breaks the next gap
        }
        i = j;
      }
      for (int k = 0; k < chunks.size(); k++) {
        if (!chunks.get(k).joinedToPrev) {
          groupStarts.add(k);
        }
      }
      groupStarts.add(chunks.size());
      int max = KeywordFolding.MAX_WORD_PIECES;
      for (int a = 0; a < chunks.size(); a++) {
        edgesFrom.add(new ArrayList<>());
        for (int b = a + 1; b <= chunks.size() && b - a <= max; b++) {
          boolean inGroup = sameGroup(a, b) && cut(a) && cut(b);
          if (inGroup || singleRun(a, b)) {
            edgesFrom.get(a).add(edges.size());
            edges.add(new int[] {a, b});
            edgeWords.add(fold(a, b));
          }
        }
      }
    }

    private boolean sameGroup(int a, int b) {
      for (int k = a + 1; k < b; k++) {
        if (!chunks.get(k).joinedToPrev) {
          return false;
        }
      }
      return true;
    }

    /** A word may start or end before chunk k: not between two single-letter chunks of a group. */
    private boolean cut(int k) {
      return k == 0 || k == chunks.size() || !chunks.get(k).joinedToPrev
          || !(oneLetter(k - 1, k) && oneLetter(k, k + 1));
    }

    /** Chunks [a, b) fold to one letter (a digit counts if it reads as a letter). */
    private boolean oneLetter(int a, int b) {
      String f = fold(a, b);
      boolean lettered = false;
      for (int k = a; k < b; k++) {
        lettered |= chunks.get(k).lettered;
      }
      return f.length() == 1 && (lettered || "013457".indexOf(f.charAt(0)) >= 0);
    }

    /**
     * [a, b) is three or more whole groups, each folding to one letter, that make up a maximal run
     * of such groups, or that run without its first or without its last group.
     */
    private boolean singleRun(int a, int b) {
      int first = groupStarts.indexOf(a);
      int last = groupStarts.indexOf(b);
      if (first < 0 || last < 0 || last - first < 3) {
        return false;
      }
      for (int g = first; g < last; g++) {
        if (!oneLetter(groupStarts.get(g), groupStarts.get(g + 1))) {
          return false;
        }
      }
      int runStart = first;
      while (runStart > 0 && oneLetter(groupStarts.get(runStart - 1), groupStarts.get(runStart))) {
        runStart--;
      }
      int runEnd = last;
      while (runEnd < groupStarts.size() - 1
          && oneLetter(groupStarts.get(runEnd), groupStarts.get(runEnd + 1))) {
        runEnd++;
      }
      return (first == runStart && (last == runEnd || last == runEnd - 1))
          || (first == runStart + 1 && last == runEnd);
    }

    String fold(int a, int b) {
      boolean lettered = false;
      StringBuilder leet = new StringBuilder();
      StringBuilder digits = new StringBuilder();
      for (int k = a; k < b; k++) {
        lettered |= chunks.get(k).lettered;
        leet.append(chunks.get(k).leet);
        digits.append(chunks.get(k).digits);
      }
      if (!lettered) {
        return digits.toString();
      }
      StringBuilder collapsed = new StringBuilder();
      for (int k = 0; k < leet.length(); k++) {
        char c = leet.charAt(k);
        boolean repeat = k > 0 && leet.charAt(k - 1) == c && !Character.isDigit(c);
        if (!repeat) {
          collapsed.append(c);
        }
      }
      return collapsed.toString();
    }

    /** Ends (exclusive chunk index) of every path from chunk {@code at} reading words[w..]. */
    List<Integer> phraseEnds(int at, String[] words, int w) {
      List<Integer> ends = new ArrayList<>();
      if (at == chunks.size()) {
        return ends;
      }
      for (int e : edgesFrom.get(at)) {
        int[] edge = edges.get(e);
        if (edgeWords.get(e).equals(words[w])) {
          if (w == words.length - 1) {
            ends.add(edge[1]);
          } else {
            ends.addAll(phraseEnds(edge[1], words, w + 1));
          }
        }
      }
      return ends;
    }
  }

  private static List<Item> items(String text) {
    List<Item> items = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int end = i + Character.charCount(cp);
      if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
        items.add(new Item(' ', Kind.BREAK, i, end)); // a lone surrogate
        i = end;
        continue;
      }
      String f = foldCodePoint(cp);
      if (f.isEmpty()) {
        int type = Character.getType(cp);
        if (type != Character.FORMAT && !items.isEmpty()) {
          items.get(items.size() - 1).end = end; // a combining mark widens what it sits on
        }
      }
      for (int k = 0; k < f.length(); k++) {
        char c = f.charAt(k);
        items.add(new Item(c, kind(f, k), i, end));
      }
      i = end;
    }
    return items;
  }

  private static Kind kind(String folded, int k) {
    char c = folded.charAt(k);
    if (c == '@' || c == '$') {
      return Kind.LEET;
    }
    if (c == '!' || c == '|') {
      return Kind.INNER;
    }
    if (JOINERS.indexOf(c) >= 0) {
      return Kind.JOINER;
    }
    int cp = Character.isSurrogate(c)
        ? folded.codePointAt(Character.isHighSurrogate(c) ? k : k - 1) : c;
    if (Character.isLetter(cp) || Character.getType(cp) == Character.COMBINING_SPACING_MARK) {
      return Kind.LETTER;
    }
    return Character.isDigit(cp) ? Kind.DIGIT : Kind.BREAK;
  }
}
