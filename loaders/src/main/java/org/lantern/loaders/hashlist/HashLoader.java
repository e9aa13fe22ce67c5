package org.lantern.loaders.hashlist;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.DataLayout;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;

/**
 * Loads plain hash lists ({@link HashListParser}) into a data directory's per-type indexes, in
 * batches: parsed hashes go into a packed {@code long[]} and reach the index through one {@code
 * addBatch} per batch. A hash already stored, or earlier in the same load, is counted as a
 * duplicate and not added again. A bad line is reported to the {@link RejectSink} with its file
 * and line number and skipped; nothing already accepted is lost.
 *
 * <p>Thread-safety: not thread-safe; one loader per load. It holds the indexes open for writing
 * until {@link #close()}, which flushes the last batches.
 */
public final class HashLoader implements AutoCloseable {
  /** Receives each rejected line. */
  @FunctionalInterface
  public interface RejectSink {
    void reject(String source, long lineNumber, String reason);
  }

  private final Path dataDir;
  private final HashListParser parser;
  private final IndexOptions options;
  private final int batchSize;
  private final RejectSink rejects;
  private final Map<HashType, Batch> batches = new EnumMap<>(HashType.class);
  private final long[] parsed = new long[4];
  private long read;
  private long loaded;
  private long duplicates;
  private long rejected;

  /**
   * @param defaultType the type of bare hashes, or null to infer PDQ from the length
   * @param options how to create an index this load creates (an existing one keeps its own)
   * @param batchSize hashes per {@code addBatch}
   */
  public HashLoader(Path dataDir, HashType defaultType, IndexOptions options, int batchSize, RejectSink rejects) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.dataDir = dataDir;
    this.parser = new HashListParser(defaultType);
    this.options = options;
    this.batchSize = batchSize;
    this.rejects = rejects;
  }

  /** Loads every line of a UTF-8 file. */
  public void load(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      load(reader, file.toString());
    }
  }

  /** Loads every line from {@code reader}; {@code source} names it in reject reports. */
  public void load(BufferedReader reader, String source) throws IOException {
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (HashListParser.isSkippable(line)) {
        continue;
      }
      read++;
      HashType type;
      try {
        type = parser.parse(line, parsed);
      } catch (RejectedLineException e) {
        rejected++;
        rejects.reject(source, lineNumber, e.getMessage());
        continue;
      }
      batch(type).offer(parsed);
    }
  }

  private Batch batch(HashType type) {
    Batch batch = batches.get(type);
    if (batch == null) {
      batch = new Batch(
          PlannedIndex.open(DataLayout.hashIndex(dataDir, type), type.bits(), options), type.bits() / 64);
      batches.put(type, batch);
    }
    return batch;
  }

  /** Flushes the pending batches, so that everything read so far is stored and visible. */
  public void flush() {
    for (Batch batch : batches.values()) {
      batch.flush();
    }
  }

  /** The counts so far (call after {@link #flush()} or {@link #close()} for final figures). */
  public LoadReport report(double seconds) {
    return new LoadReport(read, loaded, duplicates, rejected, seconds);
  }

  /** Flushes and closes the indexes. */
  @Override
  public void close() {
    try {
      flush();
    } finally {
      for (Batch batch : batches.values()) {
        batch.index.close();
      }
      batches.clear();
    }
  }

  /** The pending hashes of one type. */
  private final class Batch {
    final PlannedIndex index;
    final int words;
    final long[] packed;
    // fingerprint of a pending hash -> its position in the batch; a collision only costs a flush
    final LongIntHashMap pending = new LongIntHashMap();
    int count;

    Batch(PlannedIndex index, int words) {
      this.index = index;
      this.words = words;
      this.packed = new long[batchSize * words];
    }

    void offer(long[] hash) {
      long fingerprint = fingerprint(hash);
      if (pending.containsKey(fingerprint)) {
        int other = pending.get(fingerprint);
        if (equalsPending(other, hash)) {
          duplicates++;
          return;
        }
        flush(); // a different hash with the same fingerprint: make the batch visible first
      }
      if (index.findExact(hash, 0) >= 0) {
        duplicates++;
        return;
      }
      System.arraycopy(hash, 0, packed, count * words, words);
      pending.put(fingerprint, count);
      count++;
      if (count == batchSize) {
        flush();
      }
    }

    private long fingerprint(long[] hash) {
      long h = 0;
      for (int w = 0; w < words; w++) {
        h = (h ^ hash[w]) * 0x9E3779B97F4A7C15L;
      }
      return h;
    }

    private boolean equalsPending(int position, long[] hash) {
      for (int w = 0; w < words; w++) {
        if (packed[position * words + w] != hash[w]) {
          return false;
        }
      }
      return true;
    }

    void flush() {
      if (count > 0) {
        index.addBatch(packed, count);
        loaded += count;
        count = 0;
        pending.clear();
      }
    }
  }
}
