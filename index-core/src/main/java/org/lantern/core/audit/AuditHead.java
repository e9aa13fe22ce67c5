package org.lantern.core.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An anchor on the audit chain: an entry's sequence number and the SHA-256 of its exact line
 * ({@code '\n'} included), written {@code SEQ:HASH} ({@code 1234:9f2c…}, 64 lower-case hex
 * digits). An auditor who holds one can later prove that nothing up to that entry changed and that
 * the log was not cut back behind it ({@link AuditLog#verify(java.nio.file.Path, AuditHead)}):
 * the two edits a hash chain cannot reveal on its own, rewriting the newest entries with recomputed
 * hashes and cutting them off, both fail against an anchor kept outside the data directory.
 *
 * <p>Thread-safety: immutable.
 *
 * @param sequence the entry's sequence number (0 for the empty log)
 * @param hash hex SHA-256 of its line ({@link AuditLog#NO_PREVIOUS} for the empty log)
 */
public record AuditHead(long sequence, String hash) {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,18}):([0-9a-f]{64})");

  public AuditHead {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
    if (hash == null || !hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("hash must be 64 lower-case hex digits, got '" + hash + "'");
    }
  }

  /**
   * Reads {@code SEQ:HASH}.
   *
   * @throws IllegalArgumentException naming the expected shape
   */
  public static AuditHead parse(String text) {
    Matcher m = text == null ? null : TEXT.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "expected SEQ:HASH (an entry's sequence number, a colon and 64 lower-case hex digits, as `lantern audit head`"
              + " prints it), got '" + text + "'");
    }
    return new AuditHead(Long.parseLong(m.group(1)), m.group(2));
  }

  /** {@code SEQ:HASH}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return sequence + ":" + hash;
  }
}
