package org.lantern.core.signal.canon;

import java.text.Normalizer;
import java.util.Locale;
import org.lantern.core.signal.SignalRejectedException;

/**
 * Normalises account identifiers (e-mail addresses and platform usernames) before they are keyed
 * with the exchange's HMAC (DESIGN.md §3): two spellings of one account must give one key, and the
 * same spelling must give the same key on every participant's side.
 *
 * <p>Rejections carry code {@code invalid_email} or {@code invalid_username} and field {@code
 * value}. Their messages name the problem and its position but do not quote the identifier: account
 * identifiers are never stored in clear, and rejection messages end up in logs. (Only the domain of
 * an e-mail address is quoted.)
 *
 * <p>Both methods are idempotent: {@code email(email(x)).equals(email(x))}, likewise {@code
 * username}.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class AccountNormalizer {
  /** Longest input accepted, in chars, before any work is done. */
  public static final int MAX_INPUT_LENGTH = 8192;

  /** RFC 5321 limit on a local part (counted here in code points). */
  public static final int MAX_LOCAL_PART = 64;

  /** RFC 5321 limit on a whole address as it can appear in a forward path. */
  public static final int MAX_EMAIL = 254;

  /** Longest normalised username, in code points. */
  public static final int MAX_USERNAME = 256;

  static final String EMAIL_CODE = "invalid_email";
  static final String USERNAME_CODE = "invalid_username";
  static final String FIELD = "value";

  /**
   * RFC 5322 specials other than '.' and '@': they may only appear in a quoted local part, which is
   * not supported. Refusing them catches pasted display names ("Name &lt;a@b.com&gt;") and lists
   * ("a@b.com, c@d.com") instead of storing them as odd local parts.
   */
  private static final String SPECIALS = "()<>[]:;\\,\"";

  private AccountNormalizer() {}

  /**
   * The normalised form of an e-mail address: trimmed, a leading {@code mailto:} removed, lower
   * case, the domain normalised like a URL host (IDN → punycode, trailing dot dropped). An IP
   * address domain is written in brackets ({@code [192.0.2.1]}, {@code [ipv6:2001:db8::1]}).
   *
   * <p>No provider-specific rules (Gmail's ignored dots, "+tag" sub-addresses, ...): the exchange
   * cannot know every provider's aliasing rules, nor when they change, and merging the keys of two
   * different people is worse than missing an alias of one. The local part is lower-cased even
   * though RFC 5321 lets it be case-sensitive, because no mainstream provider treats it so and
   * DESIGN.md §3 fixes the rule.
   *
   * @throws SignalRejectedException code {@code invalid_email}, field {@code value}
   */
  public static String email(String raw) {
    Refusal refusal =
        (problem, expected) ->
            new SignalRejectedException(EMAIL_CODE, FIELD, Refusal.message(problem, expected));
    if (raw == null) {
      throw refusal.refuse("no e-mail address given (null)", "local@domain");
    }
    if (raw.length() > MAX_INPUT_LENGTH) {
      throw refusal.refuse(
          "e-mail address is "
              + raw.length()
              + " characters long; at most "
              + MAX_EMAIL
              + " are allowed");
    }
    String s = Text.strip(raw);
    if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
      s = s.substring(7);
    }
    s = s.toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw refusal.refuse("empty e-mail address", "local@domain");
    }
    int at = s.indexOf('@');
    if (at < 0) {
      throw refusal.refuse("e-mail address has no '@'", "local@domain");
    }
    if (s.indexOf('@', at + 1) >= 0) {
      throw refusal.refuse(
          "e-mail address has more than one '@'",
          "exactly one (quoted local parts are not supported)");
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    checkLocalPart(local, refusal);
    if (domain.isEmpty()) {
      throw refusal.refuse("e-mail address has an empty domain", "local@domain");
    }
    String result = local + "@" + emailDomain(domain, refusal);
    if (result.length() > MAX_EMAIL) {
      throw refusal.refuse(
          "e-mail address is "
              + result.length()
              + " characters long once normalised; at most "
              + MAX_EMAIL
              + " are allowed");
    }
    return result;
  }

  private static void checkLocalPart(String local, Refusal refusal) {
    if (local.isEmpty()) {
      throw refusal.refuse("e-mail address has an empty local part (nothing before '@')");
    }
    int codePoints = local.codePointCount(0, local.length());
    if (codePoints > MAX_LOCAL_PART) {
      throw refusal.refuse(
          "local part is "
              + codePoints
              + " characters long; at most "
              + MAX_LOCAL_PART
              + " are allowed");
    }
    for (int i = 0; i < local.length(); ) {
      int cp = local.codePointAt(i);
      if (Text.isSpace(cp)) {
        throw refusal.refuse(
            "local part has whitespace at position " + i, "an address without spaces");
      }
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
        throw refusal.refuse(
            "local part has " + describe(cp) + " at position " + i, "printable characters");
      }
      if (cp < 0x80 && SPECIALS.indexOf(cp) >= 0) {
        throw refusal.refuse(
            "local part has '"
                + (char) cp
                + "' at position "
                + i
                + " (quoted local parts and display names are not supported)",
            "a bare address");
      }
      i += Character.charCount(cp);
    }
  }

  /** The domain as a URL host would be, but single labels (even localhost) are refused. */
  private static String emailDomain(String domain, Refusal refusal) {
    Refusal inDomain = (problem, expected) -> refusal.refuse("e-mail domain: " + problem, expected);
    if (domain.startsWith("[")) {
      if (!domain.endsWith("]")) {
        throw inDomain.refuse("address literal '" + Text.quote(domain) + "' has no closing ']'");
      }
      String literal = domain.substring(1, domain.length() - 1);
      // RFC 5321 §4.1.3: "[192.0.2.1]" and "[IPv6:2001:db8::1]"; a bare IPv6 inside brackets is
      // tolerated, and both are written with the tag.
      if (literal.startsWith("ipv6:")) {
        return "[ipv6:" + Hosts.ipv6(literal.substring(5), inDomain) + "]";
      }
      if (literal.indexOf(':') >= 0) {
        return "[ipv6:" + Hosts.ipv6(literal, inDomain) + "]";
      }
      return "[" + Hosts.ipv4(literal, inDomain) + "]";
    }
    String host = Hosts.domainOrIpv4(domain, false, inDomain);
    // "a@192.0.2.1" is not a valid address, but its meaning is clear: write it as the literal.
    return Hosts.isIpv4(host) ? "[" + host + "]" : host;
  }

  /**
   * The normalised form of a username: NFKC, trimmed, one leading {@code @} (the mention prefix)
   * removed, lower case, runs of whitespace collapsed to one space.
   *
   * <p>NFKC folds the compatibility look-alikes (full-width letters, ligatures, superscripts) that
   * platforms fold too. Control characters are refused; invisible format characters (such as
   * U+200B) are kept, since a platform that allows them treats the result as another account. A
   * second leading '@' after the first is refused rather than stripped: stripping one would leave a
   * value that normalises again differently, and stripping all would guess.
   *
   * @throws SignalRejectedException code {@code invalid_username}, field {@code value}
   */
  public static String username(String raw) {
    Refusal refusal =
        (problem, expected) ->
            new SignalRejectedException(USERNAME_CODE, FIELD, Refusal.message(problem, expected));
    if (raw == null) {
      throw refusal.refuse("no username given (null)");
    }
    if (raw.length() > MAX_INPUT_LENGTH) {
      throw refusal.refuse(
          "username is "
              + raw.length()
              + " characters long; at most "
              + MAX_USERNAME
              + " are allowed");
    }
    int unpaired = Text.unpairedSurrogate(raw);
    if (unpaired >= 0) {
      throw refusal.refuse(
          "username has an unpaired surrogate at position " + unpaired, "well-formed UTF-16 text");
    }
    String s = Text.strip(Normalizer.normalize(raw, Normalizer.Form.NFKC));
    if (s.startsWith("@")) {
      s = Text.strip(s.substring(1));
      if (s.startsWith("@")) {
        throw refusal.refuse(
            "username starts with more than one '@'", "at most one (the mention prefix)");
      }
    }
    s = lowerCaseNfkc(s);
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Text.isSpace(cp)) {
        pendingSpace = out.length() > 0;
      } else if (Character.isISOControl(cp)) {
        throw refusal.refuse(
            "username has " + describe(cp) + " at position " + i, "printable characters");
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    if (out.isEmpty()) {
      throw refusal.refuse("empty username", "at least one visible character");
    }
    int codePoints = out.codePointCount(0, out.length());
    if (codePoints > MAX_USERNAME) {
      throw refusal.refuse(
          "username is "
              + codePoints
              + " characters long once normalised; at most "
              + MAX_USERNAME
              + " are allowed");
    }
    return out.toString();
  }

  /**
   * Lower case and NFKC, repeated until neither changes the text: the two do not commute. NFKC can
   * produce upper case (U+1D2C MODIFIER LETTER CAPITAL A becomes "A"), and lower-casing can produce
   * text NFKC changes again, so one round of each would not be idempotent. Two rounds settle every
   * string seen in practice; the bound only guards against a pathological cycle.
   */
  private static String lowerCaseNfkc(String s) {
    String current = s;
    for (int round = 0; round < 8; round++) {
      String next = Normalizer.normalize(current.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
    return current;
  }

  private static String describe(int cp) {
    return Character.getType(cp) == Character.SURROGATE
        ? "an unpaired surrogate"
        : "control character " + Text.codePoint(cp);
  }
}
