package org.lantern.core.exchange;

import org.lantern.core.signal.Signal;

/**
 * A keyword signal found in scanned text.
 *
 * @param signal the keyword signal
 * @param start offset of the first character of the matched words in the original text (UTF-16)
 * @param end offset just past the last matched character
 *     <p>Thread-safety: immutable.
 */
public record TextHit(Signal signal, int start, int end) {}
