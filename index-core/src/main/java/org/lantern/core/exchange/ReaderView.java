package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;

/**
 * A signal as one participant may see it. The stored signal names everyone it was shared with,
 * every signal it was derived from and its position in the change log; shown as stored, each of
 * these tells a reader about signals or participants it has no business knowing of:
 *
 * <ul>
 *   <li>{@code visibility}: a recipient learns who else received the signal. It sees only that the
 *       signal was shared with all (empty list) or with it ({@code [itself]}). The signal's
 *       contributor and admins see the full list.
 *   <li>{@code derived_from}: only the parents the reader may see; the others are left out, and
 *       nothing counts them.
 *   <li>{@code sequence}: the change-log position counts every participant's writes, so only
 *       admins see it (0 for everyone else; the JSON leaves it out).
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class ReaderView {
  private ReaderView() {}

  /**
   * {@code signal} as {@code caller} sees it; {@code visibleId} says whether the caller may see
   * the signal with a given id (false for ids of no stored signal).
   */
  static Signal of(Caller caller, Signal signal, Predicate<String> visibleId) {
    if (caller.isAdmin()) {
      return signal;
    }
    boolean own = signal.contributor().equals(caller.participant());
    List<String> visibility =
        own || signal.visibility().isEmpty() ? signal.visibility() : List.of(caller.participant());
    List<String> parents = signal.derivedFrom();
    if (!parents.isEmpty()) {
      List<String> shown = new ArrayList<>(parents.size());
      for (String parent : parents) {
        if (visibleId.test(parent)) {
          shown.add(parent);
        }
      }
      parents = shown;
    }
    return new Signal(
        signal.id(), signal.type(), signal.value(), signal.contributor(), signal.categories(), signal.note(),
        signal.created(), signal.updated(), signal.expires(), signal.status(), parents, visibility, 0);
  }
}
