package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import org.lantern.core.participant.Participants;
import org.lantern.core.signal.SignalRejectedException;

/**
 * Checks who a signal is shared with. Every recipient must be an existing participant, matched
 * exactly (case and spaces included): {@code ["C"]} when only {@code c} exists is refused, so
 * that a typo never publishes a signal to no one, and a participant created later under the
 * mistyped name never receives it. An empty or absent list means every participant; the doors
 * (HTTP, loaders, command line) refuse an explicit empty list before it gets here, because only
 * "all" or an absent field may share with everyone.
 *
 * <p>Thread-safety: stateless; reads the participants' snapshot.
 */
final class Recipients {
  private Recipients() {}

  /**
   * The recipients, sorted and without duplicates; empty for every participant.
   *
   * @throws SignalRejectedException {@code unknown_participant} (field {@code visibility[i]}) for
   *     a recipient that is not a participant
   */
  static List<String> check(Participants participants, List<String> recipients) {
    List<String> out = new ArrayList<>();
    if (recipients == null) {
      return out;
    }
    for (int i = 0; i < recipients.size(); i++) {
      String recipient = recipients.get(i);
      if (recipient == null || participants.get(recipient).isEmpty()) {
        throw new SignalRejectedException("unknown_participant", "visibility[" + i + "]",
            "visibility[" + i + "] '" + recipient + "' is not a participant of this exchange (ids are matched exactly,"
                + " case included; an admin lists them with `lantern participants list`)");
      }
      if (!out.contains(recipient)) {
        out.add(recipient);
      }
    }
    out.sort(null);
    return out;
  }
}
