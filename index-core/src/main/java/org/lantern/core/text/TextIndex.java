package org.lantern.core.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
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
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

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
  private static final String URL_PATH = "url_path";
  private static final String URL_HOST = "url_host";
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

  /** A stored URL signal found for a query. */
  public record UrlHit(String id, String url, UrlMatchKind kind) {}

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final long committedSequence;

  private TextIndex(Directory directory, IndexWriter writer, long committedSequence)
      throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.committedSequence = committedSequence;
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
              .setRAMBufferSizeMB(64);
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
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.YES));
    doc.add(new StringField(KEY, key(typeLabel, value), Field.Store.YES));
    doc.add(new StringField(TYPE, typeLabel, Field.Store.NO));
    update(id, doc);
  }

  /** Adds or replaces the document of a URL signal. */
  public void putUrl(String id, String typeLabel, String url, String hostAndPath, String hostKey) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.YES));
    doc.add(new StringField(KEY, key(typeLabel, url), Field.Store.YES));
    doc.add(new StringField(TYPE, typeLabel, Field.Store.NO));
    doc.add(new StringField(URL_PATH, hostAndPath, Field.Store.YES));
    doc.add(new StringField(URL_HOST, hostKey, Field.Store.NO));
    update(id, doc);
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
   * appliedSequence}. The caller guarantees every change up to it was written before this call.
   */
  public void commit(long appliedSequence) {
    try {
      writer.setLiveCommitData(Map.of(APPLIED, Long.toString(appliedSequence)).entrySet());
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the text index", e);
    }
  }

  /** Ids of the signals whose canonical value of type {@code typeLabel} is {@code value}. */
  public List<String> idsWithValue(String typeLabel, String value, int limit) {
    return withSearcher(
        searcher -> {
          TopDocs top = searcher.search(new TermQuery(new Term(KEY, key(typeLabel, value))), limit);
          StoredFields stored = searcher.storedFields();
          List<String> ids = new ArrayList<>(top.scoreDocs.length);
          for (ScoreDoc hit : top.scoreDocs) {
            ids.add(stored.document(hit.doc).get(ID));
          }
          return ids;
        });
  }

  /**
   * URL signals related to a canonical query URL: exact matches first, then stored URLs whose
   * host + path is one of {@code pathPrefixes} (the query's own prefixes, longest first), then
   * the rest of the same host; at most {@code limit} in all, each id once with its strongest kind.
   */
  public List<UrlHit> matchUrl(
      String typeLabel, String url, Collection<String> pathPrefixes, String hostKey, int limit) {
    return withSearcher(
        searcher -> {
          Map<String, UrlHit> hits = new LinkedHashMap<>();
          collect(searcher, new TermQuery(new Term(KEY, key(typeLabel, url))), UrlMatchKind.EXACT, limit, hits);
          if (hits.size() < limit && !pathPrefixes.isEmpty()) {
            List<BytesRef> terms = new ArrayList<>(Math.min(pathPrefixes.size(), 2 * MAX_PREFIXES_EACH_END));
            int i = 0;
            for (String prefix : pathPrefixes) {
              // A pathological path of thousands of segments would make a huge term set; the
              // most and least specific prefixes are the ones stored signals use.
              if (i < MAX_PREFIXES_EACH_END || i >= pathPrefixes.size() - MAX_PREFIXES_EACH_END) {
                terms.add(new BytesRef(prefix));
              }
              i++;
            }
            collect(searcher, new TermInSetQuery(URL_PATH, terms), UrlMatchKind.PREFIX, limit, hits);
          }
          if (hits.size() < limit) {
            collect(searcher, new TermQuery(new Term(URL_HOST, hostKey)), UrlMatchKind.HOST, limit, hits);
          }
          List<UrlHit> out = new ArrayList<>(hits.values());
          return out;
        });
  }

  private static void collect(
      IndexSearcher searcher, Query query, UrlMatchKind kind, int limit, Map<String, UrlHit> hits)
      throws IOException {
    // Ask for enough to fill the limit even if every earlier hit comes back again.
    TopDocs top = searcher.search(query, limit + hits.size());
    StoredFields stored = searcher.storedFields();
    List<Document> docs = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      docs.add(stored.document(hit.doc));
    }
    if (kind == UrlMatchKind.PREFIX) {
      // The most specific stored prefix first: it says the most about the queried page.
      docs.sort((a, b) -> Integer.compare(b.get(URL_PATH).length(), a.get(URL_PATH).length()));
    }
    for (Document doc : docs) {
      if (hits.size() >= limit) {
        return;
      }
      String id = doc.get(ID);
      if (!hits.containsKey(id)) {
        String key = doc.get(KEY);
        hits.put(id, new UrlHit(id, key.substring(key.indexOf(':') + 1), kind));
      }
    }
  }

  /** Calls {@code action(id, value)} for every document of type {@code typeLabel}. */
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
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
              if (live == null || live.get(doc)) {
                Document d = stored.document(doc);
                action.accept(d.get(ID), d.get(KEY).substring(prefix.length()));
              }
            }
          }
          return null;
        });
  }

  /** Live documents per type label (for consistency checks and metrics). */
  public Map<String, Long> countsByType() {
    Map<String, Long> counts = new HashMap<>();
    withSearcher(
        searcher -> {
          var reader = searcher.getIndexReader();
          StoredFields stored = reader.storedFields();
          for (var leaf : reader.leaves()) {
            var live = leaf.reader().getLiveDocs();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
              if (live == null || live.get(doc)) {
                String key = stored.document(leaf.docBase + doc).get(KEY);
                counts.merge(key.substring(0, key.indexOf(':')), 1L, Long::sum);
              }
            }
          }
          return null;
        });
    return counts;
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
