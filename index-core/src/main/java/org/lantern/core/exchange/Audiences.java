package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.participant.Caller;

/**
 * The distinct {@link Audience}s of the stored signals, each with a small int id (from 1; 0 means
 * "no signal anyone may see"), and, per caller, the bitmap of the ids it may see and the text
 * scopes they make. A lookup reads the bitmap to pick the restricted hash partitions it may scan
 * ({@link RestrictedHashes}) and the shared index's filter checks each ordinal's id against it
 * ({@link OrdinalAudiences}); text lookups seek the caller's scopes only.
 *
 * <p>Ids live in memory only: they are given again on every open, as the store is read.
 * Audiences are never forgotten (there are few: about one per contributor and sharing list).
 *
 * <p>Thread-safety: thread-safe. {@link #id} is serialized; {@link #visibleTo} is lock-free and
 * extends a caller's bitmap copy-on-write when new audiences appeared.
 */
final class Audiences {
  private final ConcurrentHashMap<Audience, Integer> ids = new ConcurrentHashMap<>();
  /** Audience by id; index 0 unused. Replaced (never changed in place) as ids are added. */
  private volatile Audience[] byId = new Audience[1];
  /** Per caller (participant and admin flag): which ids it may see. */
  private final ConcurrentHashMap<String, Visible> views = new ConcurrentHashMap<>();

  /**
   * A caller's bitmap over ids {@code 1 .. covered - 1}, and the text scopes it may search: the
   * shared one, then each visible restricted audience's ({@link Audience#scope}).
   */
  private record Visible(long[] bits, int covered, List<String> scopes) {}

  /** The id of {@code audience}, given on first use. */
  int id(Audience audience) {
    Integer id = ids.get(audience);
    return id != null ? id : add(audience);
  }

  private synchronized int add(Audience audience) {
    Integer id = ids.get(audience);
    if (id != null) {
      return id;
    }
    Audience[] next = Arrays.copyOf(byId, byId.length + 1);
    next[byId.length] = audience;
    byId = next; // published before the id can be read from any ordinal
    ids.put(audience, next.length - 1);
    return next.length - 1;
  }

  /**
   * The ids {@code caller} may see, as a bitmap: bit {@code id} of word {@code id >>> 6}. Ids
   * beyond the bitmap are not visible (they were added after it was made; the caller asks again
   * on its next lookup).
   */
  long[] visibleTo(Caller caller) {
    return view(caller).bits();
  }

  private Visible view(Caller caller) {
    Audience[] all = byId;
    String key = (caller.isAdmin() ? "A" : "P") + caller.participant();
    Visible view = views.get(key);
    if (view == null || view.covered() < all.length) {
      view = views.compute(key, (k, old) -> extend(caller, old, all));
    }
    return view;
  }

  /**
   * The text scopes {@code caller} may search ({@link org.lantern.core.text.TextFilter#scopes}):
   * the shared scope and those of the restricted audiences it may see, none other.
   */
  List<String> scopesOf(Caller caller) {
    return view(caller).scopes();
  }

  private static Visible extend(Caller caller, Visible old, Audience[] all) {
    if (old != null && old.covered() >= all.length) {
      return old;
    }
    long[] bits = Arrays.copyOf(old == null ? new long[0] : old.bits(), (all.length + 63) >>> 6);
    List<String> scopes = new ArrayList<>(old == null ? List.of(Audience.SHARED_SCOPE) : old.scopes());
    for (int id = old == null ? 1 : Math.max(1, old.covered()); id < all.length; id++) {
      if (all[id].visibleTo(caller)) {
        bits[id >>> 6] |= 1L << id;
        String scope = all[id].scope();
        if (!scope.equals(Audience.SHARED_SCOPE)) {
          scopes.add(scope);
        }
      }
    }
    return new Visible(bits, all.length, List.copyOf(scopes));
  }

  /** Whether bit {@code id} is set in a {@link #visibleTo} bitmap (false for 0 and beyond it). */
  static boolean contains(long[] visible, int id) {
    int word = id >>> 6;
    return id > 0 && word < visible.length && (visible[word] & (1L << id)) != 0;
  }
}
