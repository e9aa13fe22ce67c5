package org.lantern.core.signal.canon;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lantern.core.signal.SignalRejectedException;

/**
 * Canonicalises URL signals and URL lookups, so that two spellings of one resource store and match
 * as one string (DESIGN.md §3). See the {@linkplain org.lantern.core.signal.canon package
 * documentation} for the canonical form and the decisions behind it.
 *
 * <p>The parser is written for this one job rather than built on {@link java.net.URI}: {@code URI}
 * rejects much of what contributors paste (spaces, non-ASCII, stray {@code %}), and it does not say
 * which part was wrong.
 *
 * <p>Every input string either yields a {@link CanonicalUrl} or a {@link SignalRejectedException}
 * with code {@code invalid_url} and field {@code value}; nothing else is thrown. The result is a
 * fixed point: {@code canonicalize(canonicalize(x).url())} equals {@code canonicalize(x)}.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class UrlCanonicalizer {
  /** Longest input accepted, in chars, and longest canonical form produced. */
  public static final int MAX_LENGTH = 8192;

  static final String CODE = "invalid_url";
  static final String FIELD = "value";

  /**
   * Parameters that identify a click or a campaign, not a resource: two links to one page that
   * differ only in these are the same signal. Compared in lower case; {@code utm_} is a prefix.
   */
  private static final Set<String> TRACKING_PARAMETERS =
      Set.of(
          "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
          "igshid", "_ga", "_gl", "ref_src");

  private static final String TRACKING_PREFIX = "utm_";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * ASCII characters that stay raw in a path segment or query parameter: RFC 3986 unreserved and
   * sub-delims, plus ':', '@', '/' and '?'. Everything else is percent-encoded. ('&' never reaches
   * a parameter, it separates them; '?' never reaches the path, it ends it.)
   */
  private static final boolean[] RAW = new boolean[128];

  /** RFC 3986 unreserved: escapes of these are decoded, since both spellings mean the same. */
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      UNRESERVED[c] = true;
      UNRESERVED[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      UNRESERVED[c] = true;
    }
    for (char c : "-._~".toCharArray()) {
      UNRESERVED[c] = true;
    }
    System.arraycopy(UNRESERVED, 0, RAW, 0, 128);
    for (char c : "!$&'()*+,;=:@/?".toCharArray()) {
      RAW[c] = true;
    }
  }

  private UrlCanonicalizer() {}

  /**
   * The canonical form of {@code input}.
   *
   * @throws SignalRejectedException (code {@code invalid_url}, field {@code value}) when the input
   *     is null, empty, longer than {@value #MAX_LENGTH} chars, not http(s), or malformed; the
   *     message names the offending part
   */
  public static CanonicalUrl canonicalize(String input) {
    if (input == null) {
      throw reject("no URL given (null); expected an http or https URL");
    }
    if (input.length() > MAX_LENGTH) {
      throw reject(
          "URL is " + input.length() + " characters long; at most " + MAX_LENGTH + " are accepted");
    }
    Refusal refusal =
        (problem, expected) ->
            reject(Refusal.message(problem + " in '" + Text.quote(input) + "'", expected));
    String s = cleanWhitespace(input);
    if (s.isEmpty()) {
      throw reject("empty URL; expected an http or https URL such as https://example.com/");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        throw refusal.refuse(
            "control character " + Text.codePoint(c) + " is not allowed",
            "printable characters (tab, CR and LF are tolerated and removed)");
      }
    }

    // Scheme. Without one (bare domain, host/path, //host) the URL is taken as https: that is what
    // a browser tries first today, and one default keeps "example.com" and "https://example.com"
    // the same signal.
    String scheme = "https";
    int rest = 0;
    if (s.startsWith("//")) {
      rest = 2;
    } else {
      int colon = schemeColon(s);
      if (colon > 0) {
        String candidate = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (candidate.equals("http") || candidate.equals("https")) {
          scheme = candidate;
          // Like browsers, any number of slashes may follow ("http:example.com",
          // "http:///example.com"): the authority of an http URL is never empty.
          rest = colon + 1;
          while (rest < s.length() && s.charAt(rest) == '/') {
            rest++;
          }
        } else if (candidate.indexOf('.') < 0 && !candidate.equals("localhost")) {
          // "example.com:8080/x" looks like a scheme to RFC 3986 but is a host and port: no scheme
          // we would ever accept contains a dot, so a dotted "scheme" is read as a host.
          throw refusal.refuse(
              "scheme '" + Text.quote(candidate) + "' is not supported", "http or https");
        }
      }
    }

    // Split off the fragment (dropped: it never reaches the server), then authority, path, query.
    int end = s.indexOf('#', rest);
    if (end < 0) {
      end = s.length();
    }
    int authorityEnd = rest;
    while (authorityEnd < end && s.charAt(authorityEnd) != '/' && s.charAt(authorityEnd) != '?') {
      authorityEnd++;
    }
    int queryStart = s.indexOf('?', authorityEnd);
    int pathEnd = queryStart < 0 || queryStart > end ? end : queryStart;
    String authority = s.substring(rest, authorityEnd);
    String rawPath = s.substring(authorityEnd, pathEnd);
    String rawQuery = pathEnd < end ? s.substring(pathEnd + 1, end) : "";

    // Authority.
    if (authority.indexOf('\\') >= 0) {
      // Browsers read '\' as '/' in http URLs, RFC 3986 does not: "http://evil.com\@good.com/"
      // would be evil.com to one and good.com to the other. Rather than pick a host, refuse.
      throw refusal.refuse(
          "backslash in authority '"
              + Text.quote(authority)
              + "' is ambiguous (browsers read it as '/')",
          "host[:port]");
    }
    // User-info is dropped: it authenticates the visitor, it does not name the resource. The last
    // '@' ends it, since '@' may not appear raw in a host.
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw refusal.refuse("IPv6 literal '" + Text.quote(hostPort) + "' has no closing ']'");
      }
      host = "[" + Hosts.ipv6(hostPort.substring(1, close), refusal) + "]";
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty() && after.charAt(0) != ':') {
        throw refusal.refuse(
            "unexpected '" + Text.quote(after) + "' after IPv6 literal", "':port' or nothing");
      }
      portText = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = hostPort.indexOf(':');
      String hostText = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? "" : hostPort.substring(colon + 1);
      host = Hosts.domainOrIpv4(decodeHost(hostText, refusal), true, refusal);
    }
    int port = port(portText, scheme, refusal);

    // Path and query.
    String path =
        rawPath.isEmpty() ? "/" : removeDotSegments(normalizeEscapes(rawPath, "path", refusal));
    String query = query(rawQuery, refusal);

    String url = CanonicalUrl.assemble(scheme, host, port, path, query);
    if (url.length() > MAX_LENGTH) {
      // Checked so that every accepted form is itself acceptable (idempotence): percent-encoding
      // can make the canonical form up to nine times longer than the input.
      throw refusal.refuse(
          "canonical form is "
              + url.length()
              + " characters long (after percent-encoding); at most "
              + MAX_LENGTH
              + " are accepted");
    }
    return new CanonicalUrl(url, scheme, host, port, path, query);
  }

  /** Strips surrounding whitespace and removes tab, CR and LF everywhere (copy-paste damage). */
  private static String cleanWhitespace(String input) {
    String stripped = Text.strip(input);
    StringBuilder out = new StringBuilder(stripped.length());
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c != '\t' && c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Index of the ':' ending an RFC 3986 scheme (ALPHA *( ALPHA / DIGIT / + / - / . )), or -1. */
  private static int schemeColon(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Percent-decodes a host (browsers do: "%65xample.com" is example.com) as strict UTF-8. */
  private static String decodeHost(String host, Refusal refusal) {
    if (host.indexOf('%') < 0) {
      return host;
    }
    byte[] bytes = new byte[host.length() * 3];
    int length = 0;
    for (int i = 0; i < host.length(); ) {
      char c = host.charAt(i);
      if (c == '%') {
        int hi = i + 2 < host.length() ? hexValue(host.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hexValue(host.charAt(i + 2)) : -1;
        if (lo < 0) {
          throw refusal.refuse(
              "'%' in host '" + Text.quote(host) + "' is not followed by two hex digits");
        }
        bytes[length++] = (byte) (hi << 4 | lo);
        i += 3;
      } else {
        int cp = host.codePointAt(i);
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) { // unpaired
          throw refusal.refuse(
              "unpaired surrogate " + Text.codePoint(cp) + " in host '" + Text.quote(host) + "'",
              "well-formed UTF-16 text");
        }
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        i += Character.charCount(cp);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw refusal.refuse("percent-escapes in host '" + Text.quote(host) + "' are not UTF-8");
    }
  }

  /** The port, or -1 for the scheme's default; an empty port ("host:") is the default. */
  private static int port(String text, String scheme, Refusal refusal) {
    if (text.isEmpty()) {
      return -1;
    }
    if (!Hosts.allDigits(text)) {
      throw refusal.refuse("port '" + Text.quote(text) + "' is not a number", "1-65535");
    }
    int port = Hosts.smallDecimal(text);
    if (port < 1 || port > 65_535) {
      throw refusal.refuse("port " + Text.quote(text) + " is out of range 1-65535");
    }
    int defaultPort = scheme.equals("http") ? 80 : 443;
    return port == defaultPort ? -1 : port;
  }

  /**
   * Percent-encoding normalisation for a path or one query parameter (RFC 3986 §6.2.2.2): escapes
   * of unreserved characters are decoded, other escapes get upper-case hex, characters that may not
   * appear raw are encoded (non-ASCII as UTF-8 bytes), and a '%' that does not start an escape is
   * itself encoded as %25. A '+' stays a '+': it only means a space in HTML form bodies, and
   * servers differ on whether a query's '+' does.
   */
  static String normalizeEscapes(String text, String part, Refusal refusal) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hexValue(text.charAt(i + 2)) : -1;
        if (lo < 0) {
          out.append("%25");
          i++;
        } else {
          int b = hi << 4 | lo;
          if (b < 0x80 && UNRESERVED[b]) {
            out.append((char) b);
          } else {
            out.append('%').append(HEX[hi]).append(HEX[lo]);
          }
          i += 3;
        }
      } else if (c < 0x80) {
        if (RAW[c]) {
          out.append(c);
        } else {
          appendEscape(out, c);
        }
        i++;
      } else {
        int cp = text.codePointAt(i);
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) { // unpaired
          throw refusal.refuse(
              "unpaired surrogate " + Text.codePoint(cp) + " in the " + part,
              "well-formed UTF-16 text");
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          appendEscape(out, b & 0xFF);
        }
        i += Character.charCount(cp);
      }
    }
    return out.toString();
  }

  private static void appendEscape(StringBuilder out, int b) {
    out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
  }

  // ASCII only: Character.digit would also accept other scripts' digits.
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * RFC 3986 §5.2.4 for an absolute path, as a stack of segments: "." is dropped, ".." drops the
   * segment before it (none above the root), and a dot segment at the end leaves a trailing slash,
   * since "/a/b/.." names the directory "/a/". Empty segments ("//") are kept: servers may treat
   * them as significant.
   */
  static String removeDotSegments(String path) {
    if (path.indexOf('.') < 0) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".") || segment.equals("..")) {
        if (segment.equals("..") && !out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  /** One parameter: {@code name} and the rest, {@code ""} or {@code "=" + value}. */
  private record Parameter(String name, String rest) {}

  private static final Comparator<Parameter> PARAMETER_ORDER =
      Comparator.comparing(Parameter::name).thenComparing(Parameter::rest);

  /**
   * Splits on '&' only (';' is a sub-delimiter that many servers treat as data), drops empty and
   * tracking parameters, normalises escapes, and sorts by name then value. Sorting merges
   * reorderings of one query, at the cost of also merging the rare servers for which the order of
   * parameters matters.
   */
  private static String query(String rawQuery, Refusal refusal) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<Parameter> parameters = new ArrayList<>();
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int stop = amp < 0 ? rawQuery.length() : amp;
      if (stop > start) {
        String parameter = normalizeEscapes(rawQuery.substring(start, stop), "query", refusal);
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        if (!isTracking(name)) {
          parameters.add(new Parameter(name, eq < 0 ? "" : parameter.substring(eq)));
        }
      }
      start = stop + 1;
    }
    parameters.sort(PARAMETER_ORDER); // List.sort is stable
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (Parameter parameter : parameters) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(parameter.name()).append(parameter.rest());
    }
    return out.toString();
  }

  /** Whether a (normalised) parameter name is a tracking parameter; case is ignored. */
  static boolean isTracking(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith(TRACKING_PREFIX) || TRACKING_PARAMETERS.contains(lower);
  }

  private static SignalRejectedException reject(String message) {
    return new SignalRejectedException(CODE, FIELD, message);
  }
}
