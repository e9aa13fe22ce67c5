package org.lantern.core.exchange;

import java.time.Instant;
import org.lantern.core.signal.SignalType;

/**
 * A value one participant marked as known-benign for itself (a stock image's hash, its own domain).
 * Matches against it are suppressed for that participant only.
 *
 * @param type the signal type
 * @param value canonical value; for URLs, every stored URL under this one (same host, path prefix)
 *     is covered
 * @param note why, for the participant's own records
 * @param created when it was added
 *     <p>Thread-safety: immutable.
 */
public record AllowEntry(SignalType type, String value, String note, Instant created) {}
