package org.lantern.core.signal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One signal as the exchange holds it: a lead that one participant shares so that others can look
 * for the same thing on their platforms.
 *
 * @param id stable, unique, URL-safe (26 characters of lower-case base32); the same (type,
 *     canonical value, contributor) always has the same id
 * @param type what kind of value this is
 * @param value the canonical form (lower-case hex for hashes, canonical URL, folded keyword); for
 *     account identifiers the hex HMAC-SHA256 of the normalised identifier, never the identifier
 * @param contributor the participant who shared it
 * @param categories sorted, distinct, from the exchange's vocabulary; may be empty
 * @param note free text from the contributor, "" when none, bounded in length
 * @param created when the signal was first submitted (UTC, millisecond precision)
 * @param updated when it last changed
 * @param expires when it stops being matched, or {@code null} for never
 * @param status whether it is matched
 * @param derivedFrom ids of the signals that led to this one
 * @param visibility participants allowed to see it besides its contributor; empty means every
 *     participant
 * @param sequence the exchange's commit sequence number of the last change to this signal
 *     (increasing; the delta feed's cursor)
 *     <p>Thread-safety: immutable.
 */
public record Signal(
    String id,
    SignalType type,
    String value,
    String contributor,
    List<String> categories,
    String note,
    Instant created,
    Instant updated,
    Instant expires,
    SignalStatus status,
    List<String> derivedFrom,
    List<String> visibility,
    long sequence) {
  public Signal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(contributor, "contributor");
    categories = List.copyOf(categories);
    note = note == null ? "" : note;
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(status, "status");
    derivedFrom = List.copyOf(derivedFrom);
    visibility = List.copyOf(visibility);
  }

  public boolean isActive() {
    return status == SignalStatus.ACTIVE;
  }

  /** A copy with another status, update time and sequence. */
  public Signal withStatus(SignalStatus newStatus, Instant when, long newSequence) {
    return new Signal(
        id, type, value, contributor, categories, note, created, when, expires, newStatus,
        derivedFrom, visibility, newSequence);
  }
}
