package org.lantern.core.exchange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.DataLayout;
import org.lantern.core.search.Match;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.DigestIndex;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.text.TextIndex;

/**
 * Keeps every index derived from the signal store in line with it: the Hamming index of each
 * perceptual type, the digest index, the Lucene text index and the in-memory keyword scanner.
 *
 * <p>{@link #apply} makes the indexes reflect the <em>current</em> record of each given signal
 * (indexed if active, absent otherwise). It reads the state instead of replaying an operation, so
 * applying a signal twice, or applying a stale change after a newer one, leaves the same result:
 * that is what lets the exchange re-apply the change log after a crash without knowing how far
 * each index had got.
 *
 * <p>Thread-safety: {@link #apply}, {@link #replay} and {@link #close} are called by the single
 * writer; lookups ({@link #perceptual}, the text index, the scanner, the digests) from any thread.
 */
final class DerivedIndexes implements AutoCloseable {
  private static final HashType[] HASH_TYPES = HashType.values();

  private final Path dataDir;
  private final long hashCapacity;
  private final SignalStore store;
  final DigestIndex digests;
  final TextIndex text;
  final ScopedKeywords keywords = new ScopedKeywords();
  /**
   * The audiences of the active signals, by id: the ids perceptual ordinals and partitions carry,
   * and the text scopes each caller may search.
   */
  final Audiences audiences = new Audiences();
  /**
   * The shared index of each type: hashes of active signals shared with all. Opened on first use:
   * an exchange without PDQ signals maps no PDQ tables.
   */
  private final AtomicReferenceArray<PerceptualIndex> perceptual =
      new AtomicReferenceArray<>(HASH_TYPES.length);
  /** Hashes of active signals shared with chosen participants, per type, by audience. */
  private final RestrictedHashes[] restricted = new RestrictedHashes[HASH_TYPES.length];

  DerivedIndexes(Path dataDir, long hashCapacity, SignalStore store, DigestIndex digests, TextIndex text) {
    this.dataDir = dataDir;
    this.hashCapacity = hashCapacity;
    this.store = store;
    this.digests = digests;
    this.text = text;
    for (HashType type : HASH_TYPES) {
      restricted[type.ordinal()] = new RestrictedHashes(type.bits());
      if (java.nio.file.Files.isDirectory(DataLayout.hashIndex(dataDir, type))) {
        perceptual.set(type.ordinal(), PerceptualIndex.open(DataLayout.hashIndex(dataDir, type), type, hashCapacity));
      }
    }
  }

  /**
   * The shared index of {@code type}, or {@code null} if no signal of that type was ever shared
   * with all.
   */
  PerceptualIndex perceptual(HashType type) {
    return perceptual.get(type.ordinal());
  }

  /** The restricted hashes of {@code type}, by audience. */
  RestrictedHashes restricted(HashType type) {
    return restricted[type.ordinal()];
  }

  /**
   * Whether {@code signal}'s hash belongs in the shared index: shared with all. Any other goes to
   * its audience's partition of {@link RestrictedHashes}, so that no caller's lookup meets a hash
   * it may not see.
   */
  static boolean sharedWithAll(Signal signal) {
    return signal.visibility().isEmpty();
  }

  private PerceptualIndex perceptualForWrite(HashType type) {
    PerceptualIndex index = perceptual.get(type.ordinal());
    if (index == null) {
      index = PerceptualIndex.open(DataLayout.hashIndex(dataDir, type), type, hashCapacity);
      perceptual.set(type.ordinal(), index);
    }
    return index;
  }

  /**
   * Makes the indexes reflect the current records of {@code ids}, then makes the text index's
   * changes visible. Writer only.
   *
   * @param adoptOrphans look for an ordinal already appended for a signal before appending it
   *     again (after a crash between the append and the record update); a lookup per hash, so only
   *     during replay
   */
  void apply(List<String> ids, boolean adoptOrphans) {
    Map<HashType, List<StoredSignal>> appends = new EnumMap<>(HashType.class);
    for (String id : new LinkedHashSet<>(ids)) {
      StoredSignal stored = store.get(id);
      if (stored == null) {
        continue; // logged but never written: the process died in between; nothing was indexed
      }
      Signal signal = stored.signal();
      boolean active = signal.isActive();
      switch (signal.type().family()) {
        case PERCEPTUAL -> {
          HashType hashType = signal.type().hashType();
          byte[] binaryId = SignalIds.decode(id);
          boolean shared = active && sharedWithAll(signal);
          RestrictedHashes partitions = restricted(hashType);
          if (active && !shared) {
            partitions.put(binaryId, SignalCanonicalizer.hash(signal.type(), signal.value()), audienceId(signal));
          } else {
            partitions.remove(binaryId);
          }
          PerceptualIndex index = shared ? perceptualForWrite(hashType) : perceptual(hashType);
          if (index == null || index.holds(stored.ordinal(), binaryId)) {
            if (!shared && index != null) {
              index.remove(stored.ordinal()); // retired, or no longer shared with all
            } else if (index != null) {
              index.setAudience(stored.ordinal(), audienceId(signal)); // its contributor's audience
            }
            continue;
          }
          if (shared) {
            long orphan = adoptOrphans ? findOrphan(index, signal, binaryId) : -1;
            if (orphan >= 0) {
              index.setAudience(orphan, audienceId(signal));
              store.put(new StoredSignal(signal, orphan));
            } else {
              appends.computeIfAbsent(hashType, t -> new ArrayList<>()).add(stored);
            }
          }
        }
        case DIGEST -> {
          if (active) {
            digests.add(signal.type(), signal.value(), SignalIds.decode(id));
          } else {
            digests.remove(signal.type(), signal.value(), SignalIds.decode(id));
          }
        }
        case URL -> {
          if (active) {
            CanonicalUrl url = UrlCanonicalizer.canonicalize(signal.value());
            Audience audience = audience(signal);
            text.putUrl(id, signal.type().label(), exactUrlKey(url), url.hostAndPath(), url.hostKey(), audience.key(), audience.scope());
          } else {
            text.delete(id);
          }
        }
        case KEYWORD -> {
          if (active) {
            Audience audience = audience(signal);
            text.put(id, signal.type().label(), signal.value(), audience.key(), audience.scope());
            keywords.put(id, signal.value(), audience.scope());
          } else {
            text.delete(id);
            keywords.remove(id);
          }
        }
        case ACCOUNT -> {
          if (active) {
            Audience audience = audience(signal);
            text.put(id, signal.type().label(), signal.value(), audience.key(), audience.scope());
          } else {
            text.delete(id);
          }
        }
      }
    }
    for (Map.Entry<HashType, List<StoredSignal>> entry : appends.entrySet()) {
      appendHashes(perceptualForWrite(entry.getKey()), entry.getValue());
    }
    text.refresh();
  }

  /**
   * The text-index key of a URL for exact matches: the canonical URL without its scheme, because
   * http and https of the same host, path and query are the same resource to an investigator.
   */
  static String exactUrlKey(CanonicalUrl url) {
    String full = url.url();
    return full.substring(full.indexOf("://") + 3);
  }

  /** The audience id of {@code signal}'s audience. */
  int audienceId(Signal signal) {
    return audiences.id(Audience.of(signal));
  }

  /** {@code signal}'s audience, registered, so that text lookups know its scope ({@link Audiences#scopesOf}). */
  private Audience audience(Signal signal) {
    Audience audience = Audience.of(signal);
    audiences.id(audience);
    return audience;
  }

  /**
   * Rebuilds what the indexes keep in memory only for a stored signal (on open, for every stored
   * signal): its audience; the audience of its shared ordinal, or its restricted hash. A restricted
   * signal still in the shared index (a data directory written before restricted hashes were kept
   * apart) leaves it here.
   */
  void restore(StoredSignal stored) {
    Signal signal = stored.signal();
    if (!signal.isActive()) {
      return;
    }
    if (signal.type().family() != SignalType.Family.PERCEPTUAL) {
      audience(signal); // its text scope, for the lookups of the callers who may see it
      return;
    }
    byte[] binaryId = SignalIds.decode(signal.id());
    PerceptualIndex index = perceptual(signal.type().hashType());
    boolean inShared = index != null && index.holds(stored.ordinal(), binaryId);
    if (sharedWithAll(signal)) {
      if (inShared) {
        index.setAudience(stored.ordinal(), audienceId(signal));
      }
      return;
    }
    restricted(signal.type().hashType()).put(binaryId, SignalCanonicalizer.hash(signal.type(), signal.value()), audienceId(signal));
    if (inShared) {
      index.remove(stored.ordinal());
    }
  }

  /** The ordinal the next hash appended to the {@code type} index gets. Writer only. */
  long nextOrdinal(HashType type) {
    return perceptualForWrite(type).ordinals();
  }

  /**
   * Appends hashes of new signals whose records already name their ordinals, {@code first}
   * onwards. Writer only.
   */
  void appendNew(HashType type, long[] packed, byte[][] ids, int[] audienceIds, int count, long first) {
    int got = perceptualForWrite(type).append(packed, ids, audienceIds, count);
    if (got != first) {
      throw new IllegalStateException(
          "the " + type.label() + " index appended at ordinal " + got + ", but the records name " + first);
    }
  }

  private void appendHashes(PerceptualIndex index, List<StoredSignal> signals) {
    int words = index.type().bits() / 64;
    long[] packed = new long[signals.size() * words];
    byte[][] ids = new byte[signals.size()][];
    int[] audienceIds = new int[signals.size()];
    for (int i = 0; i < signals.size(); i++) {
      Signal signal = signals.get(i).signal();
      Hash hash = SignalCanonicalizer.hash(signal.type(), signal.value());
      System.arraycopy(hash.words(), 0, packed, i * words, words);
      ids[i] = SignalIds.decode(signal.id());
      audienceIds[i] = audienceId(signal);
    }
    int first = index.append(packed, ids, audienceIds, signals.size());
    for (int i = 0; i < signals.size(); i++) {
      store.put(new StoredSignal(signals.get(i).signal(), first + i));
    }
  }

  /** A live ordinal with this signal's exact hash and id, appended before a crash; or -1. */
  private static long findOrphan(PerceptualIndex index, Signal signal, byte[] id) {
    Hash hash = SignalCanonicalizer.hash(signal.type(), signal.value());
    for (Match match : index.search(hash, 256, 0).matches()) {
      if (Arrays.equals(index.idAt(match.id()), id)) {
        return match.id();
      }
    }
    return -1;
  }

  /**
   * Re-applies the change log after {@code from}: every logged signal whose record still carries
   * that sequence (later changes are applied at their own place). Returns the number applied.
   */
  long replay(ChangeLog log, long from) {
    long applied = 0;
    List<String> batch = new ArrayList<>();
    for (long seq = from + 1; seq <= log.size(); seq++) {
      String id = SignalIds.encode(log.idAt(seq));
      StoredSignal stored = store.get(id);
      if (stored != null && stored.signal().sequence() == seq) {
        batch.add(id);
      }
      if (batch.size() == 10_000) {
        apply(batch, true);
        applied += batch.size();
        batch.clear();
      }
    }
    apply(batch, true);
    return applied + batch.size();
  }

  /** Fills the keyword scanner from the text index (which holds every active keyword). */
  void loadKeywords() {
    text.forEach(SignalType.KEYWORD.label(), (id, keyword) -> {
      StoredSignal stored = store.get(id);
      if (stored != null) {
        keywords.put(id, keyword, audience(stored.signal()).scope());
      }
    });
  }

  /**
   * Compares every index with the store and returns the disagreements found, in words; empty when
   * consistent. Reads everything: for tests, and for {@code lantern signals verify}.
   */
  List<String> verify() {
    List<String> problems = new ArrayList<>();
    Map<String, Long> activeByType = new HashMap<>();
    Map<HashType, Long> activeHashes = new EnumMap<>(HashType.class);
    Map<HashType, Long> activeRestricted = new EnumMap<>(HashType.class);
    store.forEach(
        stored -> {
          Signal s = stored.signal();
          if (!s.isActive()) {
            return;
          }
          byte[] id = SignalIds.decode(s.id());
          switch (s.type().family()) {
            case PERCEPTUAL -> {
              PerceptualIndex index = perceptual(s.type().hashType());
              boolean inShared = index != null && index.holds(stored.ordinal(), id);
              if (sharedWithAll(s)) {
                activeHashes.merge(s.type().hashType(), 1L, Long::sum);
                if (!inShared) {
                  problems.add(s.id() + " (" + s.type().label() + ") is active but not in the Hamming index");
                }
              } else {
                activeRestricted.merge(s.type().hashType(), 1L, Long::sum);
                if (inShared) {
                  problems.add(s.id() + " (" + s.type().label() + ") is restricted but in the shared Hamming index");
                }
                if (!restricted(s.type().hashType()).holds(id, audienceId(s))) {
                  problems.add(s.id() + " (" + s.type().label() + ") is restricted but not among its audience's hashes");
                }
              }
            }
            case DIGEST -> {
              if (digests.find(s.type(), s.value()).stream().noneMatch(x -> Arrays.equals(x, id))) {
                problems.add(s.id() + " (" + s.type().label() + ") is active but not in the digest index");
              }
            }
            default -> {
              activeByType.merge(s.type().label(), 1L, Long::sum);
              String key =
                  s.type() == SignalType.URL ? exactUrlKey(UrlCanonicalizer.canonicalize(s.value())) : s.value();
              if (text.idsWithValue(s.type().label(), key, 10_000).stream().noneMatch(x -> Arrays.equals(x, id))) {
                problems.add(s.id() + " (" + s.type().label() + ") is active but not in the text index");
              }
            }
          }
        });
    long activeKeywords = activeByType.getOrDefault(SignalType.KEYWORD.label(), 0L);
    if (keywords.size() != activeKeywords) {
      problems.add("keyword scanner holds " + keywords.size() + " keywords, the store " + activeKeywords + " active");
    }
    for (SignalType type : SignalType.values()) {
      SignalType.Family family = type.family();
      if (family == SignalType.Family.URL || family == SignalType.Family.KEYWORD || family == SignalType.Family.ACCOUNT) {
        long want = activeByType.getOrDefault(type.label(), 0L);
        long got = text.count(type.label());
        if (want != got) {
          problems.add("text index holds " + got + " " + type.label() + " signals, the store " + want + " active");
        }
      }
    }
    for (HashType type : HASH_TYPES) {
      PerceptualIndex index = perceptual(type);
      long want = activeHashes.getOrDefault(type, 0L);
      long got = index == null ? 0 : index.size();
      if (want != got) {
        problems.add("Hamming index " + type.label() + " holds " + got + " live hashes, the store " + want + " active");
      }
      long restrictedWant = activeRestricted.getOrDefault(type, 0L);
      if (restricted(type).size() != restrictedWant) {
        problems.add("restricted " + type.label() + " hashes: " + restricted(type).size() + " held, the store " + restrictedWant
            + " active");
      }
    }
    return problems;
  }

  /** Hamming index sizes per type label, for statistics. */
  Map<String, Integer> hashIndexSizes() {
    Map<String, Integer> sizes = new HashMap<>();
    for (HashType type : HASH_TYPES) {
      PerceptualIndex index = perceptual(type);
      sizes.put(type.label(), (index == null ? 0 : index.size()) + restricted(type).size());
    }
    return sizes;
  }

  void force() {
    for (HashType type : HASH_TYPES) {
      PerceptualIndex index = perceptual(type);
      if (index != null) {
        index.force();
      }
    }
  }

  @Override
  public void close() {
    for (HashType type : HASH_TYPES) {
      PerceptualIndex index = perceptual.getAndSet(type.ordinal(), null);
      if (index != null) {
        index.close();
      }
    }
  }
}
