package org.lantern.loaders.format.line;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads an expiry time written as an ISO-8601 instant ({@code 2027-01-01T00:00:00Z}), a time with
 * an offset ({@code 2027-01-01T02:00:00+02:00}) or a date ({@code 2027-01-01}, meaning its start
 * in UTC). Whether it lies in the future is the exchange's check, not the reader's.
 *
 * <p>Thread-safety: stateless.
 */
final class Expiry {
  /** The accepted spellings, for messages. */
  static final String EXPECTED = "an ISO-8601 time such as 2027-01-01T00:00:00Z or a date such as 2027-01-01";

  private Expiry() {}

  /** The instant, or {@code null} when {@code text} is none of the accepted spellings. */
  static Instant parse(String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
