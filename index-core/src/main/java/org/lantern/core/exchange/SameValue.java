package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.Match;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.StoredSignal;
import org.lantern.core.signal.canon.UrlCanonicalizer;

/**
 * The active signals holding the same type and canonical value as a given one (other
 * contributors' copies of the same hash), found through the indexes, which hold active signals
 * only: what a feed keyed by value needs so that one contributor's retraction does not delete a
 * value another contributor still shares.
 *
 * <p>Thread-safety: stateless; safe wherever lookups are.
 */
final class SameValue {
  /** Most copies of one value looked at. */
  private static final int MOST = 256;

  private SameValue() {}

  /** The active signals other than {@code signal} with its type and value (visibility not checked). */
  static List<Signal> active(DerivedIndexes indexes, SignalStore store, Signal signal) {
    List<byte[]> ids = new ArrayList<>();
    switch (signal.type().family()) {
      case PERCEPTUAL -> {
        Hash hash = Hash.parseHex(signal.value(), signal.type().hashType().bits());
        List<byte[]> restricted = indexes.restricted(signal.type().hashType()).idsOf(hash);
        ids.addAll(restricted.subList(0, Math.min(MOST, restricted.size())));
        PerceptualIndex index = indexes.perceptual(signal.type().hashType());
        if (index != null) {
          for (Match m : index.search(hash, MOST, 0).matches()) {
            byte[] id = index.idAt(m.id());
            StoredSignal stored = store.get(id);
            if (stored != null && stored.ordinal() == m.id()) {
              ids.add(id);
            }
          }
        }
      }
      case DIGEST -> ids.addAll(indexes.digests.find(signal.type(), signal.value()));
      case URL -> ids.addAll(indexes.text.idsWithValue(
          signal.type().label(), DerivedIndexes.exactUrlKey(UrlCanonicalizer.canonicalize(signal.value())), MOST));
      case KEYWORD, ACCOUNT -> ids.addAll(indexes.text.idsWithValue(signal.type().label(), signal.value(), MOST));
    }
    List<Signal> out = new ArrayList<>(ids.size());
    for (byte[] id : ids) {
      StoredSignal stored = store.get(id);
      if (stored != null && stored.signal().isActive() && !stored.signal().id().equals(signal.id())
          && stored.signal().value().equals(signal.value())) {
        out.add(stored.signal());
      }
    }
    return out;
  }
}
