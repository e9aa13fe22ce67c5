package org.lantern.core.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.lantern.core.signal.SignalIds;

/**
 * The Lucene index of the signals matched by text: URLs, keywords and account keys (HMACs). One
 * document per active signal, keyed by signal id; every value is an untokenised term, because
 * every lookup here is exact on some canonical form (the canonicalisers did the fuzzy part).
 *
 * <p>Fields: {@code id} (stored), {@code key} = type label + ':' + canonical value (stored), and
 * for URLs {@code url_path} = host[:port] + path (stored) and {@code url_host} = host[:port]. A URL
 * lookup asks three questions: is this exact URL there; is a stored URL's host + path a prefix of
 * the query's (at a segment boundary: the query's prefixes are enumerated, so it is a term-set
 * lookup, not a scan); is anything on the same host.
 *
 * <p>Scopes: every match term is also indexed behind its document's <em>scope</em> ({@code
 * scoped_key}, {@code scoped_url}: scope + NUL + term), which the owner gives with the document:
 * one scope for everything shared with all, one per restricted audience. A lookup whose filter
 * names its scopes ({@link TextFilter#scopes}) seeks only those, so the postings it walks hold no
 * document of a scope it may not see: hidden signals are never visited, and cost nothing. The
 * unscoped terms serve the owner's own reads (every signal of a value, counts, consistency).
 *
 * <p>Durability: this index is derived from the signal store and is not committed on every write
 * (a Lucene commit fsyncs). {@link #commit(long)} records the last applied change-log sequence in
 * the commit's user data; after a crash the exchange re-applies the change log from {@link
 * #committedSequence()}, and updates by id are idempotent.
 *
 * <p>Thread-safety: all methods may be called from any thread; lookups see writes after {@link
 * #refresh()}.
 */
public final class TextIndex implements AutoCloseable {
  private static final String ID = "id";
  private static final String KEY = "key";
  private static final String TYPE = "type";
  private static final String KEYWORD_TYPE = "keyword";
  /** URL match terms: {@code p:} + host[:port] + path, and {@code h:} + host[:port]. */
  private static final String URL = "url";
  /** Who may see the document's signal, as an opaque string the lookups' {@link TextFilter} reads. */
  private static final String AUDIENCE = "audience";
  /** {@link #KEY} and {@link #URL} terms behind the document's scope: scope + NUL + term. */
  private static final String SCOPED_KEY = "scoped_key";
  private static final String SCOPED_URL = "scoped_url";
  private static final char SCOPE_END = '\u0000';
  private static final String APPLIED = "lantern.applied_sequence";
  /**
   * Commit user data: the document schema; 2 = every document carries its audience, 3 = and its
   * scoped terms.
   */
  private static final String SCHEMA = "lantern.text_schema";
  private static final String CURRENT_SCHEMA = "3";
  private static final int MAX_PREFIXES_EACH_END = 64;

  /** How a stored URL relates to a queried one, strongest first. */
  public enum UrlMatchKind {
    EXACT,
    PREFIX,
    HOST;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A stored URL signal found for a query: its binary id and how it relates. */
  public record UrlHit(byte[] id, UrlMatchKind kind) {}

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final long committedSequence;
  private final boolean currentSchema;
  private long lastCommitted; // guarded by this

  private TextIndex(Directory directory, IndexWriter writer, long committedSequence, boolean currentSchema)
      throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.committedSequence = committedSequence;
    this.currentSchema = currentSchema;
    this.lastCommitted = committedSequence;
  }

  /** Opens (creating if needed) the index in {@code dir}. */
  public static TextIndex open(Path dir) {
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      long committed = 0;
      boolean current = true;
      if (DirectoryReader.indexExists(directory)) {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String applied = data.get(APPLIED);
        committed = applied == null ? 0 : Long.parseLong(applied);
        current = CURRENT_SCHEMA.equals(data.get(SCHEMA));
      }
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              // Every submit batch ends with a refresh, which flushes a small segment; plain
              // (non-compound) segments make those flushes cheaper, and the merges keep their
              // number down.
              .setUseCompoundFile(false)
              .setRAMBufferSizeMB(64)
              // Every lookup seeks each segment's term dictionary once per term: fewer segments
              // per tier (default 10) trade some merging on writes for cheaper lookups.
              .setMergePolicy(new TieredMergePolicy().setSegmentsPerTier(4));
      return new TextIndex(directory, new IndexWriter(directory, config), committed, current);
    } catch (IOException | RuntimeException e) {
      if (directory != null) {
        try {
          directory.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open the text index in " + dir, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The change-log sequence the last commit had applied (0 for a new index). */
  public long committedSequence() {
    return committedSequence;
  }

  /**
   * False if the index was written by an older version whose documents carry no audience or no
   * scoped terms: the owner must put every document again (lookups never return a document
   * without an audience, and scoped lookups never find one without its scoped terms).
   */
  public boolean hasCurrentSchema() {
    return currentSchema;
  }

  /**
   * Adds or replaces the document of a keyword or account-key signal.
   *
   * @param audience who may see the signal, as the owner's {@link TextFilter} reads it
   * @param scope the scope its terms are also indexed behind ({@link TextFilter#scopes})
   */
  public void put(String id, String typeLabel, String value, String audience, String scope) {
    update(id, document(id, typeLabel, value, audience, scope));
  }

  /**
   * Adds or replaces the document of a URL signal.
   *
   * @param exactKey the canonical URL without its scheme: http and https of one host, path and
   *     query are the same resource to an investigator
   * @param hostAndPath host[:port] + path, for prefix matches
   * @param hostKey host[:port], for same-host matches
   * @param audience who may see the signal, as the owner's {@link TextFilter} reads it
   * @param scope the scope its terms are also indexed behind ({@link TextFilter#scopes})
   */
  public void putUrl(
      String id, String typeLabel, String exactKey, String hostAndPath, String hostKey, String audience, String scope) {
    Document doc = document(id, typeLabel, exactKey, audience, scope);
    for (String term : new String[] {"p:" + hostAndPath, "h:" + hostKey}) {
      doc.add(new StringField(URL, term, Field.Store.NO));
      doc.add(new StringField(SCOPED_URL, scoped(scope, term), Field.Store.NO));
    }
    update(id, doc);
  }

  private static String scoped(String scope, String term) {
    return scope + SCOPE_END + term;
  }

  private static Document document(String id, String typeLabel, String value, String audience, String scope) {
    Document doc = new Document();
    // Sorted doc values: a segment numbers its distinct audiences, so a lookup's filter decides
    // once per audience and segment and then reads one ordinal per document.
    doc.add(new SortedDocValuesField(AUDIENCE, new BytesRef(audience)));
    doc.add(new StringField(ID, id, Field.Store.NO));
    // Lookups read ids from doc values, not stored fields: no block decompression per hit.
    doc.add(new BinaryDocValuesField(ID, new BytesRef(SignalIds.decode(id))));
    // Only keywords are read back (to fill the scanner on open); storing nothing else keeps
    // stored-field compression off the write path of every other type.
    Field.Store store = typeLabel.equals(KEYWORD_TYPE) ? Field.Store.YES : Field.Store.NO;
    doc.add(new StringField(KEY, key(typeLabel, value), store));
    doc.add(new StringField(SCOPED_KEY, scoped(scope, key(typeLabel, value)), Field.Store.NO));
    doc.add(new StringField(TYPE, typeLabel, Field.Store.NO));
    return doc;
  }

  private void update(String id, Document doc) {
    try {
      writer.updateDocument(new Term(ID, id), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the text index", e);
    }
  }

  /** Removes the document of {@code id}, if any. */
  public void delete(String id) {
    try {
      writer.deleteDocuments(new Term(ID, id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the text index", e);
    }
  }

  /** Makes every write so far visible to lookups. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh the text index", e);
    }
  }

  /**
   * Makes every write so far durable, recording that the change log was applied up to {@code
   * appliedSequence}; does nothing if that was already committed. The caller guarantees every
   * change up to it was written before this call.
   */
  public synchronized void commit(long appliedSequence) {
    if (appliedSequence == lastCommitted && !writer.hasUncommittedChanges()) {
      return; // a commit fsyncs: not once a second for nothing
    }
    try {
      writer.setLiveCommitData(Map.of(APPLIED, Long.toString(appliedSequence), SCHEMA, CURRENT_SCHEMA).entrySet());
      writer.commit();
      lastCommitted = appliedSequence;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the text index", e);
    }
  }

  /** Binary ids of the signals whose canonical value of type {@code typeLabel} is {@code value}. */
  public List<byte[]> idsWithValue(String typeLabel, String value, int limit) {
    return idsWithValue(typeLabel, value, limit, TextFilter.ALL);
  }

  /**
   * As {@link #idsWithValue(String, String, int)}: the first {@code limit} that {@code filter}
   * accepts, in the filter's scopes only if it names them.
   */
  public List<byte[]> idsWithValue(String typeLabel, String value, int limit, TextFilter filter) {
    return withSearcher(
        searcher -> {
          List<byte[]> ids = new ArrayList<>();
          collectKey(searcher, key(typeLabel, value), limit, filter, ids);
          return ids;
        });
  }

  /** The documents holding key term {@code key}: behind the filter's scopes if it names them. */
  private static void collectKey(IndexSearcher searcher, String key, int limit, TextFilter filter, List<byte[]> out)
      throws IOException {
    List<String> scopes = filter.scopes();
    if (scopes == null) {
      collectTerm(searcher, KEY, new BytesRef(key), limit, filter, out);
      return;
    }
    for (List<byte[]> found : collectTerms(searcher, SCOPED_KEY, scopedTerms(scopes, List.of(key)), limit, filter)) {
      for (byte[] id : found) {
        if (out.size() >= limit) {
          return;
        }
        out.add(id);
      }
    }
  }

  /** Every term behind every scope: term-major, so that a term's hits from all scopes are adjacent. */
  private static List<BytesRef> scopedTerms(List<String> scopes, List<String> terms) {
    List<BytesRef> out = new ArrayList<>(scopes.size() * terms.size());
    for (String term : terms) {
      for (String scope : scopes) {
        out.add(new BytesRef(scoped(scope, term)));
      }
    }
    return out;
  }

  /**
   * URL signals related to a canonical query URL: exact matches first, then stored URLs whose
   * host + path is one of {@code pathPrefixes} (the query's own prefixes, longest first, so the
   * most specific come first), then the rest of the same host; at most {@code limit} in all, each
   * id once with its strongest kind.
   */
  public List<UrlHit> matchUrl(
      String typeLabel, String exactKey, List<String> pathPrefixes, String hostKey, int limit) {
    return matchUrl(typeLabel, exactKey, pathPrefixes, hostKey, limit, TextFilter.ALL);
  }

  /**
   * As {@link #matchUrl(String, String, List, String, int)}, counting only documents {@code
   * filter} accepts: the first {@code limit} acceptable ones, in one pass.
   */
  public List<UrlHit> matchUrl(
      String typeLabel, String exactKey, List<String> pathPrefixes, String hostKey, int limit, TextFilter filter) {
    return withSearcher(
        searcher -> {
          Map<BytesRef, UrlHit> hits = new LinkedHashMap<>();
          List<byte[]> found = new ArrayList<>();
          collectKey(searcher, key(typeLabel, exactKey), limit, filter, found);
          addHits(found, UrlMatchKind.EXACT, limit, hits);
          if (hits.size() < limit) {
            // A pathological path of thousands of segments would make thousands of lookups; the
            // most and least specific prefixes are the ones stored signals use.
            List<String> terms = new ArrayList<>();
            int n = pathPrefixes.size();
            for (int i = 0; i < n; i++) {
              if (i < MAX_PREFIXES_EACH_END || i >= n - MAX_PREFIXES_EACH_END) {
                terms.add("p:" + pathPrefixes.get(i));
              }
            }
            terms.add("h:" + hostKey);
            List<String> scopes = filter.scopes();
            int perTermOfQuery = scopes == null ? 1 : scopes.size();
            List<BytesRef> seek = new ArrayList<>();
            if (scopes == null) {
              terms.forEach(t -> seek.add(new BytesRef(t)));
            } else {
              seek.addAll(scopedTerms(scopes, terms));
            }
            List<List<byte[]>> perTerm = collectTerms(searcher, scopes == null ? URL : SCOPED_URL, seek, limit, filter);
            for (int t = 0; t < seek.size() && hits.size() < limit; t++) {
              boolean host = t / perTermOfQuery == terms.size() - 1;
              addHits(perTerm.get(t), host ? UrlMatchKind.HOST : UrlMatchKind.PREFIX, limit, hits);
            }
          }
          return new ArrayList<>(hits.values());
        });
  }

  private static void addHits(List<byte[]> ids, UrlMatchKind kind, int limit, Map<BytesRef, UrlHit> hits) {
    for (byte[] id : ids) {
      if (hits.size() >= limit) {
        return;
      }
      hits.putIfAbsent(new BytesRef(id), new UrlHit(id, kind));
    }
  }

  /**
   * For each of {@code terms}, the ids of up to {@code limit} live documents holding it in {@code
   * field}. One terms enumerator per segment visits the terms in ascending order, so that terms
   * sharing a long prefix (the prefixes of one URL) reuse the dictionary blocks already loaded.
   */
  private static List<List<byte[]>> collectTerms(
      IndexSearcher searcher, String field, List<BytesRef> terms, int limit, TextFilter filter) throws IOException {
    List<List<byte[]>> out = new ArrayList<>(terms.size());
    Integer[] order = new Integer[terms.size()];
    for (int i = 0; i < order.length; i++) {
      out.add(new ArrayList<>());
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> terms.get(a).compareTo(terms.get(b)));
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms fieldTerms = leaf.reader().terms(field);
      if (fieldTerms == null) {
        continue;
      }
      TermsEnum termsEnum = fieldTerms.iterator();
      PostingsEnum postings = null;
      LeafFilter accept = new LeafFilter(leaf, filter);
      for (int t : order) {
        List<byte[]> found = out.get(t);
        if (found.size() >= limit || !termsEnum.seekExact(terms.get(t))) {
          continue;
        }
        postings = termsEnum.postings(postings, PostingsEnum.NONE);
        collectPostings(leaf, postings, limit, accept, found);
      }
    }
    return out;
  }

  private static void collectPostings(LeafReaderContext leaf, PostingsEnum postings, int limit, LeafFilter accept, List<byte[]> out)
      throws IOException {
    BinaryDocValues ids = leaf.reader().getBinaryDocValues(ID);
    Bits live = leaf.reader().getLiveDocs();
    accept.restart();
    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
      if ((live == null || live.get(doc)) && ids != null && accept.audience(doc) && ids.advanceExact(doc)) {
        BytesRef id = ids.binaryValue();
        byte[] binary = Arrays.copyOfRange(id.bytes, id.offset, id.offset + id.length);
        if (!accept.filter.accepts(binary)) {
          continue;
        }
        out.add(binary);
        if (out.size() >= limit) {
          return;
        }
      }
    }
  }

  /**
   * A {@link TextFilter}'s audience decisions for one segment: the segment numbers its distinct
   * audience strings (sorted doc values), and each number is decided once, then read per document.
   */
  private static final class LeafFilter {
    /** Above this many distinct audiences in a segment, decisions are not cached (no big array per lookup). */
    private static final int MAX_CACHED = 1 << 16;

    final TextFilter filter;
    private final LeafReaderContext leaf;
    private SortedDocValues audiences;
    private final byte[] decided; // per audience ordinal: 0 not yet, 1 accepted, 2 rejected

    LeafFilter(LeafReaderContext leaf, TextFilter filter) throws IOException {
      this.filter = filter;
      this.leaf = leaf;
      this.audiences = leaf.reader().getSortedDocValues(AUDIENCE);
      int count = audiences == null ? 0 : audiences.getValueCount();
      this.decided = count <= MAX_CACHED ? new byte[count] : null;
    }

    /** Starts a new postings walk: doc values iterate forward only, so each walk needs its own. */
    void restart() throws IOException {
      audiences = leaf.reader().getSortedDocValues(AUDIENCE);
    }

    /** Whether document {@code doc}'s audience passes (docs in increasing order since {@link #restart}). */
    boolean audience(int doc) throws IOException {
      if (audiences == null || !audiences.advanceExact(doc)) {
        return false; // no audience: written by an older version, never shown
      }
      int ord = audiences.ordValue();
      if (decided != null && decided[ord] != 0) {
        return decided[ord] == 1;
      }
      boolean accepted = filter.acceptsAudience(audiences.lookupOrd(ord).utf8ToString());
      if (decided != null) {
        decided[ord] = (byte) (accepted ? 1 : 2);
      }
      return accepted;
    }
  }

  /**
   * The ids of up to {@code limit} live documents holding {@code term} in {@code field}: one
   * term-dictionary seek per segment and a walk of its postings, with no scoring and no stored
   * fields (the lookups' hot path).
   */
  private static void collectTerm(
      IndexSearcher searcher, String field, BytesRef term, int limit, TextFilter filter, List<byte[]> out) throws IOException {
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(field);
      if (terms == null) {
        continue;
      }
      TermsEnum termsEnum = terms.iterator();
      if (!termsEnum.seekExact(term)) {
        continue;
      }
      collectPostings(leaf, termsEnum.postings(null, PostingsEnum.NONE), limit, new LeafFilter(leaf, filter), out);
      if (out.size() >= limit) {
        return;
      }
    }
  }


  /** Calls {@code action(id, value)} for every keyword document (the only type whose value is stored). */
  public void forEach(String typeLabel, BiConsumer<String, String> action) {
    String prefix = typeLabel + ':';
    withSearcher(
        searcher -> {
          Weight weight =
              searcher.createWeight(
                  searcher.rewrite(new TermQuery(new Term(TYPE, typeLabel))), ScoreMode.COMPLETE_NO_SCORES, 1f);
          for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
              continue;
            }
            StoredFields stored = leaf.reader().storedFields();
            BinaryDocValues ids = leaf.reader().getBinaryDocValues(ID);
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
              if ((live == null || live.get(doc)) && ids != null && ids.advanceExact(doc)) {
                BytesRef id = ids.binaryValue();
                String key = stored.document(doc).get(KEY);
                action.accept(
                    SignalIds.encode(Arrays.copyOfRange(id.bytes, id.offset, id.offset + id.length)),
                    key.substring(prefix.length()));
              }
            }
          }
          return null;
        });
  }

  /** Live documents of type {@code typeLabel} (for consistency checks and metrics). */
  public long count(String typeLabel) {
    return withSearcher(searcher -> (long) searcher.count(new TermQuery(new Term(TYPE, typeLabel))));
  }

  private interface SearcherAction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherAction<T> action) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return action.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the text index", e);
    }
  }

  private static String key(String typeLabel, String value) {
    return typeLabel + ':' + value;
  }

  /** Closes without committing: what was not committed is re-applied from the change log. */
  @Override
  public void close() {
    try {
      searchers.close();
      writer.rollback(); // closes the writer, dropping uncommitted changes on purpose
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the text index", e);
    }
  }
}
