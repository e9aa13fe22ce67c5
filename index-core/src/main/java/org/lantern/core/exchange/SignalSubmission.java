package org.lantern.core.exchange;

import java.time.Instant;
import java.util.List;

/**
 * One signal as a contributor submits it, before validation: the type is still text so that an
 * unknown type is refused for this signal alone, with the others of its batch accepted.
 *
 * @param type a {@link org.lantern.core.signal.SignalType} label
 * @param value the value in any accepted spelling; canonicalised on submit
 * @param categories from the exchange's vocabulary; {@code null} for none
 * @param note free text, {@code null} for none
 * @param expires when matching should stop, {@code null} for never; must be in the future
 * @param derivedFrom ids of existing signals that led to this one; {@code null} for none
 * @param visibility participant ids allowed to see it besides the contributor; {@code null} or
 *     empty for every participant
 *     <p>Thread-safety: immutable.
 */
public record SignalSubmission(
    String type,
    String value,
    List<String> categories,
    String note,
    Instant expires,
    List<String> derivedFrom,
    List<String> visibility) {

  /** A submission of just a type, a value and categories. */
  public static SignalSubmission of(String type, String value, String... categories) {
    return new SignalSubmission(type, value, List.of(categories), null, null, null, null);
  }

  public SignalSubmission withNote(String newNote) {
    return new SignalSubmission(type, value, categories, newNote, expires, derivedFrom, visibility);
  }

  public SignalSubmission withExpires(Instant newExpires) {
    return new SignalSubmission(type, value, categories, note, newExpires, derivedFrom, visibility);
  }

  public SignalSubmission withDerivedFrom(List<String> ids) {
    return new SignalSubmission(type, value, categories, note, expires, ids, visibility);
  }

  public SignalSubmission withVisibility(List<String> participants) {
    return new SignalSubmission(type, value, categories, note, expires, derivedFrom, participants);
  }
}
