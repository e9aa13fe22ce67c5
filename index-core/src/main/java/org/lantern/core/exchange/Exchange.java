package org.lantern.core.exchange;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.VerifyReport;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.ParticipantName;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Feedback;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;

/**
 * The exchange: the one door through which every signal is written and looked up. The HTTP API,
 * the loaders and the command line all call this class; none of them touches a store or an index.
 * It is a facade: each method hands over to one part (the map of the parts is in {@code
 * package-info.java}). Every caller-facing operation is authorized and audited by {@link
 * OperationAudit}; who may see what is decided in {@link AccessPolicy} only.
 *
 * <p>A submitted batch is validated signal by signal (a bad signal is refused with its reason and
 * the others go on); accepted signals are durable and visible to every lookup when {@link #submit}
 * returns. Everything is memory-mapped or re-derivable, so an acknowledged signal survives {@code
 * kill -9} (power loss needs {@link #force()}).
 *
 * <p>Thread-safety: thread-safe. Writes (submit, retract, expire) are serialized; lookups run
 * concurrently with them and with each other. One process at a time may open a data directory.
 */
public final class Exchange implements AutoCloseable {
  /** Carried by every match answer. */
  public static final String LEAD_NOTE = "A match is a lead for investigation, not evidence.";
  /** Most matches returned for one lookup value. */
  public static final int MAX_LIMIT = 1_000;

  private final ExchangeDirectory dir;
  private final SignalWriter writer;
  private final Contributions contributions;
  private final SignalLookup lookup;
  private final DeltaFeed feed;
  private final ModifiedFeed modified;
  private final FeedbackLedger feedback;
  private final AllowListEditor allowLists;
  private final ParticipantAdministration administration;
  private final Oversight oversight;
  private final Maintenance maintenance;
  private final MemberViews members;

  private Exchange(ExchangeDirectory dir) {
    this.dir = dir;
    AccessPolicy policy = new AccessPolicy(dir);
    OperationAudit operations = new OperationAudit(policy, dir.audit);
    SubmissionPreparer preparer = new SubmissionPreparer(dir);
    ProvenanceGraph provenance = new ProvenanceGraph();
    this.writer = new SignalWriter(dir, preparer, provenance);
    dir.store.forEach(stored -> { // one pass over the store rebuilds what lives in memory only
      writer.restore(stored);
      dir.indexes.restoreAudience(stored);
    });
    this.contributions = new Contributions(dir, policy, operations, preparer, writer);
    this.lookup = new SignalLookup(dir, policy, operations, preparer.canonicalizer());
    this.feed = new DeltaFeed(dir, operations);
    this.modified = new ModifiedFeed(dir, operations);
    this.feedback = new FeedbackLedger(dir, policy, operations, preparer, writer);
    this.allowLists = new AllowListEditor(dir, operations, preparer.canonicalizer());
    this.administration = new ParticipantAdministration(dir.participants, operations);
    this.oversight = new Oversight(dir, policy, operations, provenance);
    this.maintenance = new Maintenance(dir.config, dir, contributions);
    this.members = new MemberViews(dir, operations);
  }

  /**
   * Opens (creating, or recovering after an unclean stop) the configured data directory; {@link
   * IllegalStateException} if another process has it open or its secret is missing.
   */
  public static Exchange open(ExchangeConfig config) {
    return open(config, false);
  }

  /**
   * As {@link #open(ExchangeConfig)}. The audit log is checked first (the whole chain and its last
   * verified point); {@code acceptBrokenAudit} goes on with a broken one, recording that in it
   * ({@code audit_broken_accepted}); false refuses with {@link
   * org.lantern.core.audit.BrokenAuditLogException}.
   */
  public static Exchange open(ExchangeConfig config, boolean acceptBrokenAudit) {
    ExchangeDirectory dir = ExchangeDirectory.open(config, acceptBrokenAudit);
    try {
      return new Exchange(dir);
    } catch (RuntimeException | Error e) {
      try {
        dir.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Submits signals contributed by {@code caller}, each accepted or refused on its own; one result each, in order. */
  public List<SubmitResult> submit(Caller caller, List<SignalSubmission> batch) {
    return submit(prepare(caller, batch));
  }

  /** The part of a submit that needs no lock, so a loader can prepare a batch while the last is written. */
  public PreparedBatch prepare(Caller caller, List<SignalSubmission> batch) {
    return contributions.prepare(caller, batch);
  }

  /** Writes a prepared batch: the second half of {@link #submit(Caller, List)}. */
  public List<SubmitResult> submit(PreparedBatch preparedBatch) {
    return contributions.submit(preparedBatch);
  }

  /**
   * Retracts signal {@code id} (its contributor or an admin): it stays in the store, no longer
   * matched; {@code not_found} if the caller may not see it. Returns it as it is now.
   */
  public Signal retract(Caller caller, String id) {
    return contributions.retract(caller, id);
  }

  /** Retracts by type and value signals {@code caller} contributed (a bulk feed's deletions); one result each. */
  public List<SubmitResult> retractValues(Caller caller, List<SignalSubmission> batch) {
    return contributions.retractValues(caller, batch);
  }

  /** Retires every active signal whose expiry (or retention) has passed; returns how many. */
  public int expireDue() {
    return contributions.expireDue();
  }

  /**
   * Applies feed entries from another exchange (a replica following it as one participant; admins
   * only); returns how many changed. Every signal a replica holds was visible to that participant,
   * and the replica's own participants all act for it, so each is stored as visible to all (the
   * co-recipients are not kept); a {@linkplain FeedPage.Entry#revoked() revoked} entry replaces a
   * held signal with a retracted stub no local participant sees, and is skipped for one never held.
   */
  public int replicate(Caller caller, List<FeedPage.Entry> entries) {
    return contributions.replicate(caller, entries);
  }

  /**
   * Makes this exchange a read-only replica of the exchange at {@code primary} (its base URL):
   * from now on every submit, retraction and opinion is refused with a {@link
   * ReadOnlyExchangeException} naming it, and so are account lookups (their keys are HMACs under
   * that exchange's secret); other lookups, the feed, allow-lists and participant administration
   * (the replica's own) go on. Signals arrive only through {@link #replicate}.
   */
  public void refuseWrites(String primary) {
    dir.readOnlyOf = java.util.Objects.requireNonNull(primary, "primary");
  }

  /** The URL of the exchange this one is a read-only replica of, or {@code null}. */
  public String readOnlyOf() {
    return dir.readOnlyOf;
  }

  /** The data directory this exchange keeps its files in. */
  public Path dataDir() {
    return dir.dataDir;
  }

  /** The signal with this id, whatever its status, if the caller may see it. */
  public Optional<Signal> get(Caller caller, String id) {
    return lookup.get(caller, id);
  }

  /** Looks a value up by its type ({@code maxDistance}: perceptual types only). */
  public Matches match(Caller caller, SignalType type, String value, int maxDistance, int limit) {
    return switch (type.family()) {
      case PERCEPTUAL -> lookup.matchHash(caller, type, value, maxDistance, limit);
      case URL -> lookup.matchUrl(caller, value, limit);
      case DIGEST, ACCOUNT, KEYWORD -> lookup.matchExact(caller, type, value, limit);
    };
  }

  /** Perceptual hashes within {@code maxDistance} of {@code hex}, nearest first, at most {@code limit}. */
  public Matches matchHash(Caller caller, SignalType type, String hex, int maxDistance, int limit) {
    return lookup.matchHash(caller, type, hex, maxDistance, limit);
  }

  /** Several perceptual hashes at once, one answer each, in order; a bad one is named ({@code hashes[3]}). */
  public List<Matches> matchHashes(Caller caller, SignalType type, List<String> hexes, int maxDistance, int limit) {
    return lookup.matchHashes(caller, type, hexes, maxDistance, limit);
  }

  /** As {@link #matchHash(Caller, SignalType, String, int, int)} for a parsed hash (the hot path). */
  public Matches matchHash(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    return lookup.matchHash(caller, type, query, maxDistance, limit);
  }

  /** Signals whose canonical value equals {@code value}'s (digests, accounts, keywords). */
  public Matches matchExact(Caller caller, SignalType type, String value, int limit) {
    return lookup.matchExact(caller, type, value, limit);
  }

  /** URL signals related to {@code url}: exact, then same host + path prefix, then same host. */
  public Matches matchUrl(Caller caller, String url, int limit) {
    return lookup.matchUrl(caller, url, limit);
  }

  /** The keyword signals occurring in {@code text}, with their offsets in it. */
  public TextScan scanText(Caller caller, String text) {
    return lookup.scanText(caller, text);
  }

  /** Records the caller's opinion on a signal it may see; returns the signal's feedback now. */
  public Opinions setOpinion(Caller caller, String id, Opinion opinion, String note) {
    return feedback.setOpinion(caller, id, opinion, note);
  }

  /** The feedback on one signal the caller may see, with its own opinion. */
  public Opinions opinions(Caller caller, String id) {
    return feedback.opinions(caller, id);
  }

  /** Opinions others gave on the caller's signals (all, for admins), newest first, at most {@code limit}. */
  public List<Feedback> feedback(Caller caller, int limit) {
    return feedback.feedback(caller, limit);
  }

  /** Marks a value known-benign for the caller: its later matches are suppressed for the caller only. */
  public AllowEntry allow(Caller caller, SignalType type, String value, String note) {
    return allowLists.allow(caller, type, value, note);
  }

  /** Takes a value off the caller's allow-list; false if it was not on it. */
  public boolean disallow(Caller caller, SignalType type, String value) {
    return allowLists.disallow(caller, type, value);
  }

  /** The caller's allow-list. */
  public List<AllowEntry> allowList(Caller caller) {
    return allowLists.list(caller);
  }

  /** Where a signal came from and what it led to, as far as the caller may see. */
  public Provenance provenance(Caller caller, String id) {
    return oversight.provenance(caller, id);
  }

  /**
   * The delta feed: at most {@code limit} changes after {@code cursor} (0: from the start) the
   * caller may see, and {@linkplain FeedPage.Entry#revoked() revoked} deletions of signals it saw
   * and may no longer see (see {@link DeltaFeed}).
   */
  public FeedPage updates(Caller caller, long cursor, int limit) {
    return feed.updates(caller, cursor, limit);
  }

  /**
   * The signals the caller may see, ordered by modification time (then id): those modified at or
   * after {@code fromMillis} and after {@code after} (null: from the start), that {@code include}
   * accepts, at most {@code limit} (1..10000); retracted and expired ones included (a client
   * deletes them). Times never go back, so restarting from any time on a page skips nothing; the
   * work is bounded by {@code 4 * limit} signals examined, all the caller's to see. See {@link
   * ModificationOrder}.
   */
  public ModifiedPage modifiedSince(
      Caller caller, long fromMillis, ModifiedPage.Position after, int limit, java.util.function.Predicate<Signal> include) {
    return modified.modifiedSince(caller, fromMillis, after, limit, include);
  }

  /** Active signals of {@code type} the caller may see (a count over its view only; audited). */
  public long activeSignals(Caller caller, SignalType type) {
    return modified.activeSignals(caller, type);
  }

  /**
   * Records an operation a door performed for {@code caller} without reading the exchange
   * (hashing an upload, comparing two hashes), so that every authenticated attempt is in the audit
   * log. {@code detail} must hold no looked-up value.
   */
  public void recordOperation(Caller caller, String operation, String detail) {
    modified.recordOperation(caller, operation, detail);
  }

  /**
   * The delta feed after the opaque cursor a participant holds ({@link FeedCursor}; {@code null}
   * or empty: from the start); {@code invalid_cursor} for one not issued to this caller here.
   * Give the participant {@link #feedCursor} of the page, never {@link FeedPage#nextCursor()}.
   */
  public FeedPage updates(Caller caller, String cursor, int limit) {
    return feed.updates(caller, cursor, limit);
  }

  /** The opaque cursor, for {@code caller}, of the position after {@code page}. */
  public String feedCursor(Caller caller, FeedPage page) {
    return feed.cursor(caller, page);
  }

  /** Transparency figures for {@code [from, to)}, as far as the caller may see. Reads the whole store. */
  public ExchangeStats stats(Caller caller, Instant from, Instant to) {
    return oversight.stats(caller, from, to);
  }

  /** Checks the whole audit chain (admins and auditors); the check itself is recorded. */
  public VerifyReport verifyAudit(Caller caller) {
    return oversight.verifyAudit(caller);
  }

  /**
   * The audit log's newest entry as an anchor (admins and auditors; recorded first, so the head is
   * this request's entry or a later one). An auditor keeps it and later runs {@code lantern audit
   * verify --expect SEQ:HASH}.
   */
  public AuditHead auditHead(Caller caller) {
    return oversight.auditHead(caller);
  }

  /**
   * Records a read of the exchange's figures ({@code metrics}, {@code status}) that a door answers
   * from its own counters (admins and auditors).
   */
  public void recordRead(Caller caller, String operation) {
    oversight.recordRead(caller, operation);
  }

  /**
   * Records an authenticated attempt that a door refused or that failed, with its outcome: {@code
   * door} names the route or command ({@code "POST /v1/signals"}), {@code status} and {@code code}
   * the answer. Never pass the request's values: the audit log holds no queried value and no
   * account identifier.
   */
  public void recordRefusal(Caller caller, String door, int status, String code) {
    Objects.requireNonNull(caller, "caller");
    String detail = door + " -> " + status + " " + code;
    dir.audit.append(AuditEvent.of(caller.participant(), "refused", List.of(), 1)
        .withDetail(detail.length() > AuditEvent.MAX_DETAIL ? detail.substring(0, AuditEvent.MAX_DETAIL) : detail));
  }

  /** What the operator should know from opening: a data directory that was readable by others. */
  public List<String> warnings() {
    return dir.warnings;
  }

  /** Writes the audit entries since {@code since} as JSON lines (admins and auditors); returns how many. */
  public long exportAudit(Caller caller, Instant since, Writer out) {
    return oversight.exportAudit(caller, since, out);
  }

  /** The participants and keys, for authentication and reads; change them through the admin methods. */
  public Participants participants() {
    return dir.participants;
  }

  /** Adds a participant (admins only; audited). */
  public Participant addParticipant(Caller caller, String id, String displayName, Set<Role> roles) {
    return administration.add(caller, id, displayName, roles);
  }

  /** Suspends or reactivates a participant (admins only; audited). */
  public Participant setSuspended(Caller caller, String id, boolean suspended) {
    return administration.setSuspended(caller, id, suspended);
  }

  /** Creates an API key for a participant (admins only; audited without the key). */
  public Participants.NewKey createKey(Caller caller, String id) {
    return administration.createKey(caller, id);
  }

  /** Revokes an API key (admins only; audited). */
  public boolean revokeKey(Caller caller, String id, String keyId) {
    return administration.revokeKey(caller, id, keyId);
  }

  /** Every participant (admins only). */
  public List<Participant> listParticipants(Caller caller) {
    return administration.list(caller);
  }

  /** The caller's own participant record (audited as {@code me}). */
  public Participant self(Caller caller) {
    return members.self(caller);
  }

  /** The categories this exchange accepts on signals, sorted. */
  public Set<String> categoryVocabulary() {
    return members.categories();
  }

  /** Ids and display names of the active participants, sorted by id: whom a signal may be shared with. */
  public List<ParticipantName> participantNames(Caller caller) {
    return members.participantNames(caller);
  }

  /**
   * The signals the caller may see that pass {@code filter}, newest change first, at most {@code
   * limit} below {@code cursor} (0: from the newest); each page examines a bounded number of
   * changes, so a page may be short with {@link SignalPage#more()} set.
   */
  public SignalPage listSignals(Caller caller, SignalFilter filter, long cursor, int limit) {
    return members.listSignals(caller, filter, cursor, limit);
  }

  /** Signals in the store, of any status. */
  public long storedSignals() {
    return dir.store.size();
  }

  /** True if this open recovered from an unclean stop. */
  public boolean recovered() {
    return dir.recovered;
  }

  /** Change-log entries re-applied when this exchange was opened. */
  public long replayedOnOpen() {
    return dir.replayed;
  }

  /** The commit sequence of the last change (the delta feed's head). */
  public long lastSequence() {
    return dir.log.size();
  }

  /** Compares every index with the signal store; empty when they agree. Reads everything. */
  public List<String> verify() {
    return writer.locked(dir.indexes::verify);
  }

  /** Writes every change to the device (for power-loss durability; process death needs nothing). */
  public void force() {
    writer.locked(dir::force);
  }

  /** Commits the text index, closes everything and removes the open marker (a clean stop). */
  @Override
  public void close() {
    maintenance.stop();
    modified.close();
    writer.close();
  }
}
