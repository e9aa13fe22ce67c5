package org.lantern.core.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.search.Match;
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

  SignalLookup(ExchangeDirectory dir, AccessPolicy policy, OperationAudit operations, SignalCanonicalizer canonicalizer) {
    this.dir = dir;
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
   * Hits the caller may not see, or has allow-listed, are dropped after the search; if that leaves
   * fewer than {@code limit}, the search is repeated for more (k-NN cannot know them in advance).
   */
  private Matches findHashes(Caller caller, SignalType type, Hash query, int maxDistance, int limit) {
    PerceptualIndex index = dir.indexes.perceptual(type.hashType());
    if (index == null) {
      return new Matches(query.toHex(), query.toHex(), List.of(), 0);
    }
    for (int k = limit; ; k = (int) Math.min((long) k * 4, Integer.MAX_VALUE)) {
      List<Match> hits = index.search(query, k, maxDistance).matches();
      List<SignalMatch> out = new ArrayList<>(Math.min(hits.size(), limit));
      int[] suppressed = {0};
      for (Match match : hits) {
        StoredSignal stored = dir.store.get(index.idAt(match.id()));
        if (stored != null && stored.ordinal() == match.id()) {
          addVisible(caller, out, stored, MatchKind.NEAR, match.distance(), limit, suppressed);
          if (out.size() == limit) {
            break;
          }
        }
      }
      if (out.size() == limit || hits.size() < k || k == Integer.MAX_VALUE) {
        return new Matches(query.toHex(), query.toHex(), out, suppressed[0]);
      }
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
          String canonical = canonicalizer.canonical(type, value);
          List<SignalMatch> out = new ArrayList<>();
          int[] suppressed = {0};
          List<byte[]> ids =
              type.family() == SignalType.Family.DIGEST
                  ? dir.indexes.digests.find(type, canonical)
                  : dir.indexes.text.idsWithValue(type.label(), canonical, Integer.MAX_VALUE);
          for (byte[] id : ids) {
            addVisible(caller, out, dir.store.get(id), MatchKind.EXACT, 0, limit, suppressed);
          }
          // Account queries answer with the key, never echoing the clear identifier.
          String query = type.family() == SignalType.Family.ACCOUNT ? canonical : value;
          return new Matches(query, canonical, out, suppressed[0]);
        },
        found -> lookupEvent(caller, "match_exact", type, 1, found.matches()));
  }

  /** URL signals related to {@code url}: exact, then same host + path prefix, then same host. */
  Matches matchUrl(Caller caller, String url, int limit) {
    return operations.lookup(caller, "match_urls", SignalType.URL,
        () -> {
          checkLimit(limit);
          CanonicalUrl canonical = UrlCanonicalizer.canonicalize(url);
          List<SignalMatch> out = new ArrayList<>();
          int[] suppressed = {0};
          // Ask the index for more than the limit: hits the caller may not see are dropped here.
          int ask = caller.isAdmin() ? limit : Math.min(Exchange.MAX_LIMIT * 4, limit * 4 + 16);
          for (TextIndex.UrlHit hit :
              dir.indexes.text.matchUrl(
                  SignalType.URL.label(), DerivedIndexes.exactUrlKey(canonical), canonical.pathPrefixes(), canonical.hostKey(), ask)) {
            MatchKind kind =
                switch (hit.kind()) {
                  case EXACT -> MatchKind.EXACT;
                  case PREFIX -> MatchKind.PREFIX;
                  case HOST -> MatchKind.HOST;
                };
            addVisible(caller, out, dir.store.get(hit.id()), kind, kind == MatchKind.EXACT ? 0 : -1, limit, suppressed);
          }
          return new Matches(url, canonical.url(), out, suppressed[0]);
        },
        found -> lookupEvent(caller, "match_urls", SignalType.URL, 1, found.matches()));
  }

  /** The keyword signals occurring in {@code text}, with their offsets in it. */
  TextScan scanText(Caller caller, String text) {
    return operations.lookup(caller, "scan_text", SignalType.KEYWORD,
        () -> {
          if (text == null) {
            throw new SignalRejectedException("empty_value", "text", "no text to scan");
          }
          List<TextHit> hits = new ArrayList<>();
          int suppressed = 0;
          for (KeywordHit hit : dir.indexes.keywords.scan(text)) {
            StoredSignal stored = dir.store.get(hit.id());
            if (stored != null && stored.signal().isActive() && AccessPolicy.visible(caller, stored.signal())) {
              if (dir.allowLists.suppresses(caller.participant(), stored.signal())) {
                suppressed++;
              } else {
                hits.add(new TextHit(stored.signal(), hit.start(), hit.end()));
              }
            }
          }
          return new TextScan(hits, suppressed, Exchange.LEAD_NOTE);
        },
        scan -> {
          List<String> ids = new ArrayList<>(scan.hits().size());
          scan.hits().forEach(h -> ids.add(h.signal().id()));
          return AuditEvent.lookup(caller.participant(), "scan_text", List.of(SignalType.KEYWORD.label()), 1, ids);
        });
  }

  /** Adds an active, visible, not allow-listed signal to a lookup's answer (up to {@code limit}). */
  private void addVisible(
      Caller caller, List<SignalMatch> out, StoredSignal stored, MatchKind kind, int distance, int limit, int[] suppressed) {
    if (stored == null || out.size() >= limit) {
      return;
    }
    Signal signal = stored.signal();
    if (!signal.isActive() || !AccessPolicy.visible(caller, signal)) {
      return;
    }
    if (dir.allowLists.suppresses(caller.participant(), signal)) {
      suppressed[0]++;
      return;
    }
    out.add(new SignalMatch(signal, kind, distance, dir.opinions.summary(signal.id(), caller.participant())));
  }

  private static AuditEvent lookupEvent(Caller caller, String operation, SignalType type, int queries, List<SignalMatch> matches) {
    List<String> ids = new ArrayList<>(matches.size());
    for (SignalMatch m : matches) {
      ids.add(m.signal().id());
    }
    return AuditEvent.lookup(caller.participant(), operation, List.of(type.label()), queries, ids);
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
