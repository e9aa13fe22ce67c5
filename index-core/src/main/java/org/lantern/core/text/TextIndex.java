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
  private static final String APPLIED = "lantern.applied_sequence";
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
  private long lastCommitted; // guarded by this

  private TextIndex(Directory directory, IndexWriter writer, long committedSequence)
      throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.committedSequence = committedSequence;
    this.lastCommitted = committedSequence;
  }

  /** Opens (creating if needed) the index in {@code dir}. */
  public static TextIndex open(Path dir) {
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      long committed = 0;
      if (DirectoryReader.indexExists(directory)) {
        String applied = SegmentInfos.readLatestCommit(directory).getUserData().get(APPLIED);
        committed = applied == null ? 0 : Long.parseLong(applied);
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
      return new TextIndex(directory, new IndexWriter(directory, config), committed);
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

  /** Adds or replaces the document of a keyword or account-key signal. */
  public void put(String id, String typeLabel, String value) {
    update(id, document(id, typeLabel, value));
  }

  /**
   * Adds or replaces the document of a URL signal.
   *
   * @param exactKey the canonical URL without its scheme: http and https of one host, path and
   *     query are the same resource to an investigator
   * @param hostAndPath host[:port] + path, for prefix matches
   * @param hostKey host[:port], for same-host matches
   */
  public void putUrl(String id, String typeLabel, String exactKey, String hostAndPath, String hostKey) {
    Document doc = document(id, typeLabel, exactKey);
    doc.add(new StringField(URL, "p:" + hostAndPath, Field.Store.NO));
    doc.add(new StringField(URL, "h:" + hostKey, Field.Store.NO));
    update(id, doc);
  }

  private static Document document(String id, String typeLabel, String value) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.NO));
    // Lookups read ids from doc values, not stored fields: no block decompression per hit.
    doc.add(new BinaryDocValuesField(ID, new BytesRef(SignalIds.decode(id))));
    // Only keywords are read back (to fill the scanner on open); storing nothing else keeps
    // stored-field compression off the write path of every other type.
    Field.Store store = typeLabel.equals(KEYWORD_TYPE) ? Field.Store.YES : Field.Store.NO;
    doc.add(new StringField(KEY, key(typeLabel, value), store));
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
      writer.setLiveCommitData(Map.of(APPLIED, Long.toString(appliedSequence)).entrySet());
      writer.commit();
      lastCommitted = appliedSequence;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the text index", e);
    }
  }

  /** Binary ids of the signals whose canonical value of type {@code typeLabel} is {@code value}. */
  public List<byte[]> idsWithValue(String typeLabel, String value, int limit) {
    return withSearcher(
        searcher -> {
          List<byte[]> ids = new ArrayList<>();
          collectTerm(searcher, KEY, new BytesRef(key(typeLabel, value)), limit, ids);
          return ids;
        });
  }

  /**
   * URL signals related to a canonical query URL: exact matches first, then stored URLs whose
   * host + path is one of {@code pathPrefixes} (the query's own prefixes, longest first, so the
   * most specific come first), then the rest of the same host; at most {@code limit} in all, each
   * id once with its strongest kind.
   */
  public List<UrlHit> matchUrl(
      String typeLabel, String exactKey, List<String> pathPrefixes, String hostKey, int limit) {
    return withSearcher(
        searcher -> {
          Map<BytesRef, UrlHit> hits = new LinkedHashMap<>();
          List<byte[]> found = new ArrayList<>();
          collectTerm(searcher, KEY, new BytesRef(key(typeLabel, exactKey)), limit, found);
          addHits(found, UrlMatchKind.EXACT, limit, hits);
          if (hits.size() < limit) {
            // A pathological path of thousands of segments would make thousands of lookups; the
            // most and least specific prefixes are the ones stored signals use.
            List<BytesRef> terms = new ArrayList<>();
            int n = pathPrefixes.size();
            for (int i = 0; i < n; i++) {
              if (i < MAX_PREFIXES_EACH_END || i >= n - MAX_PREFIXES_EACH_END) {
                terms.add(new BytesRef("p:" + pathPrefixes.get(i)));
              }
            }
            terms.add(new BytesRef("h:" + hostKey));
            List<List<byte[]>> perTerm = collectTerms(searcher, URL, terms, limit);
            for (int t = 0; t < terms.size() && hits.size() < limit; t++) {
              addHits(perTerm.get(t), t == terms.size() - 1 ? UrlMatchKind.HOST : UrlMatchKind.PREFIX, limit, hits);
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
  private static List<List<byte[]>> collectTerms(IndexSearcher searcher, String field, List<BytesRef> terms, int limit)
      throws IOException {
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
      for (int t : order) {
        List<byte[]> found = out.get(t);
        if (found.size() >= limit || !termsEnum.seekExact(terms.get(t))) {
          continue;
        }
        postings = termsEnum.postings(postings, PostingsEnum.NONE);
        collectPostings(leaf, postings, limit, found);
      }
    }
    return out;
  }

  private static void collectPostings(LeafReaderContext leaf, PostingsEnum postings, int limit, List<byte[]> out)
      throws IOException {
    BinaryDocValues ids = leaf.reader().getBinaryDocValues(ID);
    Bits live = leaf.reader().getLiveDocs();
    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
      if ((live == null || live.get(doc)) && ids != null && ids.advanceExact(doc)) {
        BytesRef id = ids.binaryValue();
        out.add(Arrays.copyOfRange(id.bytes, id.offset, id.offset + id.length));
        if (out.size() >= limit) {
          return;
        }
      }
    }
  }

  /**
   * The ids of up to {@code limit} live documents holding {@code term} in {@code field}: one
   * term-dictionary seek per segment and a walk of its postings, with no scoring and no stored
   * fields (the lookups' hot path).
   */
  private static void collectTerm(IndexSearcher searcher, String field, BytesRef term, int limit, List<byte[]> out)
      throws IOException {
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(field);
      if (terms == null) {
        continue;
      }
      TermsEnum termsEnum = terms.iterator();
      if (!termsEnum.seekExact(term)) {
        continue;
      }
      collectPostings(leaf, termsEnum.postings(null, PostingsEnum.NONE), limit, out);
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
