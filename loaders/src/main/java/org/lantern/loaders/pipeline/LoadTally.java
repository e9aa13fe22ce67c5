package org.lantern.loaders.pipeline;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The counts of a load. Every record read ends in exactly one of loaded (a new signal), updated
 * (an existing signal changed, or retracted), duplicates (already there as it is) or rejected,
 * so {@code read == loaded + updated + duplicates + rejected} always holds; {@link #balanced()}
 * checks it. Hashes of types Lantern does not hold (PhotoDNA) are not records read: they are
 * counted apart, per type.
 *
 * <p>Thread-safety: not thread-safe; the pipeline's sequencer owns it.
 */
public final class LoadTally {
  long read;
  long loaded;
  long updated;
  long retracted;
  long duplicates;
  long rejected;
  final Map<String, Long> unsupported = new TreeMap<>();

  public long read() {
    return read;
  }

  public long loaded() {
    return loaded;
  }

  public long updated() {
    return updated;
  }

  /** Of {@link #updated()}, the signals retracted by the input's deletion records. */
  public long retracted() {
    return retracted;
  }

  public long duplicates() {
    return duplicates;
  }

  public long rejected() {
    return rejected;
  }

  /** Hashes of unsupported types, by type, e.g. {@code photodna=12}. */
  public Map<String, Long> unsupported() {
    return new TreeMap<>(unsupported);
  }

  /** True when every record read is accounted for. */
  public boolean balanced() {
    return read == loaded + updated + duplicates + rejected;
  }

  void add(LoadTally other) {
    read += other.read;
    loaded += other.loaded;
    updated += other.updated;
    retracted += other.retracted;
    duplicates += other.duplicates;
    rejected += other.rejected;
    other.unsupported.forEach((type, n) -> unsupported.merge(type, n, Long::sum));
  }

  /** One line: {@code read 10, loaded 7, updated 1, duplicates 1, rejected 1}, then the rest if any. */
  public String summary() {
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "read %d, loaded %d, updated %d, duplicates %d, rejected %d",
        read, loaded, updated, duplicates, rejected));
    if (retracted > 0) {
      line.append(String.format(Locale.ROOT, " (retracted %d)", retracted));
    }
    if (!unsupported.isEmpty()) {
      line.append("; unsupported types skipped:");
      unsupported.forEach((type, n) -> line.append(' ').append(type).append(' ').append(n));
    }
    return line.toString();
  }

  void store(Properties p, String prefix) {
    p.setProperty(prefix + "read", Long.toString(read));
    p.setProperty(prefix + "loaded", Long.toString(loaded));
    p.setProperty(prefix + "updated", Long.toString(updated));
    p.setProperty(prefix + "retracted", Long.toString(retracted));
    p.setProperty(prefix + "duplicates", Long.toString(duplicates));
    p.setProperty(prefix + "rejected", Long.toString(rejected));
    unsupported.forEach((type, n) -> p.setProperty(prefix + "unsupported." + type, Long.toString(n)));
  }

  static LoadTally load(Properties p, String prefix) {
    LoadTally t = new LoadTally();
    t.read = number(p, prefix + "read");
    t.loaded = number(p, prefix + "loaded");
    t.updated = number(p, prefix + "updated");
    t.retracted = number(p, prefix + "retracted");
    t.duplicates = number(p, prefix + "duplicates");
    t.rejected = number(p, prefix + "rejected");
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(prefix + "unsupported.")) {
        t.unsupported.put(name.substring(prefix.length() + "unsupported.".length()), number(p, name));
      }
    }
    return t;
  }

  private static long number(Properties p, String name) {
    String v = p.getProperty(name);
    if (v == null) {
      throw new IllegalArgumentException("checkpoint has no '" + name + "'");
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint '" + name + "' is not a number: " + v);
    }
  }
}
