package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.signal.Signal;

/**
 * How a signal came about and what came of it: the signals it was derived from (transitively) and
 * the signals derived from it, as far as the caller may see them. Signals the caller may not see
 * are counted, never shown: the caller learns that a hidden step exists, not what it is.
 *
 * @param signal the signal asked about
 * @param ancestors visible signals it derives from, nearest first
 * @param descendants visible signals derived from it, nearest first
 * @param hiddenAncestors ancestors the caller may not see
 * @param hiddenDescendants descendants the caller may not see
 *     <p>Thread-safety: immutable.
 */
public record Provenance(
    Signal signal, List<Signal> ancestors, List<Signal> descendants, int hiddenAncestors, int hiddenDescendants) {
  public Provenance {
    ancestors = List.copyOf(ancestors);
    descendants = List.copyOf(descendants);
  }
}
