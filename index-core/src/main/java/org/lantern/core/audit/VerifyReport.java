package org.lantern.core.audit;

/**
 * The answer of {@link AuditLog#verify}: how far the chain holds, and where and why it breaks.
 *
 * <p>Thread-safety: immutable.
 *
 * @param entriesChecked complete entries read and found intact, in order from entry 1 (when the
 *     chain breaks, the entries before the first bad one)
 * @param intact whether every byte of every segment belongs to an intact entry of one unbroken
 *     chain
 * @param firstBadSequence the position (1-based sequence number) of the first entry that is
 *     damaged, missing or out of place: the entry <em>expected</em> there, so a removed entry 17
 *     reports 17 even though the line found there says 18; {@code -1} when intact
 * @param reason what is wrong at {@code firstBadSequence}, e.g. {@code "entry 17: sequence 18 out
 *     of order"} or {@code "torn last entry (113 bytes without a line end)"}; {@code null} when
 *     intact
 * @param headHash hex SHA-256 of the last intact entry's line (64 zeros when there is none). An
 *     auditor who notes {@code entriesChecked} and {@code headHash} can later prove that nothing
 *     up to that entry changed, and that the log was not cut back behind it: the one edit a hash
 *     chain cannot reveal on its own is losing its newest entries
 */
public record VerifyReport(long entriesChecked, boolean intact, long firstBadSequence, String reason, String headHash) {
  /**
   * One line for people: {@code "1234 entries checked, intact (head: entry 1234, sha256 …)"} or
   * {@code "16 entries checked, broken at entry 17: previous_hash does not match entry 16"}.
   */
  public String summary() {
    if (intact) {
      return entriesChecked + " entries checked, intact (head: entry " + entriesChecked + ", sha256 " + headHash + ")";
    }
    String prefix = "entry " + firstBadSequence + ": ";
    String why = reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    return entriesChecked + " entries checked, broken at entry " + firstBadSequence + ": " + why;
  }
}
