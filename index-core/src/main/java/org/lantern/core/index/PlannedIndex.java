package org.lantern.core.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.HitFilter;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;
import org.lantern.core.search.SearchStats;
import org.lantern.core.store.HashStore;
import org.lantern.core.store.StoreFormatException;

/**
 * A persistent Hamming index in one directory: a {@link HashStore} plus the structures the
 * directory was created with ({@link FlatIndex} always; {@link MultiIndexHash} and {@link BkTree}
 * as configured), and an {@link IndexPlanner} that picks one per query unless the caller forces
 * one.
 *
 * <p><b>Write path.</b> Append the codes to the store, record the pending range, link the new
 * ordinals into every structure, publish. Everything is in memory-mapped files, so what {@code
 * add} acknowledged survives the death of the process; reopening maps the files again, with no
 * rebuild. After an unclean stop the half-linked pending range is unlinked on the next writable
 * open.
 *
 * <p>Thread-safety: any number of concurrent readers; writes are serialized on this object. A
 * directory can be open for writing by one {@code PlannedIndex} at a time (a file lock), and
 * read-only by any number of processes.
 */
public final class PlannedIndex implements HammingIndex {
  private static final String META_FILE = "index.properties";
  private static final int META_FORMAT = 1;

  private final Path dir;
  private final HashStore store;
  private final Map<IndexKind, IndexStructure> structures;
  private final MihLayout mihLayout;
  private final IndexOptions options;
  private final boolean writable;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Object writeLock = new Object();
  private volatile boolean closed;

  private PlannedIndex(
      Path dir,
      HashStore store,
      Map<IndexKind, IndexStructure> structures,
      MihLayout mihLayout,
      IndexOptions options,
      boolean writable,
      FileChannel lockChannel,
      FileLock lock) {
    this.dir = dir;
    this.store = store;
    this.structures = structures;
    this.mihLayout = mihLayout;
    this.options = options;
    this.writable = writable;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the index in {@code dir} for reading and writing, creating it with {@code options} if
   * the directory holds none.
   *
   * @throws StoreFormatException if the directory holds an index of another width, or damaged
   *     files
   * @throws IllegalStateException if another writer has the directory open
   */
  public static PlannedIndex open(Path dir, int bits, IndexOptions options) {
    return open(dir, bits, options, true);
  }

  /** Opens an existing index read-only; a writer may be appending to it at the same time. */
  public static PlannedIndex openReadOnly(Path dir, int bits) {
    return open(dir, bits, null, false);
  }

  /** True if {@code dir} holds an index. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(META_FILE));
  }

  private static PlannedIndex open(Path dir, int bits, IndexOptions requested, boolean writable) {
    if (bits != 64 && bits != 256) {
      throw new IllegalArgumentException("hash width must be 64 or 256 bits, got " + bits);
    }
    FileChannel lockChannel = null;
    FileLock lock = null;
    HashStore store = null;
    Map<IndexKind, IndexStructure> structures = new EnumMap<>(IndexKind.class);
    try {
      if (writable) {
        Files.createDirectories(dir);
        lockChannel =
            FileChannel.open(dir.resolve("write.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new IllegalStateException(dir + " is already open for writing (by this or another process)");
        }
      } else if (!exists(dir)) {
        throw new StoreFormatException(dir + " holds no index (no " + META_FILE + ")");
      }
      IndexOptions options;
      MihLayout layout;
      if (exists(dir)) {
        Properties meta = readMeta(dir);
        options = optionsFrom(dir, meta, bits);
        layout = options.structures().contains(IndexKind.MIH)
            ? MihLayout.parse(bits, meta.getProperty("mih.substrings"))
            : null;
      } else {
        options = requested;
        layout = options.mihSubstrings() > 0
            ? MihLayout.withSubstrings(bits, options.mihSubstrings())
            : MihLayout.forCapacity(bits, options.capacity());
        if (!options.structures().contains(IndexKind.MIH)) {
          layout = null;
        }
      }
      store = HashStore.open(dir, bits, options.capacity(), layout == null ? 0 : layout.substrings(), writable);
      structures.put(IndexKind.FLAT, new FlatIndex(store));
      if (layout != null) {
        structures.put(IndexKind.MIH, new MultiIndexHash(store, dir, layout, writable));
      }
      if (options.structures().contains(IndexKind.BKTREE)) {
        structures.put(IndexKind.BKTREE, new BkTree(store, dir, options.capacity(), writable));
      }
      if (writable) {
        int[] pending = store.pendingRange();
        if (pending[1] > pending[0]) {
          for (IndexStructure structure : structures.values()) {
            structure.repair(pending[0], pending[1]);
          }
        }
        if (!exists(dir)) {
          writeMeta(dir, bits, options, layout); // last: a directory without meta is not an index
        }
      }
      return new PlannedIndex(
          dir, store, Collections.unmodifiableMap(structures), layout, options, writable, lockChannel, lock);
    } catch (IOException | RuntimeException e) {
      for (IndexStructure structure : structures.values()) {
        structure.close();
      }
      if (store != null) {
        store.close();
      }
      closeQuietly(lockChannel);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open index " + dir, io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to do: the lock goes with the channel
      }
    }
  }

  private static Properties readMeta(Path dir) throws IOException {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve(META_FILE))) {
      meta.load(in);
    }
    return meta;
  }

  private static IndexOptions optionsFrom(Path dir, Properties meta, int bits) {
    Path file = dir.resolve(META_FILE);
    try {
      int format = Integer.parseInt(meta.getProperty("format", "?"));
      if (format != META_FORMAT) {
        throw new StoreFormatException(file + ": format " + format + ", this build reads " + META_FORMAT);
      }
      int storedBits = Integer.parseInt(meta.getProperty("bits", "?"));
      if (storedBits != bits) {
        throw new StoreFormatException(
            file + ": the index holds " + storedBits + "-bit hashes, opened as " + bits + "-bit");
      }
      long capacity = Long.parseLong(meta.getProperty("capacity", "?"));
      Set<IndexKind> kinds = EnumSet.noneOf(IndexKind.class);
      for (String name : meta.getProperty("structures", "").split(",")) {
        if (!name.isBlank()) {
          kinds.add(IndexKind.fromLabel(name));
        }
      }
      return new IndexOptions(capacity, kinds, 0);
    } catch (IllegalArgumentException e) {
      throw new StoreFormatException(file + ": " + e.getMessage(), e);
    }
  }

  private static void writeMeta(Path dir, int bits, IndexOptions options, MihLayout layout)
      throws IOException {
    Properties meta = new Properties();
    meta.setProperty("format", Integer.toString(META_FORMAT));
    meta.setProperty("bits", Integer.toString(bits));
    meta.setProperty("capacity", Long.toString(options.capacity()));
    List<String> names = new ArrayList<>();
    for (IndexKind kind : IndexKind.values()) {
      if (options.structures().contains(kind)) {
        names.add(kind.label());
      }
    }
    meta.setProperty("structures", String.join(",", names));
    if (layout != null) {
      meta.setProperty("mih.substrings", layout.toString());
    }
    Path tmp = dir.resolve(META_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      meta.store(out, "Lantern Hamming index; do not edit");
    }
    Files.move(tmp, dir.resolve(META_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** For tests in this package: the store. */
  HashStore store() {
    return store;
  }

  /** For tests in this package: one structure, or null. */
  IndexStructure structure(IndexKind kind) {
    return structures.get(kind);
  }

  public Path directory() {
    return dir;
  }

  /** The structures this directory maintains, besides the flat scan. */
  public Set<IndexKind> structures() {
    return options.structures();
  }

  /** The options the directory was created with. */
  public IndexOptions options() {
    return options;
  }

  /** The multi-index substring lengths, e.g. "24,24,24,23,...", or "" without one. */
  public String mihLayout() {
    return mihLayout == null ? "" : mihLayout.toString();
  }

  /** Bytes of file this index maps (its resident share depends on what queries touch). */
  public long mappedBytes() {
    long bytes = store.mappedBytes();
    for (IndexStructure structure : structures.values()) {
      bytes += structure.mappedBytes();
    }
    return bytes;
  }

  /** Monotonic version of the visible state: one more after every add, batch or removal. */
  public long version() {
    return store.snapshot().version();
  }

  @Override
  public int bits() {
    return store.bits();
  }

  @Override
  public int size() {
    return store.liveCount();
  }

  /** Ids ever assigned (live or removed): the next id is this number. */
  public int ordinals() {
    return store.size();
  }

  @Override
  public long add(Hash hash) {
    checkWidth(hash);
    return addBatch(hash.words(), 1);
  }

  @Override
  public long addBatch(long[] words, int count) {
    int wordsPerHash = store.words();
    if (count < 0 || (long) count * wordsPerHash > words.length) {
      throw new IllegalArgumentException(
          "count " + count + " needs " + (long) count * wordsPerHash + " words, got " + words.length);
    }
    synchronized (writeLock) {
      checkOpen();
      if (!writable) {
        throw new IllegalStateException("index " + dir + " is open read-only");
      }
      int first = store.size();
      if (count == 0) {
        return first;
      }
      store.appendUnpublished(words, count);
      store.beginLinking(first + count);
      for (IndexStructure structure : structures.values()) {
        structure.link(first, first + count);
      }
      store.publish(first + count);
      return first;
    }
  }

  @Override
  public boolean remove(long id) {
    synchronized (writeLock) {
      checkOpen();
      if (!writable) {
        throw new IllegalStateException("index " + dir + " is open read-only");
      }
      return id >= 0 && id < Integer.MAX_VALUE && store.remove((int) id);
    }
  }

  @Override
  public Hash get(long id) {
    checkOpen();
    if (id < 0 || id >= Integer.MAX_VALUE || !store.isLive((int) id)) {
      return null;
    }
    return hashAt((int) id);
  }

  private Hash hashAt(int ordinal) {
    long[] words = new long[store.words()];
    store.copyWords(ordinal, words, 0);
    return Hash.ofWords(words);
  }

  /** The smallest live id whose hash equals {@code hash}, or -1. */
  public long findExact(Hash hash) {
    checkOpen();
    checkWidth(hash);
    return findExact(hash.words(), 0);
  }

  /**
   * The smallest live id whose hash equals the one at {@code words[offset ..]}, or -1; no
   * allocation with a multi-index (the loaders' de-duplication path).
   */
  public long findExact(long[] words, int offset) {
    checkOpen();
    HashStore.Snapshot snapshot = store.snapshot();
    IndexStructure mih = structures.get(IndexKind.MIH);
    long[] query = offset == 0 && words.length >= store.words() // extra words are never read
        ? words
        : java.util.Arrays.copyOfRange(words, offset, offset + store.words());
    if (mih != null) {
      return ((MultiIndexHash) mih).findExact(query, snapshot);
    }
    HitCollector collector = new HitCollector(1, 0);
    structures.get(plan(snapshot.size(), 0)).search(query, snapshot, collector, new SearchStats());
    long[] hits = collector.sortedHits();
    return hits.length == 0 ? -1 : HitCollector.ordinal(hits[0]);
  }

  @Override
  public SearchResult range(Hash query, int radius) {
    return search(query, Integer.MAX_VALUE, radius, IndexKind.AUTO);
  }

  @Override
  public SearchResult knn(Hash query, int k) {
    return search(query, k, bits(), IndexKind.AUTO);
  }

  @Override
  public SearchResult search(Hash query, int k, int maxDistance) {
    return search(query, k, maxDistance, IndexKind.AUTO);
  }

  /**
   * The {@code k} nearest stored hashes within {@code maxDistance}, using {@code kind}, or the
   * planner's choice for {@link IndexKind#AUTO}.
   *
   * @throws IllegalArgumentException if k &lt; 1, the radius is outside 0..bits, the query has
   *     another width, or {@code kind} is not maintained by this directory
   */
  public SearchResult search(Hash query, int k, int maxDistance, IndexKind kind) {
    return search(query, k, maxDistance, kind, HitFilter.ALL);
  }

  /**
   * The {@code k} nearest stored hashes within {@code maxDistance} that {@code filter} accepts,
   * found in one pass (the filter runs inside the search; see {@link HitFilter}).
   */
  public SearchResult search(Hash query, int k, int maxDistance, HitFilter filter) {
    return search(query, k, maxDistance, IndexKind.AUTO, filter);
  }

  /**
   * As {@link #search(Hash, int, int, HitFilter)} with {@code kind}, or the planner's choice for
   * {@link IndexKind#AUTO}.
   */
  public SearchResult search(Hash query, int k, int maxDistance, IndexKind kind, HitFilter filter) {
    checkOpen();
    checkWidth(query);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (maxDistance < 0 || maxDistance > bits()) {
      throw new IllegalArgumentException(
          "max distance must be in 0.." + bits() + ", got " + maxDistance);
    }
    HashStore.Snapshot snapshot = store.snapshot();
    long[] words = query.words();
    SearchStats stats = new SearchStats();
    HitCollector collector = new HitCollector(k, maxDistance, filter);
    IndexKind chosen = kind == IndexKind.AUTO ? plan(snapshot.size(), maxDistance) : kind;
    IndexStructure structure = structures.get(chosen);
    if (structure == null) {
      throw new IllegalArgumentException(
          "index " + dir + " has no " + chosen.label() + " structure (it maintains flat"
              + (options.structures().isEmpty() ? "" : ", " + labels(options.structures())) + ")");
    }
    stats.index(chosen.label());
    if (structure instanceof MultiIndexHash mih && kind == IndexKind.AUTO) {
      long budget = IndexPlanner.mihProbeBudget(store.recordBytes(), snapshot.size());
      if (!mih.search(words, snapshot, collector, stats, budget)) {
        // The neighbours are far: finishing by multi-index would cost more than a scan.
        collector = new HitCollector(k, maxDistance, filter);
        structures.get(IndexKind.FLAT).search(words, snapshot, collector, stats);
        stats.index(IndexKind.MIH.label() + "+" + IndexKind.FLAT.label());
      }
    } else {
      structure.search(words, snapshot, collector, stats);
    }
    long[] hits = collector.sortedHits();
    List<Match> matches = new ArrayList<>(hits.length);
    for (long hit : hits) {
      int ordinal = HitCollector.ordinal(hit);
      matches.add(new Match(ordinal, hashAt(ordinal), HitCollector.distance(hit)));
    }
    return new SearchResult(matches, stats);
  }

  private static String labels(Set<IndexKind> kinds) {
    List<String> names = new ArrayList<>();
    for (IndexKind kind : kinds) {
      names.add(kind.label());
    }
    return String.join(", ", names);
  }

  /** The planner's choice for a query of this radius against the current size. */
  public IndexKind plan(int size, int maxDistance) {
    return IndexPlanner.choose(bits(), store.recordBytes(), size, maxDistance, structures.keySet(), mihLayout);
  }

  private void checkWidth(Hash hash) {
    if (hash.bits() != bits()) {
      throw new IllegalArgumentException(
          "this index holds " + bits() + "-bit hashes, got a " + hash.bits() + "-bit hash");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("index " + dir + " is closed");
    }
  }

  /** Writes every dirty page to the device (protection against power loss). */
  public void force() {
    synchronized (writeLock) {
      store.force();
      for (IndexStructure structure : structures.values()) {
        structure.force();
      }
    }
  }

  /** Closes the files. Concurrent readers must have finished: the memory is unmapped. */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      for (IndexStructure structure : structures.values()) {
        structure.close();
      }
      store.close();
      try {
        if (lock != null) {
          lock.release();
        }
      } catch (IOException ignored) {
        // released with the channel below
      }
      closeQuietly(lockChannel);
    }
  }
}
