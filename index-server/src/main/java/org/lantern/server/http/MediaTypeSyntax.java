package org.lantern.server.http;

import java.util.Locale;

/**
 * The media type of a {@code Content-Type} header value (RFC 9110 §8.3.1: {@code type "/" subtype
 * *( OWS ";" OWS parameter )}), checked by our own rules so that a malformed header is a 415
 * the client can act on. Parameters are not validated here: the few we use (a multipart boundary)
 * are read by the code that needs them, and a stray {@code ;} is tolerated as most servers do.
 *
 * <p>Thread-safety: stateless.
 */
final class MediaTypeSyntax {
  private MediaTypeSyntax() {}

  /** {@code type/subtype} in lower case, or {@code null} when {@code header} does not start with one. */
  static String typeOf(String header) {
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
    int slash = type.indexOf('/');
    if (slash <= 0 || slash == type.length() - 1 || !isToken(type, 0, slash) || !isToken(type, slash + 1, type.length())) {
      return null;
    }
    return type.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code s[from, to)} is a non-empty RFC 9110 token. */
  private static boolean isToken(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
