package org.lantern.core.audit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What one exchange operation did, as the auditor sees it: who, which operation, which signal
 * types, how many queries and matches, and the ids of the matched signals. Never the queried
 * content: a lookup of an e-mail address records {@code types = [email], queries = 1}, not the
 * address (DESIGN.md §3: account identifiers are never stored in clear, and the audit log is no
 * exception).
 *
 * <p>Validated on construction, so that a bad event fails at the caller, before the log's lock:
 *
 * <ul>
 *   <li>{@code participant}: 1–{@value #MAX_PARTICIPANT} chars, not blank (any characters; they
 *       are escaped in the log);
 *   <li>{@code operation}: a short snake_case verb, {@code [a-z][a-z0-9_]*}, at most {@value
 *       #MAX_OPERATION} chars ({@code submit}, {@code match_hashes}, {@code retract}, {@code get},
 *       {@code feed}, {@code audit_export}, ...);
 *   <li>{@code signalTypes}: type labels, each {@code [a-z0-9_]+} of at most {@value #MAX_TYPE}
 *       chars (a caller that got an unknown type from a client records {@code unknown}, not the
 *       client's string);
 *   <li>{@code queries}, {@code matches}: not negative;
 *   <li>{@code matchedIds}: signal ids, each 1–{@value #MAX_ID} chars;
 *   <li>{@code detail}: optional (null), at most {@value #MAX_DETAIL} chars, no line breaks.
 *       Short free text such as a reason; never a queried value.
 * </ul>
 *
 * <p>Thread-safety: immutable (the lists are unmodifiable copies).
 */
public record AuditEvent(
    String participant,
    String operation,
    List<String> signalTypes,
    int queries,
    int matches,
    List<String> matchedIds,
    String detail) {

  /** Longest participant name, in chars. */
  public static final int MAX_PARTICIPANT = 256;
  /** Longest operation name, in chars. */
  public static final int MAX_OPERATION = 64;
  /** Longest signal type label, in chars. */
  public static final int MAX_TYPE = 32;
  /** Longest matched id, in chars. */
  public static final int MAX_ID = 128;
  /** Longest detail, in chars. */
  public static final int MAX_DETAIL = 512;

  private static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+");

  /** Validates every field (see the class comment) and copies the lists. */
  public AuditEvent {
    if (participant == null || participant.isBlank() || participant.length() > MAX_PARTICIPANT) {
      throw new IllegalArgumentException(
          "participant must be 1.." + MAX_PARTICIPANT + " chars and not blank, got "
              + (participant == null ? "null" : participant.length() + " chars"));
    }
    if (operation == null || operation.length() > MAX_OPERATION || !OPERATION.matcher(operation).matches()) {
      throw new IllegalArgumentException(
          "operation must be snake_case [a-z][a-z0-9_]* of at most " + MAX_OPERATION + " chars, got '" + operation + "'");
    }
    signalTypes = List.copyOf(signalTypes); // also rejects null elements
    for (int i = 0; i < signalTypes.size(); i++) {
      String type = signalTypes.get(i);
      if (type.length() > MAX_TYPE || !TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(
            "signalTypes[" + i + "] must be [a-z0-9_]+ of at most " + MAX_TYPE + " chars, got '" + type + "'");
      }
    }
    if (queries < 0 || matches < 0) {
      throw new IllegalArgumentException("queries and matches must be >= 0, got " + queries + " and " + matches);
    }
    matchedIds = List.copyOf(matchedIds);
    for (int i = 0; i < matchedIds.size(); i++) {
      int length = matchedIds.get(i).length();
      if (length == 0 || length > MAX_ID) {
        throw new IllegalArgumentException("matchedIds[" + i + "] must be 1.." + MAX_ID + " chars, got " + length);
      }
    }
    if (detail != null) {
      if (detail.length() > MAX_DETAIL) {
        throw new IllegalArgumentException("detail must be at most " + MAX_DETAIL + " chars, got " + detail.length());
      }
      if (detail.indexOf('\n') >= 0 || detail.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("detail must not contain line breaks");
      }
    }
  }

  /** An event without matches or detail, e.g. a write: {@code of("mega", "submit", List.of("pdq"), 200)}. */
  public static AuditEvent of(String participant, String operation, List<String> signalTypes, int queries) {
    return new AuditEvent(participant, operation, signalTypes, queries, 0, List.of(), null);
  }

  /** A lookup: {@code queries} queried values of {@code signalTypes}, {@code matchedIds} found. */
  public static AuditEvent lookup(
      String participant, String operation, List<String> signalTypes, int queries, List<String> matchedIds) {
    return new AuditEvent(participant, operation, signalTypes, queries, matchedIds.size(), matchedIds, null);
  }

  /** This event with {@code detail} (validated as in the constructor). */
  public AuditEvent withDetail(String detail) {
    return new AuditEvent(participant, operation, signalTypes, queries, matches, matchedIds, detail);
  }
}
