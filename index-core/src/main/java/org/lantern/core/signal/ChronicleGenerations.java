package org.lantern.core.signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * A durable {@code byte[] → byte[]} map made of a growing list of persisted Chronicle Maps
 * ("generations"), because one Chronicle Map's capacity is fixed when it is created: filled far
 * past it, the map runs out of extra tiers and refuses every write while the process goes on
 * (DESIGN.md §4). So each generation is created for a configured number of entries, twice the
 * previous one's, and a new generation is opened once the newest holds its planned number; a key
 * stays in the generation that first took it, so updates never move entries and no key is ever in
 * two generations.
 *
 * <p>Files: {@code <dir>/<name>-<generation>.cmap}. After a process death (the caller knows: see
 * {@code recover}) every file is opened with Chronicle's recovery, which found every acknowledged
 * entry in the measurements DESIGN.md §4 quotes.
 *
 * <p>Thread-safety: reads are safe from any thread at any time; writes must be serialized by the
 * caller (the exchange has one writer). Chronicle Map itself is concurrent; the single-writer rule
 * keeps "which generation holds this key" from racing with the roll-over.
 */
final class ChronicleGenerations implements AutoCloseable {
  /** A generation never grows past {@code base << MAX_DOUBLINGS} entries: about 1,000 × the first. */
  private static final int MAX_DOUBLINGS = 10;

  private final Path dir;
  private final String name;
  private final long baseEntries;
  private final int keyBytes;
  private final int averageValueBytes;
  private final List<Generation> generations = new CopyOnWriteArrayList<>();
  /**
   * Entries in the newest generation, kept here because Chronicle's {@code longSize()} visits
   * every segment: too slow to ask on every insert. Writer only.
   */
  private long newestSize;

  private record Generation(ChronicleMap<byte[], byte[]> map, long plannedEntries) {}

  ChronicleGenerations(
      Path dir, String name, long baseEntries, int keyBytes, int averageValueBytes, boolean recover) {
    if (baseEntries < 1) {
      throw new IllegalArgumentException("entries per generation must be positive, got " + baseEntries);
    }
    this.dir = dir;
    this.name = name;
    this.baseEntries = baseEntries;
    this.keyBytes = keyBytes;
    this.averageValueBytes = averageValueBytes;
    try {
      Files.createDirectories(dir);
      for (int g = 0; Files.exists(file(g)); g++) {
        generations.add(open(g, recover));
      }
      if (generations.isEmpty()) {
        generations.add(open(0, false));
      }
      newestSize = generations.get(generations.size() - 1).map().longSize();
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("cannot create " + dir, e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private Path file(int generation) {
    return dir.resolve(String.format("%s-%04d.cmap", name, generation));
  }

  private Generation open(int generation, boolean recover) {
    long planned = baseEntries << Math.min(generation, MAX_DOUBLINGS);
    try {
      var builder =
          ChronicleMap.of(byte[].class, byte[].class)
              .name(name + "-" + generation)
              .constantKeySizeBySample(new byte[keyBytes])
              .averageValueSize(averageValueBytes)
              .entries(planned)
              // Room past the plan, used only when values come out larger than the average.
              .maxBloatFactor(4.0);
      Path file = file(generation);
      if (!Files.exists(file)) {
        createAtomically(builder, file);
      }
      ChronicleMap<byte[], byte[]> map =
          recover ? builder.recoverPersistedTo(file.toFile(), true) : builder.createPersistedTo(file.toFile());
      return new Generation(map, planned);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file(generation), e);
    }
  }

  /**
   * Creates a new map file under a temporary name and renames it into place once Chronicle has
   * finished writing its header. A process killed while Chronicle creates a file in place leaves
   * a header that never becomes ready, and every later open waits a minute on it and fails; a
   * killed creation here leaves only a temporary file, which the next creation replaces.
   */
  private static void createAtomically(
      net.openhft.chronicle.map.ChronicleMapBuilder<byte[], byte[]> builder, Path file) throws IOException {
    Path creating = file.resolveSibling(file.getFileName() + ".creating");
    Files.deleteIfExists(creating);
    builder.createPersistedTo(creating.toFile()).close();
    Files.move(creating, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The value stored under {@code key}, or {@code null}. */
  byte[] get(byte[] key) {
    for (int g = generations.size() - 1; g >= 0; g--) {
      byte[] value = generations.get(g).map().get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Stores {@code value} under {@code key}, in the generation that holds the key if any. */
  void put(byte[] key, byte[] value) {
    for (int g = generations.size() - 1; g >= 0; g--) {
      ChronicleMap<byte[], byte[]> map = generations.get(g).map();
      if (map.containsKey(key)) {
        map.put(key, value);
        return;
      }
    }
    putAbsent(key, value);
  }

  /** Stores {@code value} under {@code key}, which the caller knows no generation holds. */
  void putAbsent(byte[] key, byte[] value) {
    Generation newest = generations.get(generations.size() - 1);
    if (newestSize >= newest.plannedEntries()) {
      newest = open(generations.size(), false);
      generations.add(newest);
      newestSize = 0;
    }
    newest.map().put(key, value);
    newestSize++;
  }

  /** Removes {@code key}; true if it was there. */
  boolean remove(byte[] key) {
    for (int g = 0; g < generations.size(); g++) {
      if (generations.get(g).map().remove(key) != null) {
        if (g == generations.size() - 1) {
          newestSize--;
        }
        return true;
      }
    }
    return false;
  }

  /** Every entry, generation by generation; the arrays are copies the action may keep. */
  void forEach(BiConsumer<byte[], byte[]> action) {
    for (Generation generation : generations) {
      generation.map().forEach(action);
    }
  }

  long size() {
    long size = 0;
    for (Generation generation : generations) {
      size += generation.map().longSize();
    }
    return size;
  }

  int generationCount() {
    return generations.size();
  }

  /** Entries of the newest generation over its planned entries (a gauge: roll-over near 1.0). */
  double fillLevel() {
    Generation newest = generations.get(generations.size() - 1);
    return (double) newestSize / newest.plannedEntries();
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    List<Generation> open = new ArrayList<>(generations);
    generations.clear();
    for (Generation generation : open) {
      generation.map().close();
    }
  }
}
