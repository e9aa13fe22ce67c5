package org.lantern.core.text;

import java.util.Objects;

/**
 * One occurrence of a keyword signal in a scanned text.
 *
 * <p>{@code [start, end)} are UTF-16 offsets into the <em>original</em> text, from the first
 * character of the first matched word to the end of the last one (including combining marks on
 * it), so {@code text.subSequence(start, end)} is what a reviewer should look at: for the keyword
 * {@code sex} in {@code "hello Ş.3.X world"} it is {@code "Ş.3.X"}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param id the signal's id
 * @param keyword the signal's canonical keyword ({@link KeywordFolding#canonical})
 * @param start first UTF-16 index of the match in the original text
 * @param end UTF-16 index after the match, exclusive
 */
public record KeywordHit(String id, String keyword, int start, int end) {
  /** Checks the fields: non-null, {@code 0 <= start < end}. */
  public KeywordHit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyword, "keyword");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("need 0 <= start < end, got [" + start + ", " + end + ")");
    }
  }
}
