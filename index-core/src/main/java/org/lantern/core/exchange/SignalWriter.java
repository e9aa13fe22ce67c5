package org.lantern.core.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;

/**
 * The single writer: owns the write lock and every change to a signal record — submits, updates,
 * retractions, expiry (and retention by category) and the application of a replica's feed.
 *
 * <p>Order of a change: the id is appended to the change log, then the record is written with that
 * sequence number; when the whole batch is recorded, the derived indexes are brought in line and
 * the log is marked applied ({@link #publish}). A crash in between is repaired on the next open by
 * re-applying the log ({@link ExchangeDirectory#open}).
 *
 * <p>Access is checked before these methods are called ({@link OperationAudit}); checks that need
 * the record (may the caller see it, is it the caller's) are made here, under the lock.
 *
 * <p>Thread-safety: thread-safe; all writes are serialized on one lock, which lookups never take.
 */
final class SignalWriter {
  private final ExchangeDirectory dir;
  private final SubmissionPreparer preparer;
  private final ProvenanceGraph provenance;
  private final Object writeLock = new Object();
  private final PriorityQueue<Expiring> expiring; // guarded by writeLock

  /** A signal with an expiry time, in the sweep's queue. Stale entries are skipped when popped. */
  private record Expiring(long expiresMillis, String id) {}

  SignalWriter(ExchangeDirectory dir, SubmissionPreparer preparer, ProvenanceGraph provenance) {
    this.dir = dir;
    this.preparer = preparer;
    this.provenance = provenance;
    this.expiring = new PriorityQueue<>(Comparator.comparingLong(Expiring::expiresMillis));
  }

  /** Rebuilds the in-memory state of one stored signal (expiry queue, provenance) on open. */
  void restore(StoredSignal stored) {
    Signal s = stored.signal();
    Instant retire = retirement(s);
    if (s.isActive() && retire != null) {
      expiring.add(new Expiring(retire.toEpochMilli(), s.id()));
    }
    provenance.link(null, s);
  }

  /** Runs {@code action} under the write lock, on an open exchange. */
  <T> T locked(Supplier<T> action) {
    synchronized (writeLock) {
      dir.checkOpen();
      return action.get();
    }
  }

  /** Runs {@code action} under the write lock, on an open exchange. */
  void locked(Runnable action) {
    synchronized (writeLock) {
      dir.checkOpen();
      action.run();
    }
  }

  /** Closes the directory under the write lock (no write is half done then). */
  void close() {
    synchronized (writeLock) {
      dir.close();
    }
  }

  /** Writes a prepared batch; one result per submission, in order. */
  Changes<List<SubmitResult>> submit(PreparedBatch batch) {
    Caller caller = batch.caller;
    List<SignalSubmission> submissions = batch.submissions;
    List<SubmitResult> results = new ArrayList<>(submissions.size());
    long first;
    synchronized (writeLock) {
      dir.checkOpen();
      first = dir.log.size() + 1;
      Instant now = dir.now();
      List<String> changed = new ArrayList<>(submissions.size());
      NewHashes newHashes = new NewHashes(dir.indexes);
      for (int i = 0; i < submissions.size(); i++) {
        try {
          Signal signal = preparer.resolve(batch.prepared.get(i), caller, submissions.get(i), now);
          SubmitResult.Outcome outcome = submitOne(signal, now, newHashes, changed);
          results.add(new SubmitResult(i, signal.id(), outcome, null));
          Instant retire = retirement(signal);
          if (retire != null && outcome != SubmitResult.Outcome.UNCHANGED) {
            expiring.add(new Expiring(retire.toEpochMilli(), signal.id()));
          }
        } catch (SignalRejectedException e) {
          results.add(new SubmitResult(i, null, SubmitResult.Outcome.REJECTED, e));
        }
      }
      // Before publish: a later update in this batch of a signal created in it finds its hash there.
      boolean appended = newHashes.appendAll();
      publish(changed, appended);
      return new Changes<>(results, first, dir.log.size());
    }
  }

  private SubmitResult.Outcome submitOne(Signal signal, Instant now, NewHashes newHashes, List<String> changed) {
    byte[] binaryId = SignalIds.decode(signal.id());
    StoredSignal existing = dir.store.get(binaryId);
    if (existing == null) {
      if (signal.type().family() == SignalType.Family.PERCEPTUAL && DerivedIndexes.sharedWithAll(signal)) {
        // Written once, with the ordinal its hash gets when the batch's hashes are appended.
        write(new StoredSignal(signal, newHashes.reserve(signal, binaryId)), binaryId, true);
      } else { // a restricted hash has no shared ordinal: its audience's partition takes it on apply
        write(new StoredSignal(signal, -1), binaryId, true);
        changed.add(signal.id());
      }
      provenance.link(null, signal);
      return SubmitResult.Outcome.CREATED;
    }
    if (sameContent(existing.signal(), signal)) {
      return SubmitResult.Outcome.UNCHANGED;
    }
    Signal old = existing.signal();
    Signal updated =
        new Signal(
            old.id(), old.type(), old.value(), old.contributor(), signal.categories(), signal.note(),
            old.created(), now, signal.expires(), SignalStatus.ACTIVE, signal.derivedFrom(), signal.visibility(), 0);
    dir.visibilityHistory.narrowed(old, updated);
    write(new StoredSignal(updated, existing.ordinal()));
    provenance.link(old, updated);
    changed.add(signal.id());
    return SubmitResult.Outcome.UPDATED;
  }

  /** The signal after a retraction; {@code changed} is false if it was retracted already. */
  record Retracted(Signal signal, boolean changed) {}

  /**
   * Retracts signal {@code id} on behalf of {@code caller}, its contributor or an admin.
   *
   * @throws SignalRejectedException {@code not_found} if there is no such signal the caller may see
   * @throws AccessDeniedException if the caller did not contribute it
   */
  Retracted retract(Caller caller, AccessPolicy policy, String id) {
    synchronized (writeLock) {
      dir.checkOpen();
      StoredSignal stored = policy.require(caller, id);
      Signal signal = stored.signal();
      if (!signal.contributor().equals(caller.participant()) && !caller.isAdmin()) {
        throw new AccessDeniedException(
            "signal " + id + " was contributed by another participant; only its contributor may retract it");
      }
      if (signal.status() == SignalStatus.RETRACTED) {
        return new Retracted(signal, false);
      }
      Signal retracted = write(new StoredSignal(signal.withStatus(SignalStatus.RETRACTED, dir.now(), 0), stored.ordinal()));
      publish(List.of(id), false);
      return new Retracted(retracted, true);
    }
  }

  /** The outcome of {@link #retractValues}: one result per submission and the ids retracted. */
  record Retraction(List<SubmitResult> results, List<String> retracted, List<String> types, long firstChange, long lastChange) {}

  /**
   * What a write returned, and the change-log positions it wrote ({@code lastChange <
   * firstChange} when it wrote none): its audit entry names them ({@link AuditRecovery#range}).
   */
  record Changes<T>(T value, long firstChange, long lastChange) {}

  /** Retracts, by type and value, signals {@code caller} contributed (see {@link Exchange#retractValues}). */
  Retraction retractValues(Caller caller, List<SignalSubmission> batch) {
    Objects.requireNonNull(batch, "batch");
    List<SubmitResult> results = new ArrayList<>(batch.size());
    List<String> retracted = new ArrayList<>();
    java.util.TreeSet<String> types = new java.util.TreeSet<>();
    long first;
    long last;
    synchronized (writeLock) {
      dir.checkOpen();
      first = dir.log.size() + 1;
      Instant now = dir.now();
      for (int i = 0; i < batch.size(); i++) {
        try {
          SignalSubmission submission = batch.get(i);
          if (submission == null) {
            throw new SignalRejectedException("invalid_signal", "signal", "the signal is empty");
          }
          SignalType type = SignalType.fromLabel(submission.type());
          types.add(type.label());
          String value = preparer.canonicalizer().canonical(type, submission.value());
          String id = preparer.idOf(type, value, caller.participant());
          StoredSignal stored = dir.store.get(id);
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
      publish(retracted, false);
      last = dir.log.size();
    }
    return new Retraction(results, retracted, List.copyOf(types), first, last);
  }

  /** Retires every active signal whose retirement time has passed; returns the ids retired. */
  Changes<List<String>> expireDue() {
    synchronized (writeLock) {
      dir.checkOpen();
      long first = dir.log.size() + 1;
      Instant now = dir.now();
      List<String> changed = new ArrayList<>();
      while (!expiring.isEmpty() && expiring.peek().expiresMillis() <= now.toEpochMilli()) {
        Expiring due = expiring.poll();
        StoredSignal stored = dir.store.get(due.id());
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
      publish(changed, false);
      return new Changes<>(changed, first, dir.log.size());
    }
  }

  /**
   * Applies a replica's feed entries (see {@link Exchange#replicate}): each signal as given,
   * under its own id, stored as visible to every local participant; a revoked entry replaces a
   * held signal with a retracted stub nobody local sees, and is skipped for one never held.
   * Returns the ids changed.
   */
  Changes<List<String>> replicate(List<FeedPage.Entry> entries) {
    synchronized (writeLock) {
      dir.checkOpen();
      long first = dir.log.size() + 1;
      List<String> changed = new ArrayList<>();
      for (FeedPage.Entry entry : entries) {
        Signal s = entry.signal();
        StoredSignal existing = dir.store.get(s.id());
        if (entry.revoked() && existing == null) {
          continue; // nothing held: nothing to remove, and nothing to learn
        }
        SignalStatus status = entry.deleted() && s.isActive() ? SignalStatus.RETRACTED : s.status();
        Signal copy =
            entry.revoked()
                ? new Signal(s.id(), s.type(), s.value(), s.contributor(), List.of(), "", s.created(), s.updated(),
                    null, SignalStatus.RETRACTED, List.of(), List.of(REVOKED), 0)
                : new Signal(s.id(), s.type(), s.value(), s.contributor(), s.categories(), s.note(), s.created(),
                    s.updated(), s.expires(), status, s.derivedFrom(), List.of(), 0);
        if (existing != null && sameReplica(existing.signal(), copy)) {
          continue;
        }
        if (existing != null) {
          dir.visibilityHistory.narrowed(existing.signal(), copy); // so that this replica's own readers hear of it
        }
        write(new StoredSignal(copy, existing == null ? -1 : existing.ordinal()));
        provenance.link(existing == null ? null : existing.signal(), copy);
        changed.add(s.id());
      }
      publish(changed, false);
      return new Changes<>(changed, first, dir.log.size());
    }
  }

  /**
   * When a signal stops being matched: its {@code expires}, or earlier if a category it carries
   * has a shorter retention (counted from its creation); {@code null} for never.
   */
  private Instant retirement(Signal signal) {
    Instant retire = signal.expires();
    for (String category : signal.categories()) {
      Duration maxAge = dir.config.retention().get(category);
      if (maxAge != null) {
        Instant limit = signal.created().plus(maxAge);
        if (retire == null || limit.isBefore(retire)) {
          retire = limit;
        }
      }
    }
    return retire;
  }

  /** Logs the change, then writes the record with its new sequence number. Under the lock. */
  private Signal write(StoredSignal stored) {
    return write(stored, SignalIds.decode(stored.signal().id()), false);
  }

  /** As {@link #write(StoredSignal)}; {@code absent} for a signal just found absent from the store. */
  private Signal write(StoredSignal stored, byte[] binaryId, boolean absent) {
    Signal s = stored.signal();
    long seq = dir.log.append(binaryId);
    Signal sequenced =
        new Signal(
            s.id(), s.type(), s.value(), s.contributor(), s.categories(), s.note(), s.created(),
            s.updated(), s.expires(), s.status(), s.derivedFrom(), s.visibility(), seq);
    if (absent) {
      dir.store.putNew(new StoredSignal(sequenced, stored.ordinal()), binaryId);
    } else {
      dir.store.put(new StoredSignal(sequenced, stored.ordinal()), binaryId);
    }
    return sequenced;
  }

  /**
   * Brings the indexes in line with the changed records and marks the log applied. {@code
   * indexedAlready} says that records were written whose indexes are already up to date (new
   * perceptual hashes), so the log must be marked applied even if {@code changed} is empty.
   */
  private void publish(List<String> changed, boolean indexedAlready) {
    if (!changed.isEmpty()) {
      dir.indexes.apply(changed, false);
    } else if (!indexedAlready) {
      return;
    }
    dir.log.markApplied(dir.log.size());
  }

  private static boolean sameContent(Signal a, Signal b) {
    return a.isActive()
        && a.categories().equals(b.categories())
        && a.note().equals(b.note())
        && Objects.equals(a.expires(), b.expires())
        && a.derivedFrom().equals(b.derivedFrom())
        && a.visibility().equals(b.visibility());
  }

  /**
   * The visibility of a replicated signal its follower may no longer see: not a participant id
   * (those start with a letter or digit), so it names nobody.
   */
  static final String REVOKED = "(revoked)";

  private static boolean sameReplica(Signal a, Signal b) {
    return a.status() == b.status() && a.updated().equals(b.updated()) && a.categories().equals(b.categories())
        && a.note().equals(b.note()) && Objects.equals(a.expires(), b.expires())
        && a.derivedFrom().equals(b.derivedFrom()) && a.visibility().equals(b.visibility());
  }
}
