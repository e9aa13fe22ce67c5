package org.lantern.core.exchange;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.search.HitFilter;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;
import org.lantern.core.text.TextFilter;

/**
 * The filters a lookup passes down into the indexes, so that they return the {@code limit}
 * nearest signals the caller may accept — active, visible to it ({@link AccessPolicy}), not on its
 * allow-list — in one pass, instead of searching, dropping and searching again for more.
 *
 * <p>Perceptual lookups never meet a hash the caller may not see: restricted hashes sit in
 * per-audience partitions ({@link RestrictedHashes}) that only their audience's callers scan, and
 * the shared index holds hashes shared with all. Text lookups seek only the scopes the caller may
 * see ({@link org.lantern.core.text.TextIndex}), so they never visit a hidden document either. The
 * filters still check each candidate's audience (fail closed: an ordinal not yet, or no longer,
 * given an audience is rejected).
 *
 * <p>Allow-listed candidates are counted (each once) as suppressed; only candidates the caller may
 * see reach that check, so the count never reveals a hidden signal.
 *
 * <p>Thread-safety: the factory is thread-safe; each filter serves one lookup.
 */
final class CallerFilters {
  private final ExchangeDirectory dir;

  CallerFilters(ExchangeDirectory dir) {
    this.dir = dir;
  }

  /**
   * A filter for one lookup in the shared index {@code index}, by a caller who may see the
   * audience ids of {@code visible} ({@link Audiences#visibleTo}) and has allow-listed {@code
   * allowed}.
   */
  HashFilter shared(PerceptualIndex index, long[] visible, Set<String> allowed) {
    return new HashFilter(ordinal -> Audiences.contains(visible, index.audienceAt(ordinal)), index::hashAt, allowed);
  }

  /**
   * A filter for one lookup of {@code caller} in a restricted partition it may see (the caller
   * checked the audience): only the allow-list rejects.
   */
  HashFilter partition(RestrictedHashes.View view, Set<String> allowed) {
    return new HashFilter(slot -> view.idAt(slot) != null, view::hashAt, allowed);
  }

  /** The canonical hex of the caller's allow-listed hashes of {@code type}. */
  Set<String> allowed(Caller caller, SignalType type) {
    return dir.allowLists.hasAny(caller.participant(), type) ? dir.allowLists.values(caller.participant(), type) : Set.of();
  }

  /**
   * A filter for one text-index lookup (URL, keyword, account) of {@code caller}, naming the scopes
   * it may see: the lookup seeks only those, so it never visits a document it may not see.
   */
  TextHits text(Caller caller, SignalType type) {
    return new TextHits(caller, dir.allowLists.hasAny(caller.participant(), type), scopes(caller));
  }

  /**
   * The text scopes {@code caller} may see ({@link Audiences#scopesOf}), or null to search
   * unscoped: for an admin, who sees every scope (one unscoped seek costs it less than one per
   * scope), and for a member who may see more than {@link #MAX_SCOPES}. A scoped URL lookup seeks
   * every query term once per scope; others could inflate a member's scopes by sharing with it
   * under ever new lists, so past the bound the lookup goes back to the unscoped terms and the
   * per-document audience check (its answer is the same; only its time may again show hidden
   * documents).
   */
  List<String> scopes(Caller caller) {
    if (caller.isAdmin()) {
      return null;
    }
    List<String> scopes = dir.indexes.audiences.scopesOf(caller);
    return scopes.size() > MAX_SCOPES ? null : scopes;
  }

  /** The most text scopes a lookup seeks one by one; see {@link #scopes}. */
  static final int MAX_SCOPES = 64;

  /** Per ordinal (or slot): visible to the caller, and its hash not allow-listed. */
  static final class HashFilter implements HitFilter {
    private final IntPredicate visible;
    private final IntFunction<Hash> hashAt;
    private final Set<String> allowed; // canonical hex of the caller's allow-listed hashes of this type
    private final LongArrayList suppressed = new LongArrayList(); // packed (distance, ordinal)
    private final IntHashSet suppressedOrdinals = new IntHashSet();

    HashFilter(IntPredicate visible, IntFunction<Hash> hashAt, Set<String> allowed) {
      this.visible = visible;
      this.hashAt = hashAt;
      this.allowed = allowed;
    }

    @Override
    public boolean accept(int ordinal, int distance) {
      if (!visible.test(ordinal)) {
        return false;
      }
      if (allowed.isEmpty()) {
        return true;
      }
      Hash hash = hashAt.apply(ordinal);
      if (hash != null && allowed.contains(hash.toHex())) {
        if (suppressedOrdinals.add(ordinal)) {
          suppressed.add(((long) distance << 32) | ordinal);
        }
        return false;
      }
      return true;
    }

    /**
     * Allow-listed signals that would have been in the answer: those ranking before {@code
     * worstKept} (the answer's last hit, packed, if the answer is full; else every one offered).
     */
    int suppressed(long worstKept) {
      int n = 0;
      for (int i = 0; i < suppressed.size(); i++) {
        if (suppressed.get(i) < worstKept) {
          n++;
        }
      }
      return n;
    }
  }

  /** Per audience: visible to the caller; per document, only if it has allow-list entries: not allow-listed. */
  final class TextHits implements TextFilter {
    private final Caller caller;
    private final boolean checkAllowList;
    private final Set<String> suppressed = new HashSet<>();
    private final List<String> scopes;

    TextHits(Caller caller, boolean checkAllowList, List<String> scopes) {
      this.caller = caller;
      this.checkAllowList = checkAllowList;
      this.scopes = scopes;
    }

    @Override
    public List<String> scopes() {
      return scopes;
    }

    @Override
    public boolean acceptsAudience(String audience) {
      return Audience.fromKey(audience).visibleTo(caller);
    }

    @Override
    public boolean accepts(byte[] id) {
      if (!checkAllowList) {
        return true;
      }
      // The signal is visible to the caller here: reading it tells nothing hidden.
      StoredSignal stored = dir.store.get(id);
      if (stored != null && dir.allowLists.suppresses(caller.participant(), stored.signal())) {
        suppressed.add(SignalIds.encode(id));
        return false;
      }
      return true;
    }

    /** Allow-listed signals met, each once. */
    int suppressed() {
      return suppressed.size();
    }
  }
}
