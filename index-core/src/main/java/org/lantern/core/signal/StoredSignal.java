package org.lantern.core.signal;

/**
 * A signal as the store keeps it: the public {@link Signal} plus where it sits in its type's
 * Hamming index.
 *
 * @param signal the signal
 * @param ordinal the ordinal of a perceptual signal's hash in its type's Hamming index, or -1
 *     (other families, or not yet indexed). A hit on ordinal o is this signal only if the record
 *     still names o: after a crash an index may hold an ordinal whose record moved on.
 *     <p>Thread-safety: immutable.
 */
public record StoredSignal(Signal signal, long ordinal) {}
