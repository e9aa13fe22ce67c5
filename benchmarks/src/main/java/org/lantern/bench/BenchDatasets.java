package org.lantern.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.IntStream;
import org.lantern.core.synth.DatasetKind;
import org.lantern.core.synth.HashDatasets;
import org.lantern.core.synth.HashFiles;
import org.lantern.core.synth.QuerySet;
import org.lantern.core.synth.SyntheticHashes;

/**
 * The benchmarks' {@code dataset} axis: {@value #MIXED} is {@link SyntheticHashes} (uniform,
 * near-duplicate clusters and a hot prefix, the data set of every earlier figure in RESULTS.md);
 * any {@link DatasetKind} name is {@link HashDatasets} of that kind.
 *
 * <p>{@link DatasetKind#IMAGES} costs about 0.7 ms per hash (rendering and hashing), so those sets
 * are cached as hex files in {@code -Dlantern.bench.datasets=DIR} (default {@code
 * java.io.tmpdir/lantern-bench-datasets}), keyed by width, size and seed; the other kinds take
 * well under a second per million and are generated each time.
 *
 * <p>Thread-safety: stateless; concurrent calls for the same images set may both generate it (the
 * file is replaced atomically).
 */
public final class BenchDatasets {
  /** The mixed synthetic set of {@link SyntheticHashes}. */
  public static final String MIXED = "MIXED";

  private BenchDatasets() {}

  /** {@code n} hashes of the data set named {@code dataset}, packed. */
  public static long[] hashes(String dataset, int bits, int n, long seed) {
    if (MIXED.equalsIgnoreCase(dataset)) {
      return new SyntheticHashes(bits, seed).hashes(n);
    }
    DatasetKind kind = DatasetKind.fromLabel(dataset);
    if (kind != DatasetKind.IMAGES) {
      return HashDatasets.generate(kind, bits, n, seed);
    }
    Path dir = Path.of(System.getProperty("lantern.bench.datasets",
        Path.of(System.getProperty("java.io.tmpdir"), "lantern-bench-datasets").toString()));
    Path file = dir.resolve("images-" + bits + "-" + n + "-" + Long.toHexString(seed) + ".hex");
    try {
      if (Files.exists(file)) {
        HashFiles.Loaded cached = HashFiles.read(file);
        if (cached.count() == n && cached.bits() == bits) {
          return cached.packed();
        }
      }
      long[] packed = HashDatasets.generate(kind, bits, n, seed);
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "images-", ".tmp");
      HashFiles.write(tmp, packed, n, bits);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return packed;
    } catch (IOException e) {
      throw new UncheckedIOException("images data set cache " + file, e);
    }
  }

  /**
   * {@code count} queries: half near copies of stored hashes with 1..{@code radius} bits flipped
   * (0 for radius 0), half uniform random. MIXED keeps {@link SyntheticHashes#queries}, so figures
   * stay comparable with earlier runs; the other kinds use {@link QuerySet}.
   */
  public static long[] queries(String dataset, int bits, long[] data, int n, int count, int radius, long seed) {
    if (MIXED.equalsIgnoreCase(dataset)) {
      return new SyntheticHashes(bits, seed).queries(data, n, count, radius);
    }
    int[] distances = IntStream.rangeClosed(Math.min(1, radius), radius).toArray();
    return QuerySet.generate(data, n, bits, count, distances, 0.5, seed).packed();
  }
}
