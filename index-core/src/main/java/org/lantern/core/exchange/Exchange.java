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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.BrokenAuditLogException;
import org.lantern.core.audit.VerifyReport;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;
import org.lantern.core.search.Match;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.Feedback;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.OpinionStore;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.DigestIndex;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.text.KeywordHit;
import org.lantern.core.text.TextIndex;

/**
 * The exchange: the one door through which every signal is written and looked up. The HTTP API,
 * the loaders and the command line all call this class; none of them touches a store or an index.
 *
 * <h2>Write path</h2>
 *
 * A batch is validated and canonicalised signal by signal (a bad signal is refused with its reason
 * and the others go on). For each accepted signal the id is derived from (type, canonical value,
 * contributor), the change is appended to the {@link ChangeLog}, then the record is written to the
 * {@link SignalStore}; when the whole batch is recorded the derived indexes are brought in line
 * and made visible, and only then does {@link #submit} return. Everything is memory-mapped or
 * re-derivable, so an acknowledged signal survives {@code kill -9} (not power loss: that needs
 * {@code fsync}, see {@link #force()}). On open after an unclean stop, the Chronicle maps are
 * recovered and the change log is re-applied from the last point every index had reached.
 *
 * <h2>Reads</h2>
 *
 * Lookups never take the write lock. A perceptual hit is accepted only if its signal's record
 * still names that index ordinal and is active, so an index entry left behind by a crash can never
 * surface as a match.
 *
 * <p>Thread-safety: thread-safe. Writes (submit, retract, expire) are serialized; lookups run
 * concurrently with them and with each other. One process at a time may open a data directory.
 */
public final class Exchange implements AutoCloseable {
  /** Carried by every match answer. */
  public static final String LEAD_NOTE = "A match is a lead for investigation, not evidence.";
  /** Most matches returned for one lookup value. */
  public static final int MAX_LIMIT = 1_000;

  private static final String LOCK_FILE = "exchange.lock";
  private static final String OPEN_MARKER = "exchange.open";

  private final ExchangeConfig config;
  private final Path dataDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SignalStore store;
  private final ChangeLog log;
  private final Participants participants;
  private final OpinionStore opinions;
  private final AuditLog audit;
  private final AllowLists allowLists;
  private final ProvenanceGraph provenance = new ProvenanceGraph();
  private final DerivedIndexes indexes;
  private final ThreadLocal<SignalIds> ids; // one Mac per thread: submits prepare outside the write lock
  private final FeedCursor feedCursors;
  private final SignalCanonicalizer canonicalizer;
  private final Categories categories;
  private final PriorityQueue<Expiring> expiring; // guarded by writeLock
  private final Object writeLock = new Object();
  private final Object commitLock = new Object();
  private final ScheduledExecutorService maintenance;
  private final boolean recovered;
  private final long replayed;
  private final List<String> warnings;
  private volatile long tightenedNanos = System.nanoTime(); // last PrivateFiles.tighten by the maintenance thread
  private volatile boolean closed;

  /** A signal with an expiry time, in the sweep's queue. Stale entries are skipped when popped. */
  private record Expiring(long expiresMillis, String id) {}

  private Exchange(Builder b) {
    this.config = b.config;
    this.dataDir = b.config.dataDir();
    this.lockChannel = b.lockChannel;
    this.lock = b.lock;
    this.store = b.store;
    this.log = b.log;
    this.participants = b.participants;
    this.opinions = b.opinions;
    this.audit = b.audit;
    this.allowLists = b.allowLists;
    this.indexes = b.indexes;
    this.ids = SignalIds.threadLocal(b.secret);
    this.feedCursors = new FeedCursor(b.secret);
    this.canonicalizer = new SignalCanonicalizer(new AccountKeys(b.secret));
    this.categories = new Categories(config.extraCategories());
    this.expiring = new PriorityQueue<>(Comparator.comparingLong(Expiring::expiresMillis));
    this.recovered = b.recovered;
    this.replayed = b.replayed;
    this.warnings = List.copyOf(b.warnings);
    store.forEach(
        stored -> {
          Signal s = stored.signal();
          Instant retire = retirement(s);
          if (s.isActive() && retire != null) {
            expiring.add(new Expiring(retire.toEpochMilli(), s.id()));
          }
          provenance.link(null, s);
        });
    this.maintenance = startMaintenance();
  }

  /** The parts {@link #open} assembles before the constructor takes ownership. */
  private static final class Builder {
    ExchangeConfig config;
    FileChannel lockChannel;
    FileLock lock;
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
    List<String> warnings = List.of();

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
   * Opens the exchange in the configured data directory, creating it on first start (with a new
   * secret unless the configuration gives one), and recovering it after an unclean stop.
   *
   * @throws IllegalStateException if another process has it open, or if it holds signals but its
   *     secret is missing
   */
  public static Exchange open(ExchangeConfig config) {
    return open(config, false);
  }

  /**
   * As {@link #open(ExchangeConfig)}; the audit log is checked first ({@link
   * AuditLog#verifyAtOpen}: the whole chain and the last verified point).
   *
   * @param acceptBrokenAudit go on with a broken audit log, recording that in it ({@code
   *     audit_broken_accepted} with the check's summary); false refuses to open
   * @throws BrokenAuditLogException if the audit log is broken and {@code acceptBrokenAudit} is false
   */
  public static Exchange open(ExchangeConfig config, boolean acceptBrokenAudit) {
    Builder b = new Builder();
    b.config = config;
    Path data = config.dataDir();
    try {
      b.warnings = PrivateFiles.create(data);
      b.lockChannel = FileChannel.open(data.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        b.lock = b.lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        b.lock = null;
      }
      if (b.lock == null) {
        throw new IllegalStateException(data + " is already open by another exchange (this or another process)");
      }
      boolean unclean = Files.exists(data.resolve(OPEN_MARKER));
      b.recovered = unclean;
      if (config.secret() != null) {
        b.secret = config.secret();
      } else {
        if (!ExchangeSecret.exists(data) && Files.exists(data.resolve("changes.log"))) {
          throw new IllegalStateException(
              data + " holds signals but its secret (" + ExchangeSecret.FILE + ") is missing: restore it from backup;"
                  + " without it no id or account key can be reproduced");
        }
        b.secret = ExchangeSecret.loadOrCreate(data);
      }
      b.participants = Participants.open(data, config.clock());
      b.store = SignalStore.open(data.resolve("signals"), config.signalsPerGeneration(), unclean);
      b.log = ChangeLog.open(data.resolve("changes.log"));
      VerifyReport auditCheck = AuditLog.verifyAtOpen(data.resolve(AuditLog.DIRECTORY_NAME));
      if (!auditCheck.intact() && !acceptBrokenAudit) {
        throw new BrokenAuditLogException(data.resolve(AuditLog.DIRECTORY_NAME), auditCheck);
      }
      b.audit = AuditLog.open(data.resolve(AuditLog.DIRECTORY_NAME), config.clock());
      if (!auditCheck.intact()) {
        String summary = auditCheck.summary().replace('\n', ' ').replace('\r', ' ');
        b.audit.append(AuditEvent.of(AuditLog.SYSTEM_PARTICIPANT, "audit_broken_accepted", List.of(), 0)
            .withDetail(summary.length() > 400 ? summary.substring(0, 400) + "..." : summary));
      }
      b.audit.recordVerifiedPoint();
      if (unclean) {
        AuditRecovery.recover(b.audit, b.log, b.store); // writes whose audit entry the crash lost
      }
      AuditRecovery.markAudited(b.audit.directory(), b.log.size());
      b.opinions = OpinionStore.open(data.resolve("opinions"), Math.max(1024, config.signalsPerGeneration() / 8), unclean);
      b.allowLists = AllowLists.open(data);
      b.digests = DigestIndex.open(data.resolve("digests"), Math.max(1024, config.signalsPerGeneration() / 4), unclean);
      b.text = TextIndex.open(data.resolve("text"));
      b.indexes = new DerivedIndexes(data, config.hashCapacity(), b.store, b.digests, b.text);
      Files.writeString(data.resolve(OPEN_MARKER), "open\n");
      long from = Math.min(b.text.committedSequence(), b.log.appliedSequence());
      b.replayed = b.indexes.replay(b.log, from);
      b.log.markApplied(b.log.size());
      b.text.commit(b.log.size());
      b.indexes.loadKeywords();
      PrivateFiles.tighten(data); // files the libraries created with the umask
      return new Exchange(b);
    } catch (IOException e) {
      b.closeAll();
      throw new UncheckedIOException("cannot open the exchange in " + data, e);
    } catch (RuntimeException | Error e) {
      b.closeAll();
      throw e;
    }
  }

  private ScheduledExecutorService startMaintenance() {
    long sweep = config.expirySweepInterval().toMillis();
    long commit = config.commitInterval().toMillis();
    if (sweep <= 0 && commit <= 0) {
      return null;
    }
    ScheduledExecutorService service =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lantern-exchange-maintenance");
              t.setDaemon(true);
              return t;
            });
    if (sweep > 0) {
      service.scheduleWithFixedDelay(this::sweepQuietly, sweep, sweep, TimeUnit.MILLISECONDS);
    }
    if (commit > 0) {
      service.scheduleWithFixedDelay(this::commitQuietly, commit, commit, TimeUnit.MILLISECONDS);
    }
    return service;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /**
   * Submits a batch of signals contributed by {@code caller}. Each signal is accepted or refused
   * on its own; accepted ones are durable and visible to every lookup when this returns.
   *
   * @return one result per submission, in order
   * @throws AccessDeniedException if the caller is not an active contributor
   */
  public List<SubmitResult> submit(Caller caller, List<SignalSubmission> batch) {
    return submit(prepare(caller, batch));
  }

  /**
   * Does the part of a submit that needs no lock: validation, canonicalisation and the ids'
   * HMACs. A signal derived from others is left for {@link #submit(PreparedBatch)}, which
   * prepares it in batch order, because its parents may be earlier signals of the same batch.
   *
   * @throws AccessDeniedException if the caller is not an active contributor
   */
  public PreparedBatch prepare(Caller caller, List<SignalSubmission> batch) {
    authorize(caller, Role.CONTRIBUTOR);
    Objects.requireNonNull(batch, "batch");
    List<SignalSubmission> copy = java.util.Collections.unmodifiableList(new ArrayList<>(batch));
    return new PreparedBatch(caller, copy, prepareAll(caller, copy, now()));
  }

  /**
   * Writes a prepared batch: as {@link #submit(Caller, List)}, whose second half this is.
   *
   * @throws AccessDeniedException if the caller is no longer an active contributor
   */
  public List<SubmitResult> submit(PreparedBatch preparedBatch) {
    Caller caller = preparedBatch.caller;
    authorize(caller, Role.CONTRIBUTOR);
    String contributor = caller.participant();
    List<SignalSubmission> batch = preparedBatch.submissions;
    Object[] prepared = preparedBatch.prepared;
    List<SubmitResult> results = new ArrayList<>(batch.size());
    long firstChange;
    long lastChange;
    synchronized (writeLock) {
      checkOpen();
      firstChange = log.size() + 1;
      Instant now = now();
      List<String> changed = new ArrayList<>(batch.size());
      NewHashes newHashes = new NewHashes(indexes);
      for (int i = 0; i < batch.size(); i++) {
        try {
          Signal signal = prepared[i] instanceof Signal ready ? ready : prepared(prepared[i], caller, batch.get(i), now);
          byte[] binaryId = SignalIds.decode(signal.id());
          StoredSignal existing = store.get(binaryId);
          if (existing == null) {
            if (signal.type().family() == SignalType.Family.PERCEPTUAL) {
              // Written once, with the ordinal its hash gets when the batch's hashes are appended.
              writeNew(new StoredSignal(signal, newHashes.reserve(signal, binaryId)), binaryId);
            } else {
              writeNew(new StoredSignal(signal, -1), binaryId);
              changed.add(signal.id());
            }
            provenance.link(null, signal);
            results.add(new SubmitResult(i, signal.id(), SubmitResult.Outcome.CREATED, null));
          } else if (sameContent(existing.signal(), signal)) {
            results.add(new SubmitResult(i, signal.id(), SubmitResult.Outcome.UNCHANGED, null));
          } else {
            Signal old = existing.signal();
            Signal updated =
                new Signal(
                    old.id(), old.type(), old.value(), old.contributor(), signal.categories(), signal.note(),
                    old.created(), now, signal.expires(), SignalStatus.ACTIVE, signal.derivedFrom(),
                    signal.visibility(), 0);
            write(new StoredSignal(updated, existing.ordinal()));
            provenance.link(old, updated);
            changed.add(signal.id());
            results.add(new SubmitResult(i, signal.id(), SubmitResult.Outcome.UPDATED, null));
          }
          Instant retire = retirement(signal);
          if (retire != null && results.get(i).outcome() != SubmitResult.Outcome.UNCHANGED) {
            expiring.add(new Expiring(retire.toEpochMilli(), signal.id()));
          }
        } catch (SignalRejectedException e) {
          results.add(new SubmitResult(i, null, SubmitResult.Outcome.REJECTED, e));
        }
      }
      // Before publish: a later update in this batch of a signal created in it finds its hash there.
      boolean appended = newHashes.appendAll();
      publish(changed, appended);
      lastChange = log.size();
    }
    int[] outcomes = new int[SubmitResult.Outcome.values().length];
    java.util.TreeSet<String> types = new java.util.TreeSet<>();
    List<String> written = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      SubmitResult r = results.get(i);
      outcomes[r.outcome().ordinal()]++;
      types.add(typeLabel(batch.get(i)));
      if (r.outcome() == SubmitResult.Outcome.CREATED || r.outcome() == SubmitResult.Outcome.UPDATED) {
        written.add(r.id());
      }
    }
    audit(new AuditEvent(contributor, "submit", List.copyOf(types), batch.size(), 0, written,
        "created " + outcomes[0] + ", updated " + outcomes[1] + ", unchanged " + outcomes[2] + ", rejected " + outcomes[3]
            + withRange(firstChange, lastChange)));
    return results;
  }

  /** A submission's type for the audit log: its label if known, else "unknown" (never the client's text). */
  private static String typeLabel(SignalSubmission submission) {
    try {
      return submission == null ? "unknown" : SignalType.fromLabel(submission.type()).label();
    } catch (SignalRejectedException e) {
      return "unknown";
    }
  }

  /** {@code ", changes A-B"} for a write's audit detail, or nothing when it changed nothing. */
  private static String withRange(long first, long last) {
    return last < first ? "" : ", " + AuditRecovery.range(first, last);
  }

  /** Appends to the audit log; the operation has happened, so a failing log must not hide it. */
  private void audit(AuditEvent event) {
    audit.append(event);
  }

  private void auditRejected(Caller caller, String operation, SignalType type, SignalRejectedException e) {
    audit(AuditEvent.of(caller.participant(), operation, List.of(type.label()), 1).withDetail("rejected: " + e.code()));
  }

  private void auditLookup(Caller caller, String operation, SignalType type, int queries, List<SignalMatch> matches) {
    List<String> ids = new ArrayList<>(matches.size());
    for (SignalMatch m : matches) {
      ids.add(m.signal().id());
    }
    audit(AuditEvent.lookup(caller.participant(), operation, List.of(type.label()), queries, ids));
  }

  /**
   * Retracts signal {@code id} on behalf of {@code caller}, who must be its contributor or an
   * admin. The signal stays in the store, no longer matched.
   *
   * @return the signal as it is now
   * @throws SignalRejectedException {@code not_found} if there is no such signal the caller may see
   * @throws AccessDeniedException if the caller did not contribute it
   */
  public Signal retract(Caller caller, String id) {
    authorize(caller, Role.CONTRIBUTOR);
    synchronized (writeLock) {
      checkOpen();
      StoredSignal stored = store.get(id);
      if (stored == null || !visible(caller, stored.signal())) {
        throw notFound(id);
      }
      Signal signal = stored.signal();
      if (!signal.contributor().equals(caller.participant()) && !caller.isAdmin()) {
        throw new AccessDeniedException(
            "signal " + id + " was contributed by another participant; only its contributor may retract it");
      }
      if (signal.status() == SignalStatus.RETRACTED) {
        return signal;
      }
      Signal retracted = write(new StoredSignal(signal.withStatus(SignalStatus.RETRACTED, now(), 0), stored.ordinal()));
      publish(List.of(id));
      audit(new AuditEvent(caller.participant(), "retract", List.of(signal.type().label()), 1, 0, List.of(id),
          AuditRecovery.range(retracted.sequence(), retracted.sequence())));
      return view(caller, retracted);
    }
  }

  /**
   * Retracts, by value, signals that {@code caller} contributed: what a bulk feed's deletion
   * records ask for (an NCMEC {@code <deletedImage>}), where the source knows the hash, not
   * Lantern's id. Only {@code type} and {@code value} of each submission are read.
   *
   * @return one result per submission, in order: {@code updated} when retracted now, {@code
   *     unchanged} when already retracted or never contributed by the caller, {@code rejected}
   *     for an invalid type or value
   */
  public List<SubmitResult> retractValues(Caller caller, List<SignalSubmission> batch) {
    authorize(caller, Role.CONTRIBUTOR);
    Objects.requireNonNull(batch, "batch");
    List<SubmitResult> results = new ArrayList<>(batch.size());
    List<String> retracted = new ArrayList<>();
    java.util.TreeSet<String> types = new java.util.TreeSet<>();
    long firstChange;
    long lastChange;
    synchronized (writeLock) {
      checkOpen();
      firstChange = log.size() + 1;
      Instant now = now();
      for (int i = 0; i < batch.size(); i++) {
        try {
          SignalSubmission submission = batch.get(i);
          if (submission == null) {
            throw new SignalRejectedException("invalid_signal", "signal", "the signal is empty");
          }
          SignalType type = SignalType.fromLabel(submission.type());
          types.add(type.label());
          String value = canonicalizer.canonical(type, submission.value());
          String id = SignalIds.encode(ids.get().derive(type, value, caller.participant()));
          StoredSignal stored = store.get(id);
          if (stored == null || stored.signal().status() == SignalStatus.RETRACTED) {
            results.add(new SubmitResult(i, stored == null ? null : id, SubmitResult.Outcome.UNCHANGED, null));
            continue;
          }
          write(new StoredSignal(stored.signal().withStatus(SignalStatus.RETRACTED, now, 0), stored.ordinal()));
          retracted.add(id);
          results.add(new SubmitResult(i, id, SubmitResult.Outcome.UPDATED, null));
        } catch (SignalRejectedException e) {
          results.add(new SubmitResult(i, null, SubmitResult.Outcome.REJECTED, e));
        }
      }
      publish(retracted);
      lastChange = log.size();
    }
    audit(new AuditEvent(caller.participant(), "retract", List.copyOf(types), batch.size(), 0, retracted,
        "retracted " + retracted.size() + " of " + batch.size() + " by value" + withRange(firstChange, lastChange)));
    return results;
  }

  /**
   * Retires every active signal whose {@code expires} has passed (the background sweep calls
   * this too).
   *
   * @return how many were retired
   */
  public int expireDue() {
    synchronized (writeLock) {
      checkOpen();
      Instant now = now();
      long firstChange = log.size() + 1;
      List<String> changed = new ArrayList<>();
      while (!expiring.isEmpty() && expiring.peek().expiresMillis() <= now.toEpochMilli()) {
        Expiring due = expiring.poll();
        StoredSignal stored = store.get(due.id());
        if (stored == null) {
          continue;
        }
        Signal signal = stored.signal();
        // The queue may hold an older expiry of a signal that was since updated: check the record.
        Instant retire = retirement(signal);
        if (signal.isActive() && retire != null && !retire.isAfter(now)) {
          write(new StoredSignal(signal.withStatus(SignalStatus.EXPIRED, now, 0), stored.ordinal()));
          changed.add(signal.id());
        }
      }
      publish(changed);
      if (!changed.isEmpty()) {
        audit(new AuditEvent(AuditLog.SYSTEM_PARTICIPANT, "expire", List.of(), changed.size(), 0, changed,
            AuditRecovery.range(firstChange, log.size())));
      }
      return changed.size();
    }
  }

  /** Logs the change, then writes the record with its new sequence number. Writer only. */
  private Signal write(StoredSignal stored) {
    return write(stored, SignalIds.decode(stored.signal().id()));
  }

  /** As {@link #write(StoredSignal)}, with the id already decoded. Writer only. */
  private Signal write(StoredSignal stored, byte[] binaryId) {
    return write(stored, binaryId, false);
  }

  /** As {@link #write(StoredSignal, byte[])} for a signal just found absent from the store. Writer only. */
  private Signal writeNew(StoredSignal stored, byte[] binaryId) {
    return write(stored, binaryId, true);
  }

  private Signal write(StoredSignal stored, byte[] binaryId, boolean absent) {
    Signal s = stored.signal();
    long seq = log.append(binaryId);
    Signal sequenced =
        new Signal(
            s.id(), s.type(), s.value(), s.contributor(), s.categories(), s.note(), s.created(),
            s.updated(), s.expires(), s.status(), s.derivedFrom(), s.visibility(), seq);
    if (absent) {
      store.putNew(new StoredSignal(sequenced, stored.ordinal()), binaryId);
    } else {
      store.put(new StoredSignal(sequenced, stored.ordinal()), binaryId);
    }
    return sequenced;
  }

  /** Brings the indexes in line with the changed records and marks the log applied. Writer only. */
  private void publish(List<String> changed) {
    publish(changed, false);
  }

  /**
   * As {@link #publish(List)}; {@code indexedAlready} says that records were written whose
   * indexes are already up to date (new perceptual hashes), so the log must be marked applied
   * even if {@code changed} is empty.
   */
  private void publish(List<String> changed, boolean indexedAlready) {
    if (!changed.isEmpty()) {
      indexes.apply(changed, false);
    } else if (!indexedAlready) {
      return;
    }
    log.markApplied(log.size());
  }

  /**
   * Prepares every submission that can be prepared before the write lock: a {@link Signal}, a
   * {@link SignalRejectedException}, or {@code null} for one derived from others (prepared later).
   */
  private Object[] prepareAll(Caller caller, List<SignalSubmission> batch, Instant now) {
    Object[] prepared = new Object[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      SignalSubmission submission = batch.get(i);
      if (submission != null && submission.derivedFrom() != null && !submission.derivedFrom().isEmpty()) {
        continue;
      }
      try {
        prepared[i] = prepare(caller, submission, now);
      } catch (SignalRejectedException e) {
        prepared[i] = e;
      }
    }
    return prepared;
  }

  /** The signal {@link #prepareAll} left for the write lock, or its rejection rethrown. */
  private Signal prepared(Object early, Caller caller, SignalSubmission submission, Instant now) {
    if (early instanceof SignalRejectedException e) {
      throw e;
    }
    return prepare(caller, submission, now);
  }

  private Signal prepare(Caller caller, SignalSubmission submission, Instant now) {
    String contributor = caller.participant();
    if (submission == null) {
      throw new SignalRejectedException("invalid_signal", "signal", "the signal is empty");
    }
    SignalType type = SignalType.fromLabel(submission.type());
    FreeText.checkValue(type, submission.value());
    String value = canonicalizer.canonical(type, submission.value());
    List<String> cats = categories.canonical(submission.categories());
    String note = submission.note() == null ? "" : submission.note().strip();
    FreeText.checkNote("note", note);
    if (note.length() > config.maxNoteLength()) {
      throw new SignalRejectedException(
          "note_too_long", "note", "the note has " + note.length() + " characters; at most " + config.maxNoteLength() + " are accepted");
    }
    Instant expires = submission.expires() == null ? null : submission.expires().truncatedTo(ChronoUnit.MILLIS);
    if (expires != null && !expires.isAfter(now)) {
      throw new SignalRejectedException(
          "invalid_expires", "expires", "expires " + submission.expires() + " is not in the future (now " + now + ")");
    }
    String id = SignalIds.encode(ids.get().derive(type, value, contributor));
    List<String> derivedFrom = new ArrayList<>();
    List<String> given = submission.derivedFrom() == null ? List.of() : submission.derivedFrom();
    for (int i = 0; i < given.size(); i++) {
      String parent = given.get(i);
      StoredSignal parentSignal = parent == null ? null : store.get(parent.trim());
      if (parentSignal == null || !visible(caller, parentSignal.signal())) {
        throw new SignalRejectedException(
            "unknown_signal", "derived_from[" + i + "]", "derived_from[" + i + "] '" + parent + "' is not the id of a signal in this exchange");
      }
      String p = parent.trim();
      if (!p.equals(id) && !derivedFrom.contains(p)) {
        derivedFrom.add(p);
      }
    }
    List<String> visibility = Recipients.check(participants, submission.visibility());
    return new Signal(
        id, type, value, contributor, cats, note, now, now, expires, SignalStatus.ACTIVE, derivedFrom, visibility, 0);
  }

  private static boolean sameContent(Signal a, Signal b) {
    return a.isActive()
        && a.categories().equals(b.categories())
        && a.note().equals(b.note())
        && Objects.equals(a.expires(), b.expires())
        && a.derivedFrom().equals(b.derivedFrom())
        && a.visibility().equals(b.visibility());
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** The data directory this exchange keeps its files in. */
  public Path dataDir() {
    return dataDir;
  }

  /** The signal with this id, whatever its status, if the caller may see it. */
  public Optional<Signal> get(Caller caller, String id) {
    authorize(caller, null);
    StoredSignal stored = store.get(id);
    boolean found = stored != null && visible(caller, stored.signal());
    audit(new AuditEvent(caller.participant(), "get", found ? List.of(stored.signal().type().label()) : List.of(), 1,
        found ? 1 : 0, found ? List.of(stored.signal().id()) : List.of(), null));
    return found ? Optional.of(view(caller, stored.signal())) : Optional.empty();
  }

  /**
   * Looks one value up by its type: nearest hashes within {@code maxDistance} for perceptual
   * types (ignored for the others), the exact digest, account or keyword, or the URL matches.
   *
   * @throws SignalRejectedException if the value is not a valid {@code type} value, or a limit is
   *     out of range
   */
  public Matches match(Caller caller, SignalType type, String value, int maxDistance, int limit) {
    return switch (type.family()) {
      case PERCEPTUAL -> matchHash(caller, type, value, maxDistance, limit);
      case URL -> matchUrl(caller, value, limit);
      case DIGEST, ACCOUNT, KEYWORD -> matchExact(caller, type, value, limit);
    };
  }

  /** Perceptual hashes within {@code maxDistance} of {@code hex}, nearest first, at most {@code limit}. */
  public Matches matchHash(Caller caller, SignalType type, String hex, int maxDistance, int limit) {
    int bits = checkHashQuery(type, maxDistance, limit);
    String canonical;
    try {
      canonical = canonicalizer.canonical(type, hex);
    } catch (SignalRejectedException e) {
      auditRejected(caller, "match_hashes", type, e);
      throw e;
    }
    Matches found = findHashes(caller, type, Hash.parseHex(canonical, bits), maxDistance, limit);
    auditLookup(caller, "match_hashes", type, 1, found.matches());
    return new Matches(hex, canonical, found.matches(), found.suppressed());
  }

  /**
   * Several perceptual hashes at once, one answer each, in order; recorded in the audit log as one
   * lookup of {@code hexes.size()} queries.
   *
   * @throws SignalRejectedException for the first bad hash, with its index in the field
   *     ({@code hashes[3]}); nothing is looked up then
   */
  public List<Matches> matchHashes(Caller caller, SignalType type, List<String> hexes, int maxDistance, int limit) {
    authorize(caller, null);
    int bits = checkHashQuery(type, maxDistance, limit);
    List<String> canonical = new ArrayList<>(hexes.size());
    for (int i = 0; i < hexes.size(); i++) {
      try {
        canonical.add(canonicalizer.canonical(type, hexes.get(i)));
      } catch (SignalRejectedException e) {
        auditRejected(caller, "match_hashes", type, e);
        throw new SignalRejectedException(e.code(), "hashes[" + i + "]", e.getMessage());
      }
    }
    List<Matches> out = new ArrayList<>(hexes.size());
    List<SignalMatch> all = new ArrayList<>();
    for (int i = 0; i < hexes.size(); i++) {
      Matches found = findHashes(caller, type, Hash.parseHex(canonical.get(i), bits), maxDistance, limit);
      out.add(new Matches(hexes.get(i), canonical.get(i), found.matches(), found.suppressed()));
      all.addAll(found.matches());
    }
    auditLookup(caller, "match_hashes", type, hexes.size(), all);
    return out;
  }

  /**
   * As {@link #matchHash(Caller, SignalType, String, int, int)} for a parsed hash (the hot path).
   * Hits the caller may not see, or has allow-listed, are dropped after the search; if that leaves
   * fewer than {@code limit}, the search is repeated for more (k-NN cannot know them in advance).
   */
  public Matches matchHash(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    Matches found = findHashes(caller, type, query, maxDistance, limit);
    auditLookup(caller, "match_hashes", type, 1, found.matches());
    return found;
  }

  private Matches findHashes(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    authorize(caller, null);
    PerceptualIndex index = indexes.perceptual(type.hashType());
    if (index == null) {
      return new Matches(query.toHex(), query.toHex(), List.of(), 0);
    }
    for (int k = limit; ; k = (int) Math.min((long) k * 4, Integer.MAX_VALUE)) {
      List<Match> hits = index.search(query, k, maxDistance).matches();
      List<SignalMatch> out = new ArrayList<>(Math.min(hits.size(), limit));
      int[] suppressed = {0};
      for (Match match : hits) {
        StoredSignal stored = store.get(index.idAt(match.id()));
        if (stored != null && stored.ordinal() == match.id()) {
          addVisible(caller, out, stored, MatchKind.NEAR, match.distance(), limit, suppressed);
          if (out.size() == limit) {
            break;
          }
        }
      }
      if (out.size() == limit || hits.size() < k || k == Integer.MAX_VALUE) {
        return new Matches(query.toHex(), query.toHex(), out, suppressed[0]);
      }
    }
  }

  /** Signals whose canonical value equals {@code value}'s (digests, accounts, keywords). */
  public Matches matchExact(Caller caller, SignalType type, String value, int limit) {
    authorize(caller, null);
    checkLimit(limit);
    if (type.family() == SignalType.Family.PERCEPTUAL) {
      return matchHash(caller, type, value, 0, limit);
    }
    if (type.family() == SignalType.Family.URL) {
      return matchUrl(caller, value, limit);
    }
    String canonical;
    try {
      canonical = canonicalizer.canonical(type, value);
    } catch (SignalRejectedException e) {
      auditRejected(caller, "match_exact", type, e);
      throw e;
    }
    List<SignalMatch> out = new ArrayList<>();
    int[] suppressed = {0};
    List<byte[]> ids =
        type.family() == SignalType.Family.DIGEST
            ? indexes.digests.find(type, canonical)
            : indexes.text.idsWithValue(type.label(), canonical, Integer.MAX_VALUE);
    for (byte[] id : ids) {
      addVisible(caller, out, store.get(id), MatchKind.EXACT, 0, limit, suppressed);
    }
    // Account queries answer with the key, never echoing the clear identifier.
    String query = type.family() == SignalType.Family.ACCOUNT ? canonical : value;
    auditLookup(caller, "match_exact", type, 1, out);
    return new Matches(query, canonical, out, suppressed[0]);
  }

  /** URL signals related to {@code url}: exact, then same host + path prefix, then same host. */
  public Matches matchUrl(Caller caller, String url, int limit) {
    authorize(caller, null);
    checkLimit(limit);
    CanonicalUrl canonical;
    try {
      canonical = UrlCanonicalizer.canonicalize(url);
    } catch (SignalRejectedException e) {
      auditRejected(caller, "match_urls", SignalType.URL, e);
      throw e;
    }
    List<SignalMatch> out = new ArrayList<>();
    int[] suppressed = {0};
    // Ask the index for more than the limit: hits the caller may not see are dropped here.
    int ask = caller.isAdmin() ? limit : Math.min(MAX_LIMIT * 4, limit * 4 + 16);
    for (TextIndex.UrlHit hit :
        indexes.text.matchUrl(
            SignalType.URL.label(), DerivedIndexes.exactUrlKey(canonical), canonical.pathPrefixes(), canonical.hostKey(), ask)) {
      MatchKind kind =
          switch (hit.kind()) {
            case EXACT -> MatchKind.EXACT;
            case PREFIX -> MatchKind.PREFIX;
            case HOST -> MatchKind.HOST;
          };
      addVisible(caller, out, store.get(hit.id()), kind, kind == MatchKind.EXACT ? 0 : -1, limit, suppressed);
    }
    auditLookup(caller, "match_urls", SignalType.URL, 1, out);
    return new Matches(url, canonical.url(), out, suppressed[0]);
  }

  /** The keyword signals occurring in {@code text}, with their offsets in it. */
  public TextScan scanText(Caller caller, String text) {
    authorize(caller, null);
    if (text == null) {
      throw new SignalRejectedException("empty_value", "text", "no text to scan");
    }
    List<TextHit> hits = new ArrayList<>();
    int suppressed = 0;
    for (KeywordHit hit : indexes.keywords.scan(text)) {
      StoredSignal stored = store.get(hit.id());
      if (stored != null && stored.signal().isActive() && visible(caller, stored.signal())) {
        if (allowLists.suppresses(caller.participant(), stored.signal())) {
          suppressed++;
        } else {
          hits.add(new TextHit(stored.signal(), hit.start(), hit.end()));
        }
      }
    }
    List<String> ids = new ArrayList<>(hits.size());
    for (TextHit h : hits) {
      ids.add(h.signal().id());
    }
    audit(AuditEvent.lookup(caller.participant(), "scan_text", List.of(SignalType.KEYWORD.label()), 1, ids));
    return new TextScan(hits, suppressed, LEAD_NOTE);
  }

  /** Adds an active, visible, not allow-listed signal to a lookup's answer (up to {@code limit}). */
  private void addVisible(
      Caller caller, List<SignalMatch> out, StoredSignal stored, MatchKind kind, int distance, int limit, int[] suppressed) {
    if (stored == null || out.size() >= limit) {
      return;
    }
    Signal signal = stored.signal();
    if (!signal.isActive() || !visible(caller, signal)) {
      return;
    }
    if (allowLists.suppresses(caller.participant(), signal)) {
      suppressed[0]++;
      return;
    }
    out.add(new SignalMatch(signal, kind, distance, opinions.summary(signal.id(), caller.participant())));
  }

  /** Checks a perceptual lookup's type, radius and limit; returns the type's width in bits. */
  private static int checkHashQuery(SignalType type, int maxDistance, int limit) {
    if (type.family() != SignalType.Family.PERCEPTUAL) {
      throw new SignalRejectedException("invalid_type", "type", type.label() + " is not a perceptual hash type");
    }
    checkLimit(limit);
    int bits = type.hashType().bits();
    if (maxDistance < 0 || maxDistance > bits) {
      throw new SignalRejectedException(
          "invalid_max_distance", "max_distance", "max_distance must be in 0.." + bits + " for " + type.label() + ", got " + maxDistance);
    }
    return bits;
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new SignalRejectedException("invalid_limit", "limit", "limit must be in 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Feedback, allow-lists, provenance, feed, statistics

  /**
   * Records {@code caller}'s opinion on a signal it may see (one per participant and signal; a new
   * one replaces the old).
   *
   * @return the signal's feedback now
   */
  public Opinions setOpinion(Caller caller, String id, Opinion opinion, String note) {
    authorize(caller, null);
    Objects.requireNonNull(opinion, "opinion");
    String text = note == null ? "" : note.strip();
    if (text.length() > config.maxNoteLength()) {
      throw new SignalRejectedException(
          "note_too_long", "note", "the note has " + text.length() + " characters; at most " + config.maxNoteLength() + " are accepted");
    }
    FreeText.checkNote("note", text);
    synchronized (writeLock) {
      checkOpen();
      StoredSignal stored = store.get(id);
      if (stored == null || !visible(caller, stored.signal())) {
        throw notFound(id);
      }
      opinions.put(new Feedback(stored.signal().id(), caller.participant(), opinion, text, now()));
      audit(new AuditEvent(caller.participant(), "opinion", List.of(stored.signal().type().label()), 1, 0,
          List.of(stored.signal().id()), opinion.label()));
      return opinions.summary(stored.signal().id(), caller.participant());
    }
  }

  /** The feedback on one signal the caller may see, with its own opinion. */
  public Opinions opinions(Caller caller, String id) {
    authorize(caller, null);
    StoredSignal stored = store.get(id);
    if (stored == null || !visible(caller, stored.signal())) {
      throw notFound(id);
    }
    return opinions.summary(stored.signal().id(), caller.participant());
  }

  /**
   * The opinions others gave on the caller's own signals (all signals, for admins), newest first,
   * at most {@code limit}: how a contributor learns whether its signals helped.
   */
  public List<Feedback> feedback(Caller caller, int limit) {
    authorize(caller, null);
    checkLimit(limit);
    List<Feedback> out = new ArrayList<>();
    opinions.forEach(
        list -> {
          if (list.isEmpty()) {
            return;
          }
          StoredSignal stored = store.get(list.get(0).signalId());
          if (stored != null && (caller.isAdmin() || stored.signal().contributor().equals(caller.participant()))) {
            out.addAll(list);
          }
        });
    out.sort(Comparator.comparing(Feedback::time).reversed().thenComparing(Feedback::signalId));
    audit(new AuditEvent(caller.participant(), "feedback", List.of(), 1, Math.min(out.size(), limit), List.of(), null));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /**
   * Marks a value known-benign for the caller: later matches against it are suppressed for the
   * caller only (and counted as suppressed).
   */
  public AllowEntry allow(Caller caller, SignalType type, String value, String note) {
    authorize(caller, null);
    FreeText.checkValue(type, value);
    String canonical = canonicalizer.canonical(type, value);
    String text = note == null ? "" : note.strip();
    FreeText.checkNote("note", text);
    if (text.length() > config.maxNoteLength()) {
      throw new SignalRejectedException("note_too_long", "note", "the note is longer than " + config.maxNoteLength() + " characters");
    }
    AllowEntry entry = new AllowEntry(type, canonical, text, now());
    allowLists.add(caller.participant(), entry);
    audit(AuditEvent.of(caller.participant(), "allowlist_add", List.of(type.label()), 1));
    return entry;
  }

  /** Takes a value off the caller's allow-list; false if it was not on it. */
  public boolean disallow(Caller caller, SignalType type, String value) {
    authorize(caller, null);
    boolean removed = allowLists.remove(caller.participant(), type, canonicalizer.canonical(type, value));
    audit(AuditEvent.of(caller.participant(), "allowlist_remove", List.of(type.label()), 1));
    return removed;
  }

  /** The caller's allow-list. */
  public List<AllowEntry> allowList(Caller caller) {
    authorize(caller, null);
    return allowLists.list(caller.participant());
  }

  /** Where a signal came from and what it led to, as far as the caller may see. */
  public Provenance provenance(Caller caller, String id) {
    authorize(caller, null);
    StoredSignal root = store.get(id);
    if (root == null || !visible(caller, root.signal())) {
      throw notFound(id);
    }
    List<Signal> ancestors = new ArrayList<>();
    List<Signal> descendants = new ArrayList<>();
    Function<String, Signal> lookup = x -> {
      StoredSignal stored = store.get(x);
      return stored == null ? null : stored.signal();
    };
    // The walks also count the hidden steps; those counts are not shown (they would tell of them).
    provenance.walk(root.signal(), true, lookup, s -> visible(caller, s), ancestors);
    provenance.walk(root.signal(), false, lookup, s -> visible(caller, s), descendants);
    List<String> shown = new ArrayList<>();
    ancestors.forEach(a -> shown.add(a.id()));
    descendants.forEach(d -> shown.add(d.id()));
    audit(new AuditEvent(caller.participant(), "provenance", List.of(root.signal().type().label()), 1, shown.size(), shown, null));
    return new Provenance(view(caller, root.signal()), views(caller, ancestors), views(caller, descendants));
  }

  /**
   * The delta feed: the changes after {@code cursor} (0 = from the beginning), in commit order, as
   * the caller may see them, at most {@code limit}. Each signal appears at its latest change only;
   * retracted and expired signals come as deletions. A replica that applies every page from 0
   * holds the caller's visible state. (A signal whose visibility is later narrowed so that it
   * hides from the caller does not appear as a deletion: that would tell the caller it exists.)
   */
  public FeedPage updates(Caller caller, long cursor, int limit) {
    authorize(caller, null);
    if (cursor < 0) {
      throw new SignalRejectedException("invalid_cursor", "cursor", "cursor must be >= 0, got " + cursor);
    }
    if (limit < 1 || limit > 10_000) {
      throw new SignalRejectedException("invalid_limit", "limit", "limit must be in 1..10000, got " + limit);
    }
    long head = log.size();
    long maxScan = Math.max(10_000L, limit * 10L); // bound the work spent on changes the caller may not see
    List<FeedPage.Entry> entries = new ArrayList<>(Math.min(limit, 1024));
    long seq = Math.min(cursor, head);
    while (seq < head && entries.size() < limit && maxScan-- > 0) {
      seq++;
      StoredSignal stored = store.get(log.idAt(seq));
      if (stored == null || stored.signal().sequence() != seq || !visible(caller, stored.signal())) {
        continue; // not written, superseded by a later change, or not the caller's to see
      }
      entries.add(new FeedPage.Entry(seq, view(caller, stored.signal()), !stored.signal().isActive()));
    }
    audit(new AuditEvent(caller.participant(), "feed", List.of(), 1, entries.size(), List.of(),
        "cursor " + Math.min(cursor, head) + " to " + seq));
    // A full page says "more" whether or not anything visible follows: saying it only when
    // something follows would tell the caller that hidden changes came after its last entry.
    return new FeedPage(entries, seq, entries.size() == limit || seq < head);
  }

  /**
   * As {@link #updates(Caller, long, int)} with the opaque cursor a participant holds ({@link
   * FeedCursor}: {@code null} or empty for the start). The page's {@link FeedPage#nextCursor()} is
   * the exchange's own position; give the participant {@link #feedCursor} of it.
   *
   * @throws SignalRejectedException {@code invalid_cursor} for a cursor not issued to this caller
   *     by this exchange
   */
  public FeedPage updates(Caller caller, String cursor, int limit) {
    authorize(caller, null);
    return updates(caller, feedCursors.decode(caller.participant(), cursor), limit);
  }

  /** The opaque cursor, for {@code caller}, of the position after {@code page}. */
  public String feedCursor(Caller caller, FeedPage page) {
    return feedCursors.encode(caller.participant(), page.nextCursor());
  }

  /**
   * Applies feed entries from another exchange to this one (a replica): each signal is stored as
   * given, under its own id, contributor and times, and indexed if active. Admin only.
   *
   * @return how many signals changed
   */
  public int replicate(Caller caller, List<FeedPage.Entry> entries) {
    authorize(caller, Role.ADMIN);
    synchronized (writeLock) {
      checkOpen();
      long firstChange = log.size() + 1;
      List<String> changed = new ArrayList<>();
      for (FeedPage.Entry entry : entries) {
        Signal s = entry.signal();
        StoredSignal existing = store.get(s.id());
        SignalStatus status = entry.deleted() && s.isActive() ? SignalStatus.RETRACTED : s.status();
        Signal copy =
            new Signal(
                s.id(), s.type(), s.value(), s.contributor(), s.categories(), s.note(), s.created(), s.updated(),
                s.expires(), status, s.derivedFrom(), s.visibility(), 0);
        if (existing != null && sameReplica(existing.signal(), copy)) {
          continue;
        }
        write(new StoredSignal(copy, existing == null ? -1 : existing.ordinal()));
        provenance.link(existing == null ? null : existing.signal(), copy);
        changed.add(s.id());
      }
      publish(changed);
      String range = AuditRecovery.range(firstChange, log.size());
      audit(new AuditEvent(caller.participant(), "replicate", List.of(), entries.size(), 0, changed, range.isEmpty() ? null : range));
      return changed.size();
    }
  }

  private static boolean sameReplica(Signal a, Signal b) {
    return a.status() == b.status() && a.updated().equals(b.updated()) && a.categories().equals(b.categories())
        && a.note().equals(b.note()) && Objects.equals(a.expires(), b.expires())
        && a.derivedFrom().equals(b.derivedFrom()) && a.visibility().equals(b.visibility());
  }

  /**
   * Transparency figures for {@code [from, to)}: active signals by type and category (those the
   * caller may see), contributions per participant, and feedback given in the period. Reads the
   * whole store: for reports, not for hot paths.
   */
  public ExchangeStats stats(Caller caller, Instant from, Instant to) {
    boolean overseer = caller != null && (caller.isAdmin() || caller.has(Role.AUDITOR));
    if (caller != null && caller.has(Role.AUDITOR)) {
      authorizeAuditor(caller);
    } else {
      authorize(caller, null);
    }
    if (from == null || to == null || !from.isBefore(to)) {
      throw new SignalRejectedException("invalid_period", "from", "the period needs from < to, got " + from + " .. " + to);
    }
    ExchangeStats stats =
        TransparencyStats.collect(store, opinions, audit.directory(), from, to, s -> overseer || visible(caller, s),
            participant -> overseer || participant.equals(caller.participant()));
    audit(AuditEvent.of(caller.participant(), "stats", List.of(), 1));
    return stats;
  }

  /** Checks the whole audit chain (admins and auditors); the check itself is recorded. */
  public VerifyReport verifyAudit(Caller caller) {
    authorizeAuditor(caller);
    VerifyReport report = AuditLog.verify(audit.directory());
    audit(AuditEvent.of(caller.participant(), "audit_verify", List.of(), 1).withDetail(report.intact() ? "intact" : "broken"));
    return report;
  }

  /**
   * The audit log's newest entry as an anchor (admins and auditors). The request is recorded
   * first, so the head returned is that very entry (or a later one): an auditor keeps it and later
   * checks any copy of the log against it ({@code lantern audit verify --expect SEQ:HASH}).
   */
  public AuditHead auditHead(Caller caller) {
    authorizeAuditor(caller);
    audit(AuditEvent.of(caller.participant(), "audit_head", List.of(), 1));
    return audit.head();
  }

  /**
   * Records an authenticated attempt that a door (the HTTP server, a command) refused or that
   * failed, with its outcome: {@code door} names the route or command ({@code "POST /v1/signals"}),
   * {@code status} and {@code code} the answer. Never pass the request's values: the audit log
   * holds no queried value and no account identifier. Some refusals inside the exchange are
   * recorded by the exchange as well (a lookup's invalid value): the door's entry adds the status.
   */
  public void recordRefusal(Caller caller, String door, int status, String code) {
    Objects.requireNonNull(caller, "caller");
    String detail = door + " -> " + status + " " + code;
    audit(AuditEvent.of(caller.participant(), "refused", List.of(), 1)
        .withDetail(detail.length() > AuditEvent.MAX_DETAIL ? detail.substring(0, AuditEvent.MAX_DETAIL) : detail));
  }

  /**
   * Records a read of the exchange's figures by an admin or auditor ({@code operation}: {@code
   * metrics}, {@code status}), which a door answers from its own counters.
   */
  public void recordRead(Caller caller, String operation) {
    authorizeAuditor(caller);
    audit(AuditEvent.of(caller.participant(), operation, List.of(), 1));
  }

  /** Admins and auditors: the audit log and the exchange's figures. */
  private void authorizeAuditor(Caller caller) {
    authorize(caller, caller != null && caller.has(Role.AUDITOR) ? Role.AUDITOR : Role.ADMIN);
  }

  /** Writes the audit entries since {@code since} as JSON lines (admins and auditors); returns how many. */
  public long exportAudit(Caller caller, Instant since, java.io.Writer out) {
    authorizeAuditor(caller);
    long n = AuditLog.export(audit.directory(), since, out);
    audit(AuditEvent.of(caller.participant(), "audit_export", List.of(), 1).withDetail(n + " entries since " + since));
    return n;
  }

  /**
   * When a signal stops being matched: its {@code expires}, or earlier if a category it carries
   * has a shorter retention (counted from its creation); {@code null} for never.
   */
  private Instant retirement(Signal signal) {
    Instant retire = signal.expires();
    for (String category : signal.categories()) {
      java.time.Duration maxAge = config.retention().get(category);
      if (maxAge != null) {
        Instant limit = signal.created().plus(maxAge);
        if (retire == null || limit.isBefore(retire)) {
          retire = limit;
        }
      }
    }
    return retire;
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  /** Signals in the store, of any status. */
  public long storedSignals() {
    return store.size();
  }

  /** True if this open recovered from an unclean stop. */
  public boolean recovered() {
    return recovered;
  }

  /** What the operator should know from opening: a data directory that was readable by others. */
  public List<String> warnings() {
    return warnings;
  }

  /** Change-log entries re-applied when this exchange was opened. */
  public long replayedOnOpen() {
    return replayed;
  }

  /** The commit sequence of the last change (the delta feed's head). */
  public long lastSequence() {
    return log.size();
  }

  /**
   * Compares every index with the signal store; empty when they agree. Reads everything (seconds
   * per million signals).
   */
  public List<String> verify() {
    synchronized (writeLock) {
      checkOpen();
      List<String> problems = indexes.verify();
      return problems;
    }
  }

  /** Writes every change to the device (for power-loss durability; process death needs nothing). */
  public void force() {
    synchronized (writeLock) {
      checkOpen();
      commitText();
      indexes.force();
      allowLists.force();
      audit.force();
      audit.recordVerifiedPoint();
      log.force();
      PrivateFiles.tighten(dataDir);
    }
  }

  private void commitText() {
    synchronized (commitLock) {
      if (!closed) {
        indexes.text.commit(log.appliedSequence());
      }
    }
  }

  private void commitQuietly() {
    try {
      commitText();
      if (System.nanoTime() - tightenedNanos > TimeUnit.SECONDS.toNanos(5)) {
        tightenedNanos = System.nanoTime();
        PrivateFiles.tighten(dataDir); // new Lucene and Chronicle files, created with the umask
      }
    } catch (RuntimeException e) {
      // retried at the next tick; a failure here loses nothing (the change log is replayed)
    }
  }

  private void sweepQuietly() {
    try {
      if (!closed) {
        expireDue();
      }
    } catch (RuntimeException e) {
      // retried at the next tick
    }
  }

  private Instant now() {
    return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the exchange in " + dataDir + " is closed");
    }
  }

  /**
   * Checks that the caller is (still) an active participant holding {@code role} (admins hold
   * every role); {@code null} asks only for an active participant.
   */
  private void authorize(Caller caller, Role role) {
    checkOpen();
    Objects.requireNonNull(caller, "caller");
    try {
      checkAccess(caller, role);
    } catch (AccessDeniedException denied) {
      // Every door's denied attempt is in the audit log (the command line's too), with the role
      // that was missing, never the values of the request.
      audit(AuditEvent.of(caller.participant(), "denied", List.of(), 1)
          .withDetail("403 forbidden: " + (role == null ? "no read access" : "needs " + role.label())));
      throw denied.markRecorded();
    }
  }

  private void checkAccess(Caller caller, Role role) {
    if (!participants.isActive(caller.participant())) {
      throw new AccessDeniedException("participant '" + caller.participant() + "' is suspended or unknown");
    }
    if (role == null && caller.isAuditorOnly()) {
      throw new AccessDeniedException("participant '" + caller.participant()
          + "' is an auditor: it reads the audit log, its head and the statistics, nothing else");
    }
    if (role == Role.CONTRIBUTOR && Caller.LOCAL_OPERATOR.equals(caller.participant())) {
      throw new AccessDeniedException("signals need a contributing participant: name one (--as PARTICIPANT)");
    }
    if (role != null && !caller.has(role) && !caller.isAdmin()) {
      throw new AccessDeniedException(
          "participant '" + caller.participant() + "' lacks the " + role.label() + " role needed for this");
    }
  }

  /**
   * Whether {@code caller} may see {@code signal}: admins and the contributor always; others if
   * the signal is shared with all or names them.
   */
  static boolean visible(Caller caller, Signal signal) {
    return caller.isAdmin()
        || signal.contributor().equals(caller.participant())
        || signal.visibility().isEmpty()
        || signal.visibility().contains(caller.participant());
  }

  /** {@code signal} as {@code caller} may see it ({@link ReaderView}). */
  private Signal view(Caller caller, Signal signal) {
    return ReaderView.of(caller, signal, id -> {
      StoredSignal stored = store.get(id);
      return stored != null && visible(caller, stored.signal());
    });
  }

  private List<Signal> views(Caller caller, List<Signal> signals) {
    List<Signal> out = new ArrayList<>(signals.size());
    for (Signal s : signals) {
      out.add(view(caller, s));
    }
    return out;
  }

  private static SignalRejectedException notFound(String id) {
    return new SignalRejectedException("not_found", "id", "no signal has id '" + id + "'");
  }

  /**
   * The participants and their keys, for authentication and reads. Changes should go through
   * {@link #addParticipant} and the other admin operations here, which check the admin role and
   * are audited.
   */
  public Participants participants() {
    return participants;
  }

  /** Adds a participant (admins only; audited). */
  public org.lantern.core.participant.Participant addParticipant(Caller caller, String id, String displayName, Set<Role> roles) {
    authorize(caller, Role.ADMIN);
    var added = participants.add(id, displayName, roles);
    audit(AuditEvent.of(caller.participant(), "participant_add", List.of(), 1).withDetail(added.id()));
    return added;
  }

  /** Suspends or reactivates a participant (admins only; audited). */
  public org.lantern.core.participant.Participant setSuspended(Caller caller, String id, boolean suspended) {
    authorize(caller, Role.ADMIN);
    var changed = participants.setSuspended(id, suspended);
    audit(AuditEvent.of(caller.participant(), suspended ? "participant_suspend" : "participant_reactivate", List.of(), 1).withDetail(id));
    return changed;
  }

  /** Creates an API key for a participant (admins only; audited without the key). */
  public Participants.NewKey createKey(Caller caller, String id) {
    authorize(caller, Role.ADMIN);
    Participants.NewKey key = participants.createKey(id);
    audit(AuditEvent.of(caller.participant(), "key_create", List.of(), 1).withDetail(id + " " + key.keyId()));
    return key;
  }

  /** Revokes an API key (admins only; audited). */
  public boolean revokeKey(Caller caller, String id, String keyId) {
    authorize(caller, Role.ADMIN);
    boolean revoked = participants.revokeKey(id, keyId);
    audit(AuditEvent.of(caller.participant(), "key_revoke", List.of(), 1).withDetail(id + " " + keyId));
    return revoked;
  }

  /** Every participant (admins only). */
  public List<org.lantern.core.participant.Participant> listParticipants(Caller caller) {
    authorize(caller, Role.ADMIN);
    return participants.list();
  }

  /** Commits the text index, closes everything and removes the open marker (a clean stop). */
  @Override
  public void close() {
    if (maintenance != null) {
      // shutdown, not shutdownNow: an interrupt during a Lucene commit closes its NIO channels
      // (and with them the index's write lock); the running task is let finish instead.
      maintenance.shutdown();
      try {
        maintenance.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (writeLock) {
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
