package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.StoredSignal;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.text.KeywordHit;
import org.lantern.core.text.TextIndex;

/**
 * Every read path that answers "which signals match this?": by id, nearest perceptual hashes,
 * exact digests, accounts and keywords, related URLs, keywords occurring in a text. Each answer
 * holds only active signals the caller may see and has not allow-listed (those are counted as
 * suppressed), each with the caller's view of its feedback; each lookup is recorded in the audit
 * log with the ids it returned.
 *
 * <p>Filtering happens inside the search ({@link CallerFilters}): an answer holds the {@code
 * limit} nearest acceptable signals, however many hidden ones lie nearer, found in one pass.
 *
 * <p>A perceptual hit is accepted only if its signal's record still names that index ordinal, so
 * an index entry left behind by a crash can never surface as a match.
 *
 * <p>Thread-safety: thread-safe; lookups never take the write lock.
 */
final class SignalLookup {
  private final ExchangeDirectory dir;
  private final AccessPolicy policy;
  private final OperationAudit operations;
  private final SignalCanonicalizer canonicalizer;
  private final CallerFilters filters;

  SignalLookup(ExchangeDirectory dir, AccessPolicy policy, OperationAudit operations, SignalCanonicalizer canonicalizer) {
    this.dir = dir;
    this.filters = new CallerFilters(dir);
    this.policy = policy;
    this.operations = operations;
    this.canonicalizer = canonicalizer;
  }

  /** The signal with this id, whatever its status, if the caller may see it. */
  Optional<Signal> get(Caller caller, String id) {
    return operations.run(caller, null,
        () -> {
          StoredSignal stored = dir.store.get(id);
          return stored != null && AccessPolicy.visible(caller, stored.signal())
              ? Optional.of(policy.view(caller, stored.signal()))
              : Optional.<Signal>empty();
        },
        found -> new AuditEvent(caller.participant(), "get", found.map(s -> List.of(s.type().label())).orElse(List.of()), 1,
            found.isPresent() ? 1 : 0, found.map(s -> List.of(s.id())).orElse(List.of()), null));
  }

  /** Perceptual hashes near {@code hex} (see {@link Exchange#matchHash(Caller, SignalType, String, int, int)}). */
  Matches matchHash(Caller caller, SignalType type, String hex, int maxDistance, int limit) {
    return operations.lookup(caller, "match_hashes", type,
        () -> {
          int bits = checkHashQuery(type, maxDistance, limit);
          String canonical = canonicalizer.canonical(type, hex);
          Matches found = findHashes(caller, type, Hash.parseHex(canonical, bits), maxDistance, limit);
          return new Matches(hex, canonical, found.matches(), found.suppressed());
        },
        found -> lookupEvent(caller, "match_hashes", type, 1, found.matches()));
  }

  /** Several perceptual hashes at once; one audit entry of {@code hexes.size()} queries. */
  List<Matches> matchHashes(Caller caller, SignalType type, List<String> hexes, int maxDistance, int limit) {
    return operations.lookup(caller, "match_hashes", type,
        () -> {
          int bits = checkHashQuery(type, maxDistance, limit);
          List<String> canonical = new ArrayList<>(hexes.size());
          for (int i = 0; i < hexes.size(); i++) {
            try {
              canonical.add(canonicalizer.canonical(type, hexes.get(i)));
            } catch (SignalRejectedException e) {
              throw new SignalRejectedException(e.code(), "hashes[" + i + "]", e.getMessage());
            }
          }
          List<Matches> out = new ArrayList<>(hexes.size());
          for (int i = 0; i < hexes.size(); i++) {
            Matches found = findHashes(caller, type, Hash.parseHex(canonical.get(i), bits), maxDistance, limit);
            out.add(new Matches(hexes.get(i), canonical.get(i), found.matches(), found.suppressed()));
          }
          return out;
        },
        out -> {
          List<SignalMatch> all = new ArrayList<>();
          out.forEach(m -> all.addAll(m.matches()));
          return lookupEvent(caller, "match_hashes", type, hexes.size(), all);
        });
  }

  /** As {@link #matchHash(Caller, SignalType, String, int, int)} for a parsed hash (the hot path). */
  Matches matchHash(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    return operations.lookup(caller, "match_hashes", type,
        () -> findHashes(caller, type, query, maxDistance, limit),
        found -> lookupEvent(caller, "match_hashes", type, 1, found.matches()));
  }

  /**
   * The {@code limit} nearest hashes the caller may accept, found in one search over what it may
   * see ({@link CallerHashSearch}): the filters run inside, so hidden and allow-listed hashes take
   * no place, and restricted hashes of audiences it may not see are never even scanned. Each hit
   * is then checked again on its record (fail closed): a shared hit must still be named by it (an
   * index entry left by a crash never surfaces), and every hit must be acceptable.
   */
  private Matches findHashes(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    CallerHashSearch search = new CallerHashSearch(dir.indexes, filters, caller, type);
    // Bounded cost: ties are resolved by id among at most MAX_LIMIT * 4 acceptable hits per place
    // searched (beyond that, equally distant hits keep index order), so no lookup's work grows
    // with the data.
    int cap = Exchange.MAX_LIMIT * 4;
    for (int k = limit; ; k = Math.min(k * 4, cap)) {
      CallerHashSearch.Found found = search.search(query, k, maxDistance);
      List<CallerHashSearch.Hit> hits = found.hits();
      // Equally distant hits are ordered by id, not by index ordinal, and the last places go to
      // the lowest ids among them: ordinals depend on the order signals reached this exchange,
      // ids do not, so a replica answers exactly as its exchange does. That needs every
      // acceptable hit as near as the last one kept: search on while a place that filled up could
      // still hold one that ties it. Only acceptable hits take places (the filters run inside the
      // search), so whether this repeats depends on nothing the caller may not see.
      if (k < cap && hits.size() >= limit && found.fullAt() <= hits.get(limit - 1).distance()) {
        continue;
      }
      List<SignalMatch> out = new ArrayList<>(hits.size());
      java.util.Set<String> seen = new java.util.HashSet<>(); // a write moving a hash between places
      for (CallerHashSearch.Hit hit : hits) {
        StoredSignal stored = dir.store.get(hit.id());
        if (stored != null && (hit.ordinal() < 0 || stored.ordinal() == hit.ordinal()) && seen.add(stored.signal().id())
            && policy.acceptable(caller, stored.signal())) {
          out.add(matchOf(caller, stored, MatchKind.NEAR, hit.distance()));
        }
      }
      out.sort(Comparator.comparingInt(SignalMatch::distance).thenComparing(m -> m.signal().id()));
      if (out.size() > limit) {
        out = new ArrayList<>(out.subList(0, limit));
      }
      long worstKept = out.size() < limit ? Long.MAX_VALUE : ((long) out.get(limit - 1).distance() << 32) | Integer.MAX_VALUE;
      return new Matches(query.toHex(), query.toHex(), out, search.suppressed(worstKept));
    }
  }

  /** Signals whose canonical value equals {@code value}'s (digests, accounts, keywords). */
  Matches matchExact(Caller caller, SignalType type, String value, int limit) {
    if (type.family() == SignalType.Family.PERCEPTUAL) {
      return matchHash(caller, type, value, 0, limit);
    }
    if (type.family() == SignalType.Family.URL) {
      return matchUrl(caller, value, limit);
    }
    return operations.lookup(caller, "match_exact", type,
        () -> {
          checkLimit(limit);
          if (type.family() == SignalType.Family.ACCOUNT) {
            // The stored keys are HMACs under the followed exchange's secret, which never leaves it:
            // a key computed here would never match, and a silent miss is worse than a refusal.
            String primary = dir.readOnlyOf;
            if (primary != null) {
              throw new ReadOnlyExchangeException(primary,
                  "account lookups need the exchange's secret, which stays with it: look accounts up at " + primary);
            }
          }
          String canonical = canonicalizer.canonical(type, value);
          // Every signal of one value: ids are per (type, value, contributor), so there is at most
          // one per contributor and taking them all is bounded. They are ordered by id (as in
          // findHashes: the same answer on every replica), then cut to the limit.
          List<SignalMatch> out = new ArrayList<>();
          int suppressed;
          if (type.family() == SignalType.Family.DIGEST) {
            int[] dropped = {0};
            for (byte[] id : dir.indexes.digests.find(type, canonical)) {
              addAcceptable(caller, out, dir.store.get(id), MatchKind.EXACT, 0, Integer.MAX_VALUE, dropped);
            }
            suppressed = dropped[0];
          } else {
            CallerFilters.TextHits filter = filters.text(caller, type);
            for (byte[] id : dir.indexes.text.idsWithValue(type.label(), canonical, Exchange.MAX_LIMIT * 4, filter)) {
              addAcceptable(caller, out, dir.store.get(id), MatchKind.EXACT, 0, Integer.MAX_VALUE, null);
            }
            suppressed = filter.suppressed();
          }
          out.sort(Comparator.comparing(m -> m.signal().id()));
          if (out.size() > limit) {
            out = new ArrayList<>(out.subList(0, limit));
          }
          // Account queries answer with the key, never echoing the clear identifier.
          String query = type.family() == SignalType.Family.ACCOUNT ? canonical : value;
          return new Matches(query, canonical, out, suppressed);
        },
        found -> lookupEvent(caller, "match_exact", type, 1, found.matches()));
  }

  /** URL signals related to {@code url}: exact, then same host + path prefix, then same host. */
  Matches matchUrl(Caller caller, String url, int limit) {
    return operations.lookup(caller, "match_urls", SignalType.URL,
        () -> {
          checkLimit(limit);
          CanonicalUrl canonical = UrlCanonicalizer.canonicalize(url);
          // As in findHashes: within a kind, by id (the index's order depends on the order signals
          // reached this exchange, ids do not), so the search goes on while the last acceptable hit
          // found is of the same kind as the last one kept; bounded by MAX_LIMIT * 4 hits.
          int cap = Exchange.MAX_LIMIT * 4;
          for (int k = limit; ; k = Math.min(k * 4, cap)) {
            CallerFilters.TextHits filter = filters.text(caller, SignalType.URL);
            List<TextIndex.UrlHit> hits = dir.indexes.text.matchUrl(
                SignalType.URL.label(), DerivedIndexes.exactUrlKey(canonical), canonical.pathPrefixes(), canonical.hostKey(),
                k, filter);
            boolean exhausted = hits.size() < k || k >= cap;
            if (!exhausted && hits.get(hits.size() - 1).kind() == hits.get(limit - 1).kind()) {
              continue;
            }
            List<SignalMatch> out = new ArrayList<>();
            for (TextIndex.UrlHit hit : hits) {
              MatchKind kind =
                  switch (hit.kind()) {
                    case EXACT -> MatchKind.EXACT;
                    case PREFIX -> MatchKind.PREFIX;
                    case HOST -> MatchKind.HOST;
                  };
              addAcceptable(caller, out, dir.store.get(hit.id()), kind, kind == MatchKind.EXACT ? 0 : -1, Integer.MAX_VALUE, null);
            }
            // Rank as the index does (exact, the most specific path prefix first, then the host),
            // and by id within a rank.
            List<String> prefixes = canonical.pathPrefixes();
            out.sort(Comparator.comparingInt((SignalMatch m) -> urlRank(prefixes, m)).thenComparing(m -> m.signal().id()));
            if (out.size() > limit) {
              out = new ArrayList<>(out.subList(0, limit));
            }
            return new Matches(url, canonical.url(), out, filter.suppressed());
          }
        },
        found -> lookupEvent(caller, "match_urls", SignalType.URL, 1, found.matches()));
  }

  /** 0 for an exact match, 1 + the index of its path prefix in the query's (most specific first), then the host. */
  private static int urlRank(List<String> queryPrefixes, SignalMatch match) {
    return switch (match.kind()) {
      case EXACT -> 0;
      case PREFIX -> 1 + queryPrefixes.indexOf(UrlCanonicalizer.canonicalize(match.signal().value()).hostAndPath());
      default -> Integer.MAX_VALUE;
    };
  }

  /**
   * The keyword signals occurring in {@code text}, with their offsets in it: at most {@link
   * CostLimits#maxTextHits} of them, with the total count of visible hits.
   */
  TextScan scanText(Caller caller, String text) {
    CostLimits costs = dir.config.costs();
    List<String> matched = new ArrayList<>(); // every visible hit's id, for the (summarised) audit entry
    return operations.lookup(caller, "scan_text", SignalType.KEYWORD,
        () -> {
          if (text == null) {
            throw new SignalRejectedException("empty_value", "text", "no text to scan");
          }
          List<TextHit> hits = new ArrayList<>();
          int suppressed = 0;
          // One visibility decision per signal, not per hit: a text can hold a keyword a million times.
          java.util.Map<String, Signal> shown = new java.util.HashMap<>();
          // Only the keywords of scopes the caller may see are scanned for: a hidden one is never found.
          for (KeywordHit hit : dir.indexes.keywords.scan(text, filters.scopes(caller))) {
            Signal signal = shown.computeIfAbsent(hit.id(), id -> {
              StoredSignal stored = dir.store.get(id);
              return stored != null && stored.signal().isActive() && AccessPolicy.visible(caller, stored.signal()) ? stored.signal() : null;
            });
            if (signal == null) {
              continue;
            }
            if (dir.allowLists.suppresses(caller.participant(), signal)) {
              suppressed++;
            } else {
              matched.add(signal.id());
              if (hits.size() < costs.maxTextHits()) {
                hits.add(new TextHit(signal, hit.start(), hit.end()));
              }
            }
          }
          return new TextScan(hits, suppressed, Exchange.LEAD_NOTE, matched.size(), matched.size() > hits.size());
        },
        scan -> LookupAudit.event(
            caller.participant(), "scan_text", List.of(SignalType.KEYWORD.label()), 1, matched, costs.auditMaxIds()));
  }

  /**
   * Adds an active, visible, not allow-listed signal to a lookup's answer (up to {@code limit});
   * counts an allow-listed one in {@code suppressed} if given. The in-search filters already
   * rejected what the caller may not accept; this is the check on the record (fail closed).
   */
  private void addAcceptable(
      Caller caller, List<SignalMatch> out, StoredSignal stored, MatchKind kind, int distance, int limit, int[] suppressed) {
    if (stored == null || out.size() >= limit) {
      return;
    }
    Signal signal = stored.signal();
    if (!signal.isActive() || !AccessPolicy.visible(caller, signal)) {
      return;
    }
    if (dir.allowLists.suppresses(caller.participant(), signal)) {
      if (suppressed != null) {
        suppressed[0]++;
      }
      return;
    }
    out.add(matchOf(caller, stored, kind, distance));
  }

  private SignalMatch matchOf(Caller caller, StoredSignal stored, MatchKind kind, int distance) {
    Signal signal = stored.signal();
    return new SignalMatch(signal, kind, distance, dir.opinions.summary(signal.id(), caller.participant()));
  }

  private AuditEvent lookupEvent(Caller caller, String operation, SignalType type, int queries, List<SignalMatch> matches) {
    List<String> ids = new ArrayList<>(matches.size());
    for (SignalMatch m : matches) {
      ids.add(m.signal().id());
    }
    return LookupAudit.event(caller.participant(), operation, List.of(type.label()), queries, ids, dir.config.costs().auditMaxIds());
  }

  /** Checks a perceptual lookup's type, radius and limit; returns the type's width in bits. */
  private static int checkHashQuery(SignalType type, int maxDistance, int limit) {
    if (type.family() != SignalType.Family.PERCEPTUAL) {
      throw new SignalRejectedException("invalid_type", "type", type.label() + " is not a perceptual hash type");
    }
    checkLimit(limit);
    int bits = type.hashType().bits();
    if (maxDistance < 0 || maxDistance > bits) {
      throw new SignalRejectedException(
          "invalid_max_distance", "max_distance", "max_distance must be in 0.." + bits + " for " + type.label() + ", got " + maxDistance);
    }
    return bits;
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > Exchange.MAX_LIMIT) {
      throw new SignalRejectedException("invalid_limit", "limit", "limit must be in 1.." + Exchange.MAX_LIMIT + ", got " + limit);
    }
  }
}
