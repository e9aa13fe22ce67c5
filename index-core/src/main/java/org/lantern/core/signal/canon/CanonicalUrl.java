package org.lantern.core.signal.canon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A URL in the exchange's canonical form, as {@link UrlCanonicalizer#canonicalize} makes it, with
 * the keys the three kinds of URL match use: exact ({@link #url}), same host + path prefix ({@link
 * #pathPrefixes} of the query against {@link #hostAndPath} of the stored signal) and same host
 * ({@link #hostKey}).
 *
 * <p>The constructor only checks that {@code url} is assembled from the other components; it does
 * not re-canonicalise them. Build instances with {@link UrlCanonicalizer#canonicalize}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param url the full canonical form {@code scheme://host[:port]path[?query]}
 * @param scheme {@code http} or {@code https}
 * @param host lower-case ASCII: a DNS name (IDN labels as punycode), a dotted-quad IPv4 address, or
 *     an IPv6 address in brackets
 * @param port the port, or -1 when it is the scheme's default (80 for http, 443 for https)
 * @param path starts with {@code /}; dot segments resolved, percent-encoding normalised
 * @param query sorted {@code name=value} parameters joined by {@code &}, without the {@code ?};
 *     {@code ""} when none remain
 */
public record CanonicalUrl(
    String url, String scheme, String host, int port, String path, String query) {

  public CanonicalUrl {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    if (port < -1 || port == 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be -1 (default) or 1-65535, got " + port);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    String assembled = assemble(scheme, host, port, path, query);
    if (!url.equals(assembled)) {
      throw new IllegalArgumentException(
          "url '" + url + "' does not match its components ('" + assembled + "')");
    }
  }

  static String assemble(String scheme, String host, int port, String path, String query) {
    StringBuilder out =
        new StringBuilder(
            scheme.length() + 3 + host.length() + 6 + path.length() + 1 + query.length());
    out.append(scheme).append("://").append(host);
    if (port != -1) {
      out.append(':').append(port);
    }
    out.append(path);
    if (!query.isEmpty()) {
      out.append('?').append(query);
    }
    return out.toString();
  }

  /** {@code host[:port]}: the key of a same-host match. The scheme is not part of it. */
  public String hostKey() {
    return port == -1 ? host : host + ":" + port;
  }

  /**
   * {@code host[:port]} followed by the path, without scheme or query: the key a stored signal is
   * indexed under for same host + path prefix matches.
   */
  public String hostAndPath() {
    return hostKey() + path;
  }

  /**
   * Every prefix of {@link #hostAndPath} that ends at a segment boundary, longest first: for host
   * {@code a.com} and path {@code /x/y/z} that is {@code a.com/x/y/z}, {@code a.com/x/y/}, {@code
   * a.com/x/y}, {@code a.com/x/}, {@code a.com/x}, {@code a.com/}. A stored signal whose {@link
   * #hostAndPath} is in this list is a same host + path prefix match for this URL.
   *
   * <p>Both the form with and without the slash are listed because the canonical form keeps a
   * trailing slash as given ({@code /x/} and {@code /x} are different resources), so a signal may
   * have been stored under either. The list has at most two entries per path segment, each a fresh
   * string: a path of many short segments makes a long list, so callers that look up untrusted URLs
   * may want to cap it.
   *
   * @return an unmodifiable list; never empty, the last entry is {@code hostKey() + "/"}
   */
  public List<String> pathPrefixes() {
    String key = hostKey();
    List<String> out = new ArrayList<>();
    int n = path.length();
    for (int end = n; end >= 1; end--) {
      if (end == n || path.charAt(end) == '/' || path.charAt(end - 1) == '/') {
        out.add(key + path.substring(0, end));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The canonical URL. */
  @Override
  public String toString() {
    return url;
  }
}
