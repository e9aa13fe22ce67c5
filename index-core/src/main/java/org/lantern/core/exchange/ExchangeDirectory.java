package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.participant.Participants;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.DigestIndex;
import org.lantern.core.signal.OpinionStore;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.text.TextIndex;

/**
 * The exchange's data directory and everything opened in it: the lock that keeps a second process
 * out, the secret, the signal store, the change log, participants, opinions, audit log,
 * allow-lists and the derived indexes. Opening recovers after an unclean stop (the {@code
 * exchange.open} marker is left behind by a process that died): the Chronicle maps are recovered
 * and the change log is re-applied from the last point every index had reached.
 *
 * <p>The parts are package-visible fields: the other parts of the exchange read and write through
 * them. This class owns their life cycle only.
 *
 * <p>Thread-safety: the parts are each thread-safe for reads; writes are serialized by {@link
 * SignalWriter}. {@link #close} must be called under the writer's lock; {@link #commitText} may
 * run from the maintenance thread at any time.
 */
final class ExchangeDirectory {
  private static final String LOCK_FILE = "exchange.lock";
  private static final String OPEN_MARKER = "exchange.open";

  final ExchangeConfig config;
  final Path dataDir;
  final byte[] secret;
  final SignalStore store;
  final ChangeLog log;
  final Participants participants;
  final OpinionStore opinions;
  final AuditLog audit;
  final AllowLists allowLists;
  final DerivedIndexes indexes;
  /** True if this open recovered from an unclean stop. */
  final boolean recovered;
  /** Change-log entries re-applied on open. */
  final long replayed;
  private final FileChannel lockChannel;
  private final Object commitLock = new Object();
  private volatile boolean closed;

  private ExchangeDirectory(Opening o) {
    this.config = o.config;
    this.dataDir = o.config.dataDir();
    this.secret = o.secret;
    this.store = o.store;
    this.log = o.log;
    this.participants = o.participants;
    this.opinions = o.opinions;
    this.audit = o.audit;
    this.allowLists = o.allowLists;
    this.indexes = o.indexes;
    this.recovered = o.recovered;
    this.replayed = o.replayed;
    this.lockChannel = o.lockChannel;
  }

  /** The parts opened so far, closed again if a later one fails. */
  private static final class Opening {
    ExchangeConfig config;
    FileChannel lockChannel;
    byte[] secret;
    SignalStore store;
    ChangeLog log;
    Participants participants;
    OpinionStore opinions;
    AuditLog audit;
    AllowLists allowLists;
    DigestIndex digests;
    TextIndex text;
    DerivedIndexes indexes;
    boolean recovered;
    long replayed;

    void closeAll() {
      closeQuietly(indexes);
      closeQuietly(opinions);
      closeQuietly(audit);
      closeQuietly(allowLists);
      closeQuietly(text);
      closeQuietly(digests);
      closeQuietly(log);
      closeQuietly(store);
      closeQuietly(lockChannel);
    }
  }

  /**
   * Opens (creating on first start, recovering after an unclean stop) the data directory of
   * {@code config}.
   *
   * @throws IllegalStateException if another process has it open, or if it holds signals but its
   *     secret is missing
   */
  static ExchangeDirectory open(ExchangeConfig config) {
    Opening o = new Opening();
    o.config = config;
    Path data = config.dataDir();
    try {
      Files.createDirectories(data);
      o.lockChannel = FileChannel.open(data.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = o.lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException(data + " is already open by another exchange (this or another process)");
      }
      boolean unclean = Files.exists(data.resolve(OPEN_MARKER));
      o.recovered = unclean;
      if (config.secret() != null) {
        o.secret = config.secret();
      } else {
        if (!ExchangeSecret.exists(data) && Files.exists(data.resolve("changes.log"))) {
          throw new IllegalStateException(
              data + " holds signals but its secret (" + ExchangeSecret.FILE + ") is missing: restore it from backup;"
                  + " without it no id or account key can be reproduced");
        }
        o.secret = ExchangeSecret.loadOrCreate(data);
      }
      o.participants = Participants.open(data, config.clock());
      o.store = SignalStore.open(data.resolve("signals"), config.signalsPerGeneration(), unclean);
      o.log = ChangeLog.open(data.resolve("changes.log"));
      o.audit = AuditLog.open(data.resolve(AuditLog.DIRECTORY_NAME), config.clock());
      o.opinions = OpinionStore.open(data.resolve("opinions"), Math.max(1024, config.signalsPerGeneration() / 8), unclean);
      o.allowLists = AllowLists.open(data);
      o.digests = DigestIndex.open(data.resolve("digests"), Math.max(1024, config.signalsPerGeneration() / 4), unclean);
      o.text = TextIndex.open(data.resolve("text"));
      o.indexes = new DerivedIndexes(data, config.hashCapacity(), o.store, o.digests, o.text);
      Files.writeString(data.resolve(OPEN_MARKER), "open\n");
      long from = Math.min(o.text.committedSequence(), o.log.appliedSequence());
      o.replayed = o.indexes.replay(o.log, from);
      o.log.markApplied(o.log.size());
      o.text.commit(o.log.size());
      o.indexes.loadKeywords();
      return new ExchangeDirectory(o);
    } catch (IOException e) {
      o.closeAll();
      throw new UncheckedIOException("cannot open the exchange in " + data, e);
    } catch (RuntimeException | Error e) {
      o.closeAll();
      throw e;
    }
  }

  /** The configured clock's time, to the millisecond (what records store). */
  Instant now() {
    return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  boolean isClosed() {
    return closed;
  }

  /** @throws IllegalStateException once the exchange is closed */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the exchange in " + dataDir + " is closed");
    }
  }

  /** Makes the text index's applied changes durable (the maintenance thread calls this). */
  void commitText() {
    synchronized (commitLock) {
      if (!closed) {
        indexes.text.commit(log.appliedSequence());
      }
    }
  }

  /** Writes every change to the device. Under the writer's lock. */
  void force() {
    checkOpen();
    commitText();
    indexes.force();
    allowLists.force();
    audit.force();
    log.force();
  }

  /** Commits the text index, closes everything and removes the open marker. Under the writer's lock. */
  void close() {
    if (closed) {
      return;
    }
    synchronized (commitLock) {
      indexes.text.commit(log.appliedSequence());
      closed = true;
    }
    try {
      indexes.close();
      opinions.close();
      allowLists.close();
      audit.close();
      indexes.text.close();
      indexes.digests.close();
      log.close();
      store.close();
      Files.deleteIfExists(dataDir.resolve(OPEN_MARKER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the exchange in " + dataDir, e);
    } finally {
      closeQuietly(lockChannel);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing on a failure path: the first error is the one to report
      }
    }
  }
}
