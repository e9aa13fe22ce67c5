package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;

/**
 * The exchange's signals ordered by modification time, kept per audience, so that a participant's
 * time-ordered view is read without touching a signal it may not see.
 *
 * <h2>Times that never go back</h2>
 *
 * A signal's {@code updated} time is not monotonic in commit order: a new signal carries the time
 * its batch was prepared, outside the write lock, so a batch prepared earlier can commit later.
 * A client that checkpoints a time would then miss it. So each change-log entry gets a <em>place
 * time</em>: {@code max(updated, every place time before it)}, computed in log order and written
 * to {@value #FILE} (8 bytes per log entry) before any page can show it. The file makes the
 * place times survive a restart unchanged; without it, entries superseded since could lower the
 * running maximum on a rebuild.
 *
 * <h2>Audiences</h2>
 *
 * A signal shared with everyone sits in the public set; one shared with named participants sits
 * in the set of each of them and of its contributor; every signal sits in the set admins read. A
 * participant's view merges the public set with its own, so the work of a page depends only on
 * what the participant may see — the order leaks neither counts nor times of hidden signals.
 *
 * <h2>Cost</h2>
 *
 * Built on first use (it reads every live signal once), then brought up to date from the change
 * log before each read. It is held on the heap, about 250 bytes per signal: fine up to a few
 * million signals; an off-heap layout is future work.
 *
 * <p>Thread-safety: thread-safe. {@link #catchUp} is serialized; reads share a read lock.
 */
final class ModificationOrder implements AutoCloseable {
  /** Place times, one little-endian long (epoch ms) per change-log entry, in log order. */
  static final String FILE = "modification-times.bin";

  /** Audience key of signals shared with every participant (no participant id is empty). */
  private static final String PUBLIC = "";

  private static final String[] PUBLIC_ONLY = {PUBLIC};

  /** Where one signal sits: its key, the audiences holding it, and what the counters counted. */
  private record Placement(ModifiedPage.Position key, String[] audiences, SignalType type, boolean active) {}

  private final ChangeLog log;
  private final SignalStore store;
  private final FileChannel times;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeSet<ModifiedPage.Position> all = new TreeSet<>();
  private final Map<String, TreeSet<ModifiedPage.Position>> byAudience = new HashMap<>();
  private final Map<String, Placement> placements = new HashMap<>();
  private final Map<String, long[]> activeByAudience = new HashMap<>(); // per SignalType ordinal
  private final long[] activeAll = new long[SignalType.values().length];
  private long processed; // log entries whose place time is in the file; guarded by the write lock
  private long highWater; // the last place time written (epoch ms); guarded by the write lock
  private volatile long processedSnapshot; // processed, for the lock-free check in catchUp

  private ModificationOrder(ChangeLog log, SignalStore store, FileChannel times) {
    this.log = log;
    this.store = store;
    this.times = times;
  }

  /**
   * Opens the place-time file in {@code dataDir} (creating it owner-only) and builds the order
   * from the live signals and the file; entries the file does not cover yet are added by the
   * first {@link #catchUp}.
   */
  static ModificationOrder open(Path dataDir, ChangeLog log, SignalStore store) {
    Path path = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      if (!Files.exists(path) && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      // A kill during an append can leave part of an entry: it was never shown, drop it.
      long entries = Math.min(channel.size() / Long.BYTES, log.size());
      channel.truncate(entries * Long.BYTES);
      ModificationOrder order = new ModificationOrder(log, store, channel);
      order.load(entries);
      return order;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open " + path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private void load(long entries) throws IOException {
    if (entries == 0) {
      return;
    }
    MappedByteBuffer map = times.map(FileChannel.MapMode.READ_ONLY, 0, entries * Long.BYTES);
    map.order(ByteOrder.LITTLE_ENDIAN);
    lock.writeLock().lock();
    try {
      store.forEach(stored -> {
        long seq = stored.signal().sequence();
        if (seq >= 1 && seq <= entries) {
          place(stored.signal(), map.getLong((int) ((seq - 1) * Long.BYTES)));
        }
      });
      processed = entries;
      processedSnapshot = entries;
      highWater = map.getLong((int) ((entries - 1) * Long.BYTES));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Brings the order up to the change log's applied mark: every change whose record is written.
   * Place times are appended to the file before the lock is released, so no reader sees a time
   * that a restart could change.
   */
  void catchUp() {
    long applied = Math.min(log.appliedSequence(), log.size());
    if (applied <= processedSnapshot) {
      return;
    }
    lock.writeLock().lock();
    try {
      if (applied <= processed) {
        return;
      }
      ByteBuffer out = ByteBuffer.allocate((int) Math.min(applied - processed, 8192) * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (long seq = processed + 1; seq <= applied; seq++) {
        byte[] id = log.idAt(seq);
        StoredSignal stored = store.get(id);
        boolean live = stored != null && stored.signal().sequence() == seq;
        long place = live ? Math.max(stored.signal().updated().toEpochMilli(), highWater) : highWater;
        out.putLong(place);
        highWater = place;
        if (live) {
          place(stored.signal(), place);
        }
        if (!out.hasRemaining()) {
          flush(out);
        }
      }
      flush(out);
      processed = applied;
      processedSnapshot = applied;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + FILE, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void flush(ByteBuffer out) throws IOException {
    out.flip();
    long at = times.size();
    while (out.hasRemaining()) {
      at += times.write(out, at);
    }
    out.clear();
  }

  /** Moves {@code signal} to its new key and audiences, and keeps the active counters. Write lock held. */
  private void place(Signal signal, long millis) {
    Placement old = placements.get(signal.id());
    if (old != null) {
      all.remove(old.key());
      for (String audience : old.audiences()) {
        TreeSet<ModifiedPage.Position> set = byAudience.get(audience);
        set.remove(old.key());
      }
      if (old.active()) {
        count(old, -1);
      }
    }
    ModifiedPage.Position key = new ModifiedPage.Position(millis, signal.id());
    String[] audiences = audiences(signal);
    Placement now = new Placement(key, audiences, signal.type(), signal.isActive());
    placements.put(signal.id(), now);
    all.add(key);
    for (String audience : audiences) {
      byAudience.computeIfAbsent(audience, a -> new TreeSet<>()).add(key);
    }
    if (now.active()) {
      count(now, 1);
    }
  }

  private void count(Placement p, int delta) {
    activeAll[p.type().ordinal()] += delta;
    for (String audience : p.audiences()) {
      activeByAudience.computeIfAbsent(audience, a -> new long[SignalType.values().length])[p.type().ordinal()] += delta;
    }
  }

  private static String[] audiences(Signal signal) {
    if (signal.visibility().isEmpty()) {
      return PUBLIC_ONLY;
    }
    List<String> out = new ArrayList<>(signal.visibility().size() + 1);
    out.addAll(signal.visibility());
    if (!out.contains(signal.contributor())) {
      out.add(signal.contributor());
    }
    return out.toArray(String[]::new);
  }

  /**
   * The signals {@code caller} may see, in order, from {@code fromMillis} (inclusive) and after
   * {@code after} (exclusive, may be null), that {@code include} accepts; at most {@code limit},
   * examining at most {@code maxExamined} (signals the filter leaves out count: they bound the
   * work, and all of them are the caller's to see).
   */
  ModifiedPage read(
      Caller caller, long fromMillis, ModifiedPage.Position after, int limit, int maxExamined,
      Predicate<Signal> include, Function<String, Opinions> opinions, Function<Signal, List<Signal>> activeSameValue) {
    ModifiedPage.Position from = new ModifiedPage.Position(fromMillis, "");
    if (after != null && after.compareTo(from) > 0) {
      from = after;
    }
    boolean inclusive = after == null || from != after;
    lock.readLock().lock();
    try {
      Iterator<ModifiedPage.Position> keys = view(caller, from, inclusive);
      List<ModifiedPage.Change> changes = new ArrayList<>(Math.min(limit, 1024));
      ModifiedPage.Position last = null;
      int examined = 0;
      while (changes.size() < limit && examined < maxExamined && keys.hasNext()) {
        ModifiedPage.Position key = keys.next();
        examined++;
        last = key;
        StoredSignal stored = store.get(key.id());
        // The store may already hold a newer version (not yet caught up): check it again, so a
        // change that hides the signal from the caller hides it here at once.
        if (stored == null || !AccessPolicy.visible(caller, stored.signal()) || !include.test(stored.signal())) {
          continue;
        }
        Signal signal = stored.signal();
        List<Signal> copies = List.of();
        if (!signal.isActive()) {
          copies = new ArrayList<>();
          for (Signal copy : activeSameValue.apply(signal)) {
            if (AccessPolicy.visible(caller, copy)) {
              copies.add(copy);
            }
          }
        }
        changes.add(new ModifiedPage.Change(signal, key.millis(), opinions.apply(signal.id()), copies));
      }
      return new ModifiedPage(changes, last, keys.hasNext());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Active signals of {@code type} the caller may see. */
  long activeCount(Caller caller, SignalType type) {
    lock.readLock().lock();
    try {
      if (caller.isAdmin()) {
        return activeAll[type.ordinal()];
      }
      long[] shared = activeByAudience.get(PUBLIC);
      long[] own = activeByAudience.get(caller.participant());
      return (shared == null ? 0 : shared[type.ordinal()]) + (own == null ? 0 : own[type.ordinal()]);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The caller's keys from {@code from}: all for admins, else the public set merged with its own. */
  private Iterator<ModifiedPage.Position> view(Caller caller, ModifiedPage.Position from, boolean inclusive) {
    if (caller.isAdmin()) {
      return all.tailSet(from, inclusive).iterator();
    }
    NavigableSet<ModifiedPage.Position> shared = byAudience.get(PUBLIC);
    NavigableSet<ModifiedPage.Position> own = byAudience.get(caller.participant());
    Iterator<ModifiedPage.Position> a = shared == null ? java.util.Collections.emptyIterator() : shared.tailSet(from, inclusive).iterator();
    Iterator<ModifiedPage.Position> b = own == null ? java.util.Collections.emptyIterator() : own.tailSet(from, inclusive).iterator();
    return new Merged(a, b);
  }

  /** Two ascending iterators over disjoint sets as one ascending iterator. */
  private static final class Merged implements Iterator<ModifiedPage.Position> {
    private final Iterator<ModifiedPage.Position> a;
    private final Iterator<ModifiedPage.Position> b;
    private ModifiedPage.Position nextA;
    private ModifiedPage.Position nextB;

    Merged(Iterator<ModifiedPage.Position> a, Iterator<ModifiedPage.Position> b) {
      this.a = a;
      this.b = b;
      nextA = a.hasNext() ? a.next() : null;
      nextB = b.hasNext() ? b.next() : null;
    }

    @Override
    public boolean hasNext() {
      return nextA != null || nextB != null;
    }

    @Override
    public ModifiedPage.Position next() {
      if (nextA != null && (nextB == null || nextA.compareTo(nextB) <= 0)) {
        ModifiedPage.Position out = nextA;
        nextA = a.hasNext() ? a.next() : null;
        return out;
      }
      if (nextB == null) {
        throw new java.util.NoSuchElementException();
      }
      ModifiedPage.Position out = nextB;
      nextB = b.hasNext() ? b.next() : null;
      return out;
    }
  }

  @Override
  public void close() {
    closeQuietly(times);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing: nothing more to do
      }
    }
  }
}
