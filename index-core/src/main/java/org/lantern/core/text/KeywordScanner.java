package org.lantern.core.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.agrona.collections.Long2LongHashMap;

/**
 * Finds every keyword signal in a free text, whole words and phrases, after folding both sides the
 * same way ({@code package-info.java}).
 *
 * <h2>How a scan works</h2>
 *
 * <ol>
 *   <li>Fold and cut the text in one pass ({@link FoldedText}): chunks with their original spans,
 *       gaps (joining or breaking), groups. No lock is held.
 *   <li>Build the <em>reading lattice</em>: an edge {@code [i, j)} over chunks for every way to read
 *       chunks i..j-1 as one word that is in the dictionary ({@link WordTable}): each chunk alone
 *       (the split reading) and every longer span inside a group (the joined readings: {@code
 *       well-known} is {@code well}, {@code known} and {@code wellknown}), except where a span
 *       would begin or end between two single-letter chunks ({@link FoldedText#cutBefore}); and a
 *       run of three or more single-letter groups ({@code s e x}), whole or without its first or
 *       last group. A span is extended one chunk at a time with an incremental hash ({@link
 *       WordBuffer}) and abandoned once it is longer than the longest dictionary word; no {@code
 *       String} is built.
 *   <li>Walk the phrase trie from each chunk along the lattice: a trie edge is labelled with a word
 *       id. The root's children are an array indexed by word id; below the root, a 64-bit
 *       signature per node rules out most absent children before the one lookup in a primitive
 *       {@code long → long} map. A node where a phrase ends yields a hit from the first chunk's
 *       start to the last chunk's end. Depth is at most {@value KeywordFolding#MAX_WORDS}.
 * </ol>
 *
 * <p>A scan costs one pass over the text, about one hash lookup per word of the text, and one per
 * lattice edge that starts a phrase: independent of the number of keywords except through cache
 * misses. Its arrays (about ten bytes per char) come from a small pool of scratch ({@link
 * Scratch}); it allocates objects only for hits.
 *
 * <p>Hits are ordered by start, then id, then end; one id may hit several times, at different
 * spans. Two readings that give the same span for one id give one hit.
 *
 * <p>Thread-safety: safe for concurrent use. Scans share a read lock and run concurrently with each
 * other; {@link #add} and {@link #remove} take the write lock, so a scan sees the keyword set before
 * or after each of them, never a half-added phrase. The fold of the text (step 1) happens before
 * the lock is taken. Why a lock and not copy-on-write: adding one keyword to a structure of 100,000
 * must cost the keyword, not the structure (loading a list one keyword at a time would be
 * quadratic), and a read lock costs tens of nanoseconds against a scan's tens of microseconds.
 * {@link ReentrantReadWriteLock} in non-fair mode does not starve writers: new readers wait behind a
 * queued writer.
 */
public final class KeywordScanner {
  private static final int ROOT = 0;
  private static final long NO_CHILD = -1L;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Everything below is guarded by lock: written under the write lock, read under either.
  private final Map<String, String> keywordById = new HashMap<>();
  private final Map<String, Phrase> phrases = new HashMap<>();
  private final WordTable words = new WordTable();
  /** (node << 32 | word id) → child node, for nodes below the root. */
  private final Long2LongHashMap children = new Long2LongHashMap(NO_CHILD);
  /**
   * Per word id: the root's child for that word, or ROOT (none). An array, not the map: nearly
   * every word of a message is looked up here. At least {@link WordTable#idBound} long.
   */
  private int[] rootChild = new int[64];
  /**
   * Per node: bit {@code w & 63} is set for every child word id w (a one-word Bloom filter). Most
   * (node, word) pairs of a scan have no child, and the map that would say so is megabytes of
   * random access; this long, read for the node the walk is at, rules most of them out. Bits of
   * removed children stay set until the node is freed: they only cost a lookup.
   */
  private long[] childSignature = new long[64];
  /** Per node: the number of phrases that pass through or end at it (the root's is unused). */
  private int[] nodeRefs = new int[64];
  /** Per node: the phrase that ends at it, or null. */
  private Phrase[] nodePhrase = new Phrase[64];
  private int nodes = 1; // node ids handed out so far; 0 is the root
  private int[] freeNodes = new int[16];
  private int freeNodeCount;

  /**
   * One distinct canonical keyword and the ids that hold it. The ids are a sorted array, replaced
   * on every change (writes are rare, and most keywords have one id), so a scan emits them in
   * order without sorting.
   */
  private static final class Phrase {
    final String keyword;
    final int[] words; // word ids
    String[] ids = new String[0]; // sorted

    Phrase(String keyword, int[] words) {
      this.keyword = keyword;
      this.words = words;
    }

    void addId(String id) {
      int at = Arrays.binarySearch(ids, id);
      if (at < 0) {
        at = -at - 1;
        String[] grown = new String[ids.length + 1];
        System.arraycopy(ids, 0, grown, 0, at);
        grown[at] = id;
        System.arraycopy(ids, at, grown, at + 1, ids.length - at);
        ids = grown;
      }
    }

    void removeId(String id) {
      int at = Arrays.binarySearch(ids, id);
      if (at >= 0) {
        String[] shrunk = new String[ids.length - 1];
        System.arraycopy(ids, 0, shrunk, 0, at);
        System.arraycopy(ids, at + 1, shrunk, at, ids.length - at - 1);
        ids = shrunk;
      }
    }
  }

  /** An empty scanner. */
  public KeywordScanner() {}

  /**
   * Adds the keyword signal {@code id}. Several ids may share one keyword (different contributors);
   * re-adding an id with another keyword replaces its keyword.
   *
   * @param canonicalKeyword the keyword in canonical form, as {@link KeywordFolding#canonical}
   *     returns it
   * @throws IllegalArgumentException if {@code canonicalKeyword} is not canonical (a {@link
   *     org.lantern.core.signal.SignalRejectedException} if it is not a valid keyword at all)
   */
  public void add(String id, String canonicalKeyword) {
    Objects.requireNonNull(id, "id");
    String canonical = KeywordFolding.canonical(canonicalKeyword);
    if (!canonical.equals(canonicalKeyword)) {
      throw new IllegalArgumentException("keyword \"" + canonicalKeyword
          + "\" is not in canonical form (expected \"" + canonical
          + "\"): pass it through KeywordFolding.canonical first");
    }
    lock.writeLock().lock();
    try {
      String old = keywordById.put(id, canonical);
      if (canonical.equals(old)) {
        return;
      }
      if (old != null) {
        detach(id, old);
      }
      Phrase phrase = phrases.get(canonical);
      if (phrase == null) {
        phrase = insertPhrase(canonical);
        phrases.put(canonical, phrase);
      }
      phrase.addId(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the keyword signal {@code id}; returns false if it was not there. */
  public boolean remove(String id) {
    Objects.requireNonNull(id, "id");
    lock.writeLock().lock();
    try {
      String old = keywordById.remove(id);
      if (old == null) {
        return false;
      }
      detach(id, old);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Number of ids held. */
  public int size() {
    lock.readLock().lock();
    try {
      return keywordById.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Every occurrence of every id's keyword in {@code text}, ordered by start, then id, then end.
   */
  public List<KeywordHit> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int slot = (int) Thread.currentThread().threadId() & (SPARE_SLOTS - 1);
    Scratch scratch = spares.getAndSet(slot, null);
    if (scratch == null) {
      scratch = new Scratch();
    }
    try {
      return scan(text, scratch);
    } finally {
      if (scratch.folded.capacity() <= MAX_KEPT_CHARS) {
        spares.set(slot, scratch);
      }
    }
  }

  private List<KeywordHit> scan(CharSequence text, Scratch scratch) {
    FoldedText folded = scratch.folded.fold(text);
    if (folded.count == 0) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      if (keywordById.isEmpty()) {
        return List.of();
      }
      Lattice lattice = lattice(folded, scratch);
      Matches matches = scratch.matches;
      matches.count = 0;
      for (int i = 0; i < folded.count; i++) {
        for (int e = lattice.first[i]; e < lattice.first[i + 1]; e++) {
          int child = rootChild[lattice.word[e]];
          if (child != ROOT) {
            follow(folded, lattice, matches, child, lattice.end[e], i);
          }
        }
      }
      return matches.hits(folded, nodePhrase);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The arrays of one scan, about ten bytes per char of text, kept for the next scan instead of
   * being allocated afresh each time (a 10 KB message needs ~100 KB).
   */
  private static final class Scratch {
    final FoldedText folded = new FoldedText();
    final Lattice lattice = new Lattice();
    final WordBuffer word = new WordBuffer();
    final Matches matches = new Matches();
  }

  /**
   * Spare scratch per slot; a scan takes the one of its slot (its thread id modulo the slot count)
   * with {@code getAndSet(null)} and puts it back when done, so a scratch is only ever used by one
   * scan at a time. Two threads that share a slot just allocate more often. Not a {@code
   * ThreadLocal}: under virtual threads, one per request, it would never be reused.
   */
  private final AtomicReferenceArray<Scratch> spares = new AtomicReferenceArray<>(SPARE_SLOTS);

  private static final int SPARE_SLOTS =
      Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors())) * 4;

  /** Scratch grown for a text longer than this is dropped after the scan, not kept. */
  private static final int MAX_KEPT_CHARS = 1 << 17;

  /** The reading lattice: edges grouped by start chunk, as in a CSR matrix. */
  private static final class Lattice {
    int[] first = new int[0]; // edges from chunk i are first[i] .. first[i + 1] - 1
    int[] end = new int[16]; // end chunk of edge e, exclusive
    int[] word = new int[16]; // word id of edge e
    int count;

    /** Empties the lattice for a text of {@code chunks} chunks. */
    void reset(int chunks) {
      if (first.length < chunks + 1) {
        first = new int[chunks + 1];
      }
      count = 0;
    }

    void add(int endChunk, int wordId) {
      if (count == end.length) {
        end = Arrays.copyOf(end, count * 2);
        word = Arrays.copyOf(word, count * 2);
      }
      end[count] = endChunk;
      word[count++] = wordId;
    }
  }

  /** Must hold the read lock. */
  private Lattice lattice(FoldedText t, Scratch scratch) {
    int n = t.count;
    int maxLength = words.maxLength();
    Lattice lattice = scratch.lattice;
    lattice.reset(n);
    WordBuffer w = scratch.word;
    for (int i = 0; i < n; i++) {
      lattice.first[i] = lattice.count;
      if (t.cutBefore(i)) {
        // The chunk alone, then longer spans inside its group, each ending at an allowed cut.
        int limit = Math.min(t.groupEnd(i), i + FoldedText.MAX_WORD_CHUNKS);
        w.clear();
        for (int j = i; j < limit; j++) {
          w.append(t, j);
          if (w.lengthLowerBound() > maxLength) {
            break;
          }
          if (t.cutBefore(j + 1)) {
            int id = words.find(w.chars(), w.length(), w.hash());
            if (id >= 0) {
              lattice.add(j + 1, id);
            }
          }
        }
      }
      if (t.single(i)) {
        singleLetterRuns(t, i, maxLength, w, lattice);
      }
    }
    lattice.first[n] = lattice.count;
    return lattice;
  }

  /**
   * Must hold the read lock. The readings of spaced single letters that start at group i: a
   * maximal run of three or more single-letter groups ({@code s e x}), and the run without its
   * first or without its last group, because a one-letter word may stand beside a spelled-out one
   * ({@code a s e x}, {@code s e x i ...}). Not every inner sub-run: {@code s u s s e x} must not
   * hold {@code sex}, and three readings per run keep a text of 5,000 {@code a}s cheap.
   */
  private void singleLetterRuns(FoldedText t, int i, int maxLength, WordBuffer w, Lattice lattice) {
    int position = t.runPosition(i);
    if (position > 1) {
      return;
    }
    int runEnd = t.runEnd(i);
    w.clear();
    int groups = 0;
    for (int g = i; g < runEnd; g = t.groupEnd(g)) {
      int gEnd = t.groupEnd(g);
      if (gEnd - i > FoldedText.MAX_WORD_CHUNKS) {
        return; // bounds the loop too: at most MAX_WORD_CHUNKS appends
      }
      for (int k = g; k < gEnd; k++) {
        w.append(t, k);
      }
      if (w.lengthLowerBound() > maxLength) {
        return;
      }
      boolean whole = gEnd == runEnd;
      boolean withoutLast = position == 0 && gEnd < runEnd && t.groupEnd(gEnd) == runEnd;
      if (++groups >= 3 && (whole || withoutLast)) {
        int id = words.find(w.chars(), w.length(), w.hash());
        if (id >= 0) {
          lattice.add(gEnd, id);
        }
      }
    }
  }

  /** Must hold the read lock. Records a hit if a phrase ends at {@code node}, then goes deeper. */
  private void follow(
      FoldedText t, Lattice lattice, Matches matches, int node, int at, int startChunk) {
    if (nodePhrase[node] != null) {
      matches.add(node, t.start[startChunk], t.end[at - 1]);
      if (nodeRefs[node] == 1) {
        return; // a leaf: the only phrase through this node ends here
      }
    }
    if (at == t.count) {
      return;
    }
    for (int e = lattice.first[at]; e < lattice.first[at + 1]; e++) {
      int child = child(node, lattice.word[e]);
      if (child != ROOT) {
        follow(t, lattice, matches, child, lattice.end[e], startChunk);
      }
    }
  }

  /** The child of {@code node} for {@code word}, or ROOT (the root is nobody's child). */
  private int child(int node, int word) {
    if (node == ROOT) {
      return rootChild[word];
    }
    if ((childSignature[node] & (1L << word)) == 0) { // the shift takes word & 63
      return ROOT;
    }
    long child = children.get(((long) node << 32) | word);
    return child == NO_CHILD ? ROOT : (int) child;
  }

  /** Raw hits of one scan: (end node, start, end) triples, expanded to ids at the end. */
  private static final class Matches {
    private int[] triples = new int[48];
    int count;

    void add(int node, int start, int end) {
      if (3 * count + 3 > triples.length) {
        triples = Arrays.copyOf(triples, triples.length * 2);
      }
      triples[3 * count] = node;
      triples[3 * count + 1] = start;
      triples[3 * count + 2] = end;
      count++;
    }

    /** Must hold the read lock: reads the phrases' ids. */
    List<KeywordHit> hits(FoldedText t, Phrase[] nodePhrase) {
      if (count == 0) {
        return List.of();
      }
      List<KeywordHit> hits = new ArrayList<>();
      for (int h = 0; h < count; h++) {
        Phrase phrase = nodePhrase[triples[3 * h]];
        int start = triples[3 * h + 1];
        int end = triples[3 * h + 2];
        for (String id : phrase.ids) {
          hits.add(new KeywordHit(id, phrase.keyword, start, end));
        }
      }
      hits.sort(HIT_ORDER);
      // Two readings can give one span (e.g. "s.e.x" joined, and a keyword reached both ways).
      int kept = 1;
      for (int h = 1; h < hits.size(); h++) {
        if (!hits.get(h).equals(hits.get(kept - 1))) {
          hits.set(kept++, hits.get(h));
        }
      }
      return List.copyOf(hits.subList(0, kept));
    }
  }

  private static final Comparator<KeywordHit> HIT_ORDER =
      Comparator.comparingInt(KeywordHit::start)
          .thenComparing(KeywordHit::id)
          .thenComparingInt(KeywordHit::end);

  /** Write lock held. Creates the trie path and dictionary entries of a new phrase. */
  private Phrase insertPhrase(String canonical) {
    String[] split = canonical.split(" ");
    int[] ids = new int[split.length];
    int node = ROOT;
    for (int k = 0; k < split.length; k++) {
      ids[k] = words.acquire(split[k]);
      if (rootChild.length < words.idBound()) {
        // every word id has an entry, so scans index it without a bounds test of their own
        rootChild = Arrays.copyOf(rootChild, Math.max(words.idBound(), 2 * rootChild.length));
      }
      int child = child(node, ids[k]);
      if (child == ROOT) {
        child = newNode();
        setChild(node, ids[k], child);
      }
      node = child;
      nodeRefs[node]++;
    }
    Phrase phrase = new Phrase(canonical, ids);
    nodePhrase[node] = phrase;
    return phrase;
  }

  /** Write lock held. Drops {@code id} from its phrase, and the phrase if no id is left. */
  private void detach(String id, String canonical) {
    Phrase phrase = phrases.get(canonical);
    phrase.removeId(id);
    if (phrase.ids.length > 0) {
      return;
    }
    phrases.remove(canonical);
    int node = ROOT;
    for (int word : phrase.words) {
      int child = child(node, word);
      if (--nodeRefs[child] == 0) {
        setChild(node, word, ROOT); // no phrase passes through: nor does any below it
        freeNode(child);
      }
      node = child;
      words.release(word);
    }
    if (nodeRefs[node] > 0) {
      nodePhrase[node] = null; // longer phrases still pass through
    }
  }

  /** Write lock held. Links (or, with ROOT, unlinks) the child of {@code node} for {@code word}. */
  private void setChild(int node, int word, int child) {
    if (node == ROOT) {
      rootChild[word] = child;
    } else if (child == ROOT) {
      children.remove(((long) node << 32) | word);
    } else {
      children.put(((long) node << 32) | word, child);
      childSignature[node] |= 1L << word;
    }
  }

  private int newNode() {
    int node = freeNodeCount > 0 ? freeNodes[--freeNodeCount] : nodes++;
    if (node == nodeRefs.length) {
      nodeRefs = Arrays.copyOf(nodeRefs, node * 2);
      nodePhrase = Arrays.copyOf(nodePhrase, node * 2);
      childSignature = Arrays.copyOf(childSignature, node * 2);
    }
    nodeRefs[node] = 0;
    nodePhrase[node] = null;
    childSignature[node] = 0;
    return node;
  }

  private void freeNode(int node) {
    nodePhrase[node] = null;
    if (freeNodeCount == freeNodes.length) {
      freeNodes = Arrays.copyOf(freeNodes, freeNodeCount * 2);
    }
    freeNodes[freeNodeCount++] = node;
  }
}
