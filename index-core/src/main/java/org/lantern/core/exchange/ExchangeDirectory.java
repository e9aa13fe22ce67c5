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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.BrokenAuditLogException;
import org.lantern.core.audit.VerifyReport;
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
  final VisibilityHistory visibilityHistory;
  final DerivedIndexes indexes;
  /** True if this open recovered from an unclean stop. */
  final boolean recovered;
  /** Change-log entries re-applied on open. */
  final long replayed;
  /** What the operator should know from opening (a data directory that was readable by others). */
  final List<String> warnings;
  private final FileChannel lockChannel;
  private final Object commitLock = new Object();
  private volatile boolean closed;
  /** The followed exchange's URL when this is a read-only replica ({@link Exchange#refuseWrites}), else null. */
  volatile String readOnlyOf;
  private volatile long tightenedNanos = System.nanoTime(); // last PrivateFiles.tighten by commitText

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
    this.visibilityHistory = o.visibilityHistory;
    this.indexes = o.indexes;
    this.recovered = o.recovered;
    this.replayed = o.replayed;
    this.lockChannel = o.lockChannel;
    this.warnings = List.copyOf(o.warnings);
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
    VisibilityHistory visibilityHistory;
    DigestIndex digests;
    TextIndex text;
    DerivedIndexes indexes;
    boolean recovered;
    long replayed;
    List<String> warnings = List.of();

    void closeAll() {
      closeQuietly(indexes);
      closeQuietly(opinions);
      closeQuietly(audit);
      closeQuietly(allowLists);
      closeQuietly(visibilityHistory);
      closeQuietly(text);
      closeQuietly(digests);
      closeQuietly(log);
      closeQuietly(store);
      closeQuietly(lockChannel);
    }
  }

  /**
   * Opens (creating on first start, recovering after an unclean stop) the data directory of
   * {@code config}. The directory is made private to its owner ({@link PrivateFiles}); the audit
   * log is checked before it is opened for writing ({@link AuditLog#verifyAtOpen}), and after an
   * unclean stop the writes whose audit entry the crash lost are recorded ({@link AuditRecovery}).
   *
   * @param acceptBrokenAudit go on with a broken audit log, recording that in it
   * @throws BrokenAuditLogException if the audit log is broken and {@code acceptBrokenAudit} is false
   * @throws IllegalStateException if another process has it open, or if it holds signals but its
   *     secret is missing
   */
  static ExchangeDirectory open(ExchangeConfig config, boolean acceptBrokenAudit) {
    Opening o = new Opening();
    o.config = config;
    Path data = config.dataDir();
    try {
      o.warnings = PrivateFiles.create(data);
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
      VerifyReport auditCheck = AuditLog.verifyAtOpen(data.resolve(AuditLog.DIRECTORY_NAME));
      if (!auditCheck.intact() && !acceptBrokenAudit) {
        throw new BrokenAuditLogException(data.resolve(AuditLog.DIRECTORY_NAME), auditCheck);
      }
      o.audit = AuditLog.open(data.resolve(AuditLog.DIRECTORY_NAME), config.clock());
      if (!auditCheck.intact()) {
        String summary = auditCheck.summary().replace('\n', ' ').replace('\r', ' ');
        o.audit.append(AuditEvent.of(AuditLog.SYSTEM_PARTICIPANT, "audit_broken_accepted", List.of(), 0)
            .withDetail(summary.length() > 400 ? summary.substring(0, 400) + "..." : summary));
      }
      o.audit.recordVerifiedPoint();
      if (unclean) {
        AuditRecovery.recover(o.audit, o.log, o.store); // writes whose audit entry the crash lost
      }
      AuditRecovery.markAudited(o.audit.directory(), o.log.size());
      o.opinions = OpinionStore.open(data.resolve("opinions"), Math.max(1024, config.signalsPerGeneration() / 8), unclean);
      o.allowLists = AllowLists.open(data);
      o.visibilityHistory = VisibilityHistory.open(data);
      o.digests = DigestIndex.open(data.resolve("digests"), Math.max(1024, config.signalsPerGeneration() / 4), unclean);
      o.text = TextIndex.open(data.resolve("text"));
      o.indexes = new DerivedIndexes(data, config.hashCapacity(), o.store, o.digests, o.text);
      Files.writeString(data.resolve(OPEN_MARKER), "open\n");
      // A text index from before audiences and scopes were stored is rebuilt: every signal is applied again.
      long from = o.text.hasCurrentSchema() ? Math.min(o.text.committedSequence(), o.log.appliedSequence()) : 0;
      o.replayed = o.indexes.replay(o.log, from);
      o.log.markApplied(o.log.size());
      o.text.commit(o.log.size());
      o.indexes.loadKeywords();
      PrivateFiles.tighten(data); // files the libraries created with the umask
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

  /** @throws ReadOnlyExchangeException on a read-only replica, saying that {@code what} happens at its exchange */
  void refuseIfReadOnly(String what) {
    String primary = readOnlyOf;
    if (primary != null) {
      throw new ReadOnlyExchangeException(primary,
          "read-only replica of " + primary + ": " + what + " at the exchange there, not on a replica");
    }
  }

  /** @throws IllegalStateException once the exchange is closed */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the exchange in " + dataDir + " is closed");
    }
  }

  /**
   * Makes the text index's applied changes durable (the maintenance thread calls this), and every
   * few seconds narrows the modes of files the libraries created since ({@link PrivateFiles}).
   */
  void commitText() {
    synchronized (commitLock) {
      if (!closed) {
        indexes.text.commit(log.appliedSequence());
      }
    }
    if (System.nanoTime() - tightenedNanos > TimeUnit.SECONDS.toNanos(5)) {
      tightenedNanos = System.nanoTime();
      PrivateFiles.tighten(dataDir);
    }
  }

  /** Writes every change to the device. Under the writer's lock. */
  void force() {
    checkOpen();
    commitText();
    indexes.force();
    allowLists.force();
    visibilityHistory.force();
    audit.force();
    audit.recordVerifiedPoint();
    log.force();
    PrivateFiles.tighten(dataDir);
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
      visibilityHistory.close();
      AuditRecovery.markAudited(audit.directory(), log.size());
      audit.recordVerifiedPoint();
      audit.close();
      indexes.text.close();
      indexes.digests.close();
      log.close();
      store.close();
      Files.deleteIfExists(dataDir.resolve(OPEN_MARKER));
      PrivateFiles.tighten(dataDir);
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
