package org.lantern.core.exchange;

import java.util.List;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;

/**
 * Who may see a signal, as far as that depends on the signal: its contributor and its visibility
 * list. Many signals share an audience (a contributor sharing with all, or with the same partners),
 * which is what lets lookups decide visibility once per audience instead of once per signal.
 *
 * <p>Thread-safety: immutable.
 *
 * @param contributor the participant that contributed the signals
 * @param visibility the participants they are shared with, sorted; empty for all
 */
record Audience(String contributor, List<String> visibility) {
  Audience {
    visibility = List.copyOf(visibility);
  }

  static Audience of(Signal signal) {
    return new Audience(signal.contributor(), signal.visibility());
  }

  /** Whether {@code caller} may see signals of this audience ({@link AccessPolicy#visible}). */
  boolean visibleTo(Caller caller) {
    return AccessPolicy.visible(caller, contributor, visibility);
  }

  /**
   * The audience as one string, for the text index: contributor, a newline, the visibility list
   * joined by commas (participant ids hold neither character).
   */
  String key() {
    return contributor + '\n' + String.join(",", visibility);
  }

  /** The text index's scope of everything shared with all: one, since everyone may see it. */
  static final String SHARED_SCOPE = "*";

  /**
   * The scope the text index files this audience's documents behind: {@link #SHARED_SCOPE} if
   * shared with all, else a digest of its {@link #key()} (128 bits, base64url), so that only
   * callers who may see it seek it. A digest, not the key: a sharing list of hundreds of
   * participants in every term would outgrow Lucene's term limit and bloat the dictionary. Two
   * audiences sharing a digest would only cost a lookup extra documents, which the per-document
   * audience check still rejects.
   */
  String scope() {
    if (visibility.isEmpty()) {
      return SHARED_SCOPE;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The audience of {@link #key()}. */
  static Audience fromKey(String key) {
    int newline = key.indexOf('\n');
    String list = key.substring(newline + 1);
    return new Audience(key.substring(0, newline), list.isEmpty() ? List.of() : List.of(list.split(",")));
  }
}
