package org.lantern.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log: an {@link AuditEvent} with its place in the chain.
 *
 * <p>Thread-safety: immutable.
 *
 * @param sequence 1-based position in the log; consecutive across segments
 * @param time when it was appended, UTC, truncated to microseconds (what the log stores); never
 *     earlier than the previous entry's time by more than {@link AuditLog#TIME_TOLERANCE}
 * @param event what happened
 * @param previousHash lowercase hex SHA-256 of the previous entry's exact line bytes, including
 *     its {@code '\n'}; {@link AuditLog#NO_PREVIOUS} (64 zeros) for entry 1
 */
public record AuditEntry(long sequence, Instant time, AuditEvent event, String previousHash) {
  /** Checks the fields (sequence from 1, non-null time, event and hash). */
  public AuditEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
  }
}
