package org.lantern.core.exchange;

import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;

/**
 * One matched signal: the signal (id, type, value, categories, contributor, created, ...) and how
 * it matched. A match is a lead for investigation, never evidence ({@link Exchange#LEAD_NOTE}).
 *
 * @param signal the matched signal as stored
 * @param kind how it matched
 * @param distance Hamming distance for {@link MatchKind#NEAR}, 0 for exact kinds, -1 where
 *     distance means nothing (prefix, host, keyword)
 * @param opinions the feedback participants gave on it (with the caller's own)
 *     <p>Thread-safety: immutable.
 */
public record SignalMatch(Signal signal, MatchKind kind, int distance, Opinions opinions) {}
