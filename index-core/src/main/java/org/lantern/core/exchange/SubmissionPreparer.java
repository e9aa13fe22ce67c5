package org.lantern.core.exchange;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;

/**
 * Turns a submission into the signal to write: validates every field, canonicalises the value,
 * categories, note, expiry, parents and visibility, and derives the id from (type, canonical value,
 * contributor) with the exchange's secret. Everything here runs outside the write lock, except for
 * signals derived from others (their parents may be earlier signals of the same batch).
 *
 * <p>Thread-safety: thread-safe; the id HMAC is one {@code Mac} per thread.
 */
final class SubmissionPreparer {

  private final ExchangeDirectory dir;
  private final ThreadLocal<SignalIds> ids;
  private final SignalCanonicalizer canonicalizer;
  private final Categories categories;

  SubmissionPreparer(ExchangeDirectory dir) {
    this.dir = dir;
    this.ids = SignalIds.threadLocal(dir.secret);
    this.canonicalizer = new SignalCanonicalizer(new AccountKeys(dir.secret));
    this.categories = new Categories(dir.config.extraCategories());
  }

  /** The canonicaliser that writes and lookups share (equivalent inputs must meet). */
  SignalCanonicalizer canonicalizer() {
    return canonicalizer;
  }

  /** The id of the signal {@code contributor} would get for this canonical value. */
  String idOf(SignalType type, String canonicalValue, String contributor) {
    return SignalIds.encode(ids.get().derive(type, canonicalValue, contributor));
  }

  /** Prepares every submission of a batch that can be prepared before the write lock. */
  List<PreparedSignal> prepareAll(Caller caller, List<SignalSubmission> batch, Instant now) {
    List<PreparedSignal> prepared = new ArrayList<>(batch.size());
    for (SignalSubmission submission : batch) {
      if (submission != null && submission.derivedFrom() != null && !submission.derivedFrom().isEmpty()) {
        prepared.add(PreparedSignal.Deferred.INSTANCE);
        continue;
      }
      try {
        prepared.add(new PreparedSignal.Ready(prepare(caller, submission, now)));
      } catch (SignalRejectedException e) {
        prepared.add(new PreparedSignal.Refused(e));
      }
    }
    return prepared;
  }

  /**
   * The signal to write for {@code early} (under the write lock).
   *
   * @throws SignalRejectedException if it was refused, or is refused now
   */
  Signal resolve(PreparedSignal early, Caller caller, SignalSubmission submission, Instant now) {
    return switch (early) {
      case PreparedSignal.Ready ready -> ready.signal();
      case PreparedSignal.Refused refused -> throw refused.reason();
      case PreparedSignal.Deferred deferred -> prepare(caller, submission, now);
    };
  }

  /**
   * Validates and canonicalises one submission of {@code caller}'s.
   *
   * @throws SignalRejectedException naming the field that is wrong
   */
  Signal prepare(Caller caller, SignalSubmission submission, Instant now) {
    String contributor = caller.participant();
    if (submission == null) {
      throw new SignalRejectedException("invalid_signal", "signal", "the signal is empty");
    }
    SignalType type = SignalType.fromLabel(submission.type());
    FreeText.checkValue(type, submission.value());
    String value = canonicalizer.canonical(type, submission.value());
    if (type == SignalType.KEYWORD) {
      KeywordPolicy.check(value, dir.config.costs().minKeywordChars());
    }
    List<String> cats = categories.canonical(submission.categories());
    String note = checkedNote(submission.note());
    Instant expires = submission.expires() == null ? null : submission.expires().truncatedTo(ChronoUnit.MILLIS);
    if (expires != null && !expires.isAfter(now)) {
      throw new SignalRejectedException(
          "invalid_expires", "expires", "expires " + submission.expires() + " is not in the future (now " + now + ")");
    }
    String id = idOf(type, value, contributor);
    List<String> derivedFrom = parents(caller, id, submission.derivedFrom());
    List<String> visibility = Recipients.check(dir.participants, submission.visibility());
    return new Signal(
        id, type, value, contributor, cats, note, now, now, expires, SignalStatus.ACTIVE, derivedFrom, visibility, 0);
  }

  /**
   * A note stripped and checked against the configured length.
   *
   * @throws SignalRejectedException {@code note_too_long}
   */
  String checkedNote(String note) {
    String text = note == null ? "" : note.strip();
    int max = dir.config.maxNoteLength();
    if (text.length() > max) {
      throw new SignalRejectedException(
          "note_too_long", "note", "the note has " + text.length() + " characters; at most " + max + " are accepted");
    }
    FreeText.checkNote("note", text);
    return text;
  }

  /** The parents, each a signal the caller may see, without repeats or the signal itself. */
  private List<String> parents(Caller caller, String id, List<String> given) {
    List<String> derivedFrom = new ArrayList<>();
    List<String> list = given == null ? List.of() : given;
    for (int i = 0; i < list.size(); i++) {
      String parent = list.get(i);
      StoredSignal parentSignal = parent == null ? null : dir.store.get(parent.trim());
      if (parentSignal == null || !AccessPolicy.visible(caller, parentSignal.signal())) {
        throw new SignalRejectedException(
            "unknown_signal", "derived_from[" + i + "]", "derived_from[" + i + "] '" + parent + "' is not the id of a signal in this exchange");
      }
      String p = parent.trim();
      if (!p.equals(id) && !derivedFrom.contains(p)) {
        derivedFrom.add(p);
      }
    }
    return derivedFrom;
  }

  /** A submission's type for the audit log: its label if known, else "unknown" (never the client's text). */
  static String typeLabel(SignalSubmission submission) {
    try {
      return submission == null ? "unknown" : SignalType.fromLabel(submission.type()).label();
    } catch (SignalRejectedException e) {
      return "unknown";
    }
  }
}
