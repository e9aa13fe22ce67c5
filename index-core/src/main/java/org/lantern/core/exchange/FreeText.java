package org.lantern.core.exchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;

/**
 * Keeps account identifiers out of the free text the exchange stores in clear: notes (of signals,
 * opinions and allow-list entries), keyword values and the query strings of URLs. An e-mail
 * address there would reach disk, the feed and every reader's screen in clear, while the same
 * address shared as an {@code email} signal is stored only as a keyed hash (DESIGN.md §3, §7).
 * So text shaped like an e-mail address is refused, naming the field and saying how to share it.
 *
 * <p>"Shaped like an e-mail address": a local part of the characters RFC 5322 allows unquoted, an
 * {@code @}, and a domain of at least two dot-separated labels. URL query parameters are checked
 * after percent-decoding ({@code owner=victim%40example.org} is refused too). The rule errs on the
 * side of refusing: a note that must mention an address can say "the address in signal …".
 *
 * <p>Thread-safety: stateless.
 */
public final class FreeText {
  /** The error code of a refusal. */
  public static final String CODE = "email_in_text";

  private static final Pattern EMAIL_SHAPED = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  private FreeText() {}

  /** Whether {@code text} holds something shaped like an e-mail address. */
  public static boolean hasEmailShape(String text) {
    return text != null && text.indexOf('@') >= 0 && EMAIL_SHAPED.matcher(text).find();
  }

  /**
   * Refuses a note holding e-mail-shaped text.
   *
   * @throws SignalRejectedException {@value #CODE} naming {@code field}
   */
  public static void checkNote(String field, String note) {
    if (hasEmailShape(note)) {
      throw refusal(field, "the " + field);
    }
  }

  /**
   * Refuses a keyword value, or a URL whose query holds, e-mail-shaped text; other types pass
   * ({@code email} values are what they are, and are stored keyed).
   *
   * @param value the value as submitted
   * @throws SignalRejectedException {@value #CODE} naming field {@code value}
   */
  public static void checkValue(SignalType type, String value) {
    if (value == null) {
      return;
    }
    if (type == SignalType.KEYWORD && hasEmailShape(value)) {
      throw refusal("value", "a keyword");
    }
    if (type.family() == SignalType.Family.URL && queryHasEmailShape(value)) {
      throw refusal("value", "the URL's query string");
    }
  }

  private static boolean queryHasEmailShape(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return false;
    }
    int hash = url.indexOf('#', q);
    String query = url.substring(q + 1, hash < 0 ? url.length() : hash);
    for (String part : query.split("[&;]")) {
      String decoded;
      try {
        decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = part; // a malformed escape: check the text as it is
      }
      if (hasEmailShape(decoded) || hasEmailShape(part)) {
        return true;
      }
    }
    return false;
  }

  private static SignalRejectedException refusal(String field, String where) {
    return new SignalRejectedException(CODE, field,
        where + " holds text shaped like an e-mail address; account identifiers are never stored in clear."
            + " Share the address as its own signal of type email (stored as a keyed hash) and leave it out of "
            + (field.equals("value") ? "the value" : "the " + field) + ".");
  }
}
