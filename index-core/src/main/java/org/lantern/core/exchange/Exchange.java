package org.lantern.core.exchange;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participants;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;

/**
 * The exchange: the one door through which every signal is written and looked up. The HTTP API,
 * the loaders and the command line all call this class; none of them touches a store or an index.
 * It is a facade: each method hands over to one part (the map of the parts is in {@code
 * package-info.java}). Writes, lookups and provenance are methods here; the other roles are named
 * parts a caller reaches through an accessor: {@link #administration()} (participants and keys),
 * {@link #oversight()} (figures and the audit log), {@link #allowLists()}, {@link #members()} (a
 * member's own views), {@link #deltaFeed()}, {@link #modifiedFeed()} and {@link #feedback()}
 * (opinions). Every caller-facing operation is authorized and audited by {@link OperationAudit};
 * who may see what is decided in {@link AccessPolicy} only.
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
  private final DeltaFeed deltaFeed;
  private final ModifiedFeed modifiedFeed;
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
      dir.indexes.restore(stored);
    });
    this.contributions = new Contributions(dir, policy, operations, preparer, writer);
    this.lookup = new SignalLookup(dir, policy, operations, preparer.canonicalizer());
    this.deltaFeed = new DeltaFeed(dir, operations);
    this.modifiedFeed = new ModifiedFeed(dir, operations);
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

  /** For tests in this package: the parts behind the facade. */
  ExchangeDirectory directory() {
    return dir;
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
    dir.readOnlyOf = Objects.requireNonNull(primary, "primary");
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

  /** Where a signal came from and what it led to, as far as the caller may see. */
  public Provenance provenance(Caller caller, String id) {
    return oversight.provenance(caller, id);
  }

  /** What the operator should know from opening: a data directory that was readable by others. */
  public List<String> warnings() {
    return dir.warnings;
  }

  /** The participants and keys, for authentication and reads; change them through {@link #administration()}. */
  public Participants participants() {
    return dir.participants;
  }

  /** Participants and API keys: add, suspend, create and revoke keys, list (admins only; audited). */
  public ParticipantAdministration administration() {
    return administration;
  }

  /** Transparency figures, the audit log's verification, anchor and export, and the doors' audit records. */
  public Oversight oversight() {
    return oversight;
  }

  /** The caller's own allow-list of values known to be benign. */
  public AllowListEditor allowLists() {
    return allowLists;
  }

  /** What a member reads about itself and the exchange: its record, categories, names, its signals listed. */
  public MemberViews members() {
    return members;
  }

  /** The delta feed: the change log as pages the caller may see, behind opaque cursors. */
  public DeltaFeed deltaFeed() {
    return deltaFeed;
  }

  /** The signals the caller may see by modification time (the StopNCII-shaped feed), and their counts. */
  public ModifiedFeed modifiedFeed() {
    return modifiedFeed;
  }

  /** Opinions on signals: giving one, a signal's summary, what others said of the caller's signals. */
  public FeedbackLedger feedback() {
    return feedback;
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
    modifiedFeed.close();
    writer.close();
  }
}
