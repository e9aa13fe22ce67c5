package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.signal.Signal;

/**
 * How a signal came about and what came of it: the signals it was derived from (transitively) and
 * the signals derived from it, as far as the caller may see them. Signals the caller may not see
 * are neither shown nor counted: a count would tell the caller that they exist.
 *
 * @param signal the signal asked about
 * @param ancestors visible signals it derives from, nearest first
 * @param descendants visible signals derived from it, nearest first
 *     <p>Thread-safety: immutable.
 */
public record Provenance(
    Signal signal, List<Signal> ancestors, List<Signal> descendants) {
  public Provenance {
    ancestors = List.copyOf(ancestors);
    descendants = List.copyOf(descendants);
  }
}
