package org.lantern.core.exchange;

import org.lantern.core.signal.SignalRejectedException;

/**
 * Which new keyword signals are accepted: a keyword of one or two letters, or one letter
 * repeated ({@code "a"}, {@code "ab"}, {@code "x x x"}), matches in nearly every text, so every
 * member's scans would pay for it (one reader's 4 MB of {@code "ab "} took 3.2 s and answered
 * 151 MB). Refused when submitted, with the rule in the message; keywords already stored stay
 * matchable and retractable.
 *
 * <p>Thread-safety: stateless.
 */
final class KeywordPolicy {
  private KeywordPolicy() {}

  /** @throws SignalRejectedException {@code keyword_too_short} naming the rule */
  static void check(String canonical, int minChars) {
    int letters = 0;
    int first = -1;
    boolean varied = false;
    for (int i = 0; i < canonical.length(); ) {
      int c = canonical.codePointAt(i);
      i += Character.charCount(c);
      if (c == ' ') {
        continue;
      }
      letters++;
      if (first < 0) {
        first = c;
      } else if (c != first) {
        varied = true;
      }
    }
    if (letters < minChars) {
      throw new SignalRejectedException("keyword_too_short", "value",
          "the keyword '" + canonical + "' has " + letters + " characters after folding; at least " + minChars
              + " are needed (a shorter keyword matches nearly every text; keyword.min_chars)");
    }
    if (!varied) {
      throw new SignalRejectedException("keyword_too_short", "value",
          "the keyword '" + canonical + "' repeats one character; it would match nearly every text");
    }
  }
}
