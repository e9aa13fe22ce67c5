package org.lantern.loaders.format.line;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signal type names of python-threatexchange ({@code SignalType.get_name()}: the class name in
 * snake case without "Signal") and of ThreatExchange file names, mapped to Lantern labels.
 *
 * <ul>
 *   <li>{@code pdq} → pdq; {@code md5} and {@code video_md5} → md5 (an MD5 of the file bytes,
 *       whatever the media); {@code url} → url.
 *   <li>{@code raw_text} → keyword. pytx matches raw text by edit distance over the whole text;
 *       Lantern matches a keyword as a folded word or phrase inside the text. Both find the
 *       shared text in a post, which is what a raw_text signal is shared for; near-misses differ.
 *   <li>Lantern's own labels (phash, dhash, sha1, sha256, keyword, username, email) are accepted
 *       as themselves, so a file can mix both vocabularies.
 *   <li>Types pytx or its extensions know and Lantern does not hold (PhotoDNA, video TMK, vPDQ,
 *       PDQ+OCR, URL MD5, trend queries) are {@linkplain #isUnsupported unsupported}: counted, not
 *       errors. Anything else is unknown, and the record is rejected with {@link #accepted()}.
 * </ul>
 *
 * ThreatExchange's type names are accepted too: {@code HASH_PDQ}, {@code HASH_MD5}, {@code
 * HASH_SHA1}, {@code HASH_SHA256}, {@code HASH_VIDEO_MD5} (read without the {@code hash_} prefix),
 * {@code URI} (url) and {@code EMAIL_ADDRESS} (email); {@code HASH_PHOTODNA}, {@code HASH_TMK}
 * and {@code HASH_VPDQ} are unsupported like their pytx names.
 *
 * <p>Thread-safety: immutable.
 */
final class PytxTypes {
  private static final Map<String, String> LANTERN_LABEL =
      Map.ofEntries(
          Map.entry("pdq", "pdq"),
          Map.entry("md5", "md5"),
          Map.entry("video_md5", "md5"),
          Map.entry("url", "url"),
          // ThreatExchange's own type names (HASH_PDQ, HASH_MD5, ... lose "hash_" in normalise)
          Map.entry("uri", "url"),
          Map.entry("email_address", "email"),
          Map.entry("raw_text", "keyword"),
          Map.entry("phash", "phash"),
          Map.entry("dhash", "dhash"),
          Map.entry("sha1", "sha1"),
          Map.entry("sha256", "sha256"),
          Map.entry("keyword", "keyword"),
          Map.entry("username", "username"),
          Map.entry("email", "email"));

  private static final Set<String> UNSUPPORTED =
      Set.of("photodna", "pdna", "video_tmk_pdqf", "tmk", "vpdq", "pdq_ocr", "url_md5", "trend_query");

  private PytxTypes() {}

  /** The type name as looked up: lower case, trimmed, without a {@code hash_} prefix. */
  static String normalise(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.startsWith("hash_") ? n.substring(5) : n;
  }

  /** The Lantern label of a pytx (or Lantern) type name, or {@code null} when there is none. */
  static String lanternLabel(String name) {
    return LANTERN_LABEL.get(normalise(name));
  }

  /** True for a type pytx knows and Lantern does not store. */
  static boolean isUnsupported(String name) {
    return UNSUPPORTED.contains(normalise(name));
  }

  /** The names {@link #lanternLabel} maps, sorted, for messages. */
  static String accepted() {
    return String.join(", ", new TreeSet<>(LANTERN_LABEL.keySet()));
  }

  /** The reason a record with an unknown type name is rejected. */
  static String unknown(String field, String name) {
    return field + ": unknown signal type " + Text.quote(name) + " (expected one of " + accepted()
        + "; not held by Lantern, so counted apart: " + String.join(", ", new TreeSet<>(UNSUPPORTED)) + ")";
  }
}
