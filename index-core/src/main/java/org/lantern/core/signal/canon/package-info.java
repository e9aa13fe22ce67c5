/**
 * Canonical forms for the signals whose spelling varies: URLs ({@link
 * org.lantern.core.signal.canon.UrlCanonicalizer}, giving a {@link
 * org.lantern.core.signal.canon.CanonicalUrl}) and account identifiers ({@link
 * org.lantern.core.signal.canon.AccountNormalizer}). A signal is stored under its canonical form
 * and every lookup is canonicalised the same way, so two spellings of one thing meet (DESIGN.md
 * §3). Each method returns the canonical form or throws {@link
 * org.lantern.core.signal.SignalRejectedException} (field {@code value}, code {@code invalid_url},
 * {@code invalid_email} or {@code invalid_username}) whose message names the offending part;
 * nothing else is thrown, for any string. Every canonical form is a fixed point: canonicalising it
 * again gives it back.
 *
 * <h2>URLs</h2>
 *
 * <p>{@code scheme://host[:port]path[?query]}, built as follows.
 *
 * <table>
 *   <caption>The URL canonical form, part by part</caption>
 *   <tr><th>part</th><th>rule</th><th>example</th></tr>
 *   <tr><td>input</td><td>at most 8192 chars; surrounding whitespace trimmed; tab, CR, LF removed
 *       everywhere; other control characters refused</td>
 *       <td>{@code " http://a.com/\n"} → {@code http://a.com/}</td></tr>
 *   <tr><td>scheme</td><td>http or https, lower case; none given means https; anything else
 *       refused</td><td>{@code example.com/x} → {@code https://example.com/x}</td></tr>
 *   <tr><td>user-info, fragment</td><td>dropped</td>
 *       <td>{@code http://u:p@a.com/#top} → {@code http://a.com/}</td></tr>
 *   <tr><td>host</td><td>percent-decoded, lower case, trailing dots dropped, IDN → punycode,
 *       LDH labels of 1-63 chars, at most 253 chars, at least one dot (or {@code localhost}, or an
 *       IP address)</td><td>{@code http://Bücher.example./} → {@code http://xn--bcher-kva.example/}</td></tr>
 *   <tr><td>IPv4</td><td>dotted quad only, decimal, leading zeros dropped</td>
 *       <td>{@code 010.001.1.2} → {@code 10.1.1.2}</td></tr>
 *   <tr><td>IPv6</td><td>RFC 5952 §4 in brackets; an IPv4 tail is accepted and written in hex</td>
 *       <td>{@code [::FFFF:192.0.2.1]} → {@code [::ffff:c000:201]}</td></tr>
 *   <tr><td>port</td><td>80 for http and 443 for https dropped; empty means default; 1-65535</td>
 *       <td>{@code https://a.com:443/} → {@code https://a.com/}</td></tr>
 *   <tr><td>path</td><td>empty → {@code /}; escapes of unreserved characters decoded, other
 *       escapes in upper-case hex, everything not allowed raw escaped (non-ASCII as UTF-8), a stray
 *       {@code %} as {@code %25}; then dot segments resolved (RFC 3986 §5.2.4, never above the
 *       root); {@code //} kept; trailing slash kept</td>
 *       <td>{@code /a/%7e/../%2E%2e/b c} → {@code /b%20c}</td></tr>
 *   <tr><td>query</td><td>split on {@code &} only; empty and tracking parameters dropped;
 *       escapes normalised as in the path ({@code +} stays {@code +}); sorted by name, then value;
 *       no {@code ?} when nothing remains</td>
 *       <td>{@code ?b=2&utm_source=x&a=1} → {@code ?a=1&b=2}</td></tr>
 * </table>
 *
 * <p>Tracking parameters, compared ignoring case: {@code utm_*}, {@code fbclid}, {@code gclid},
 * {@code dclid}, {@code gbraid}, {@code wbraid}, {@code msclkid}, {@code yclid}, {@code mc_cid},
 * {@code mc_eid}, {@code igshid}, {@code _ga}, {@code _gl}, {@code ref_src}.
 *
 * <p>Matching uses three keys of a {@link org.lantern.core.signal.canon.CanonicalUrl}: {@code
 * url()} for exact matches, {@code hostKey()} ({@code host[:port]}) for same-host matches, and
 * {@code hostAndPath()} of a stored signal against {@code pathPrefixes()} of the lookup for same
 * host + path prefix matches. The two host keys leave the scheme out: the same page over http and
 * https is the same content.
 *
 * <h3>Decisions</h3>
 *
 * <ul>
 *   <li><b>A URL without a scheme is https.</b> Browsers try https first, and most of the web
 *       serves it; one default makes {@code example.com} and {@code https://example.com} one
 *       signal. (An explicit {@code http://} stays http: it is a different URL, although both share
 *       the host keys.) A "scheme" containing a dot ({@code example.com:8080/x}) is read as a host
 *       and port, since no scheme we accept has a dot. After {@code http:} any number of slashes,
 *       even none, may precede the host, as in browsers.
 *   <li><b>A non-root trailing slash is kept.</b> {@code /a/} and {@code /a} are different
 *       resources to a server (often one redirects to the other, but not always, and the exchange
 *       cannot check). Both forms are among {@code pathPrefixes()}, so a signal stored under either
 *       still matches as a path prefix. The root path is always {@code /}.
 *   <li><b>Leading zeros in IPv4 are decimal, not octal.</b> inet_aton and the WHATWG parser read
 *       {@code 010} as 8, but addresses reach the exchange from reports, logs and spreadsheets
 *       where zero padding is the usual reason for a leading zero. The inet_aton shorthands ({@code
 *       127.1}, {@code 0x7f.0.0.1}, a bare 32-bit number) are refused rather than guessed.
 *   <li><b>A backslash in the authority is refused.</b> Browsers read {@code \} as {@code /} in
 *       http URLs and RFC 3986 does not, so {@code http://evil.com\@good.com/} names a different
 *       host to each. In the path a backslash is just data and becomes {@code %5C}.
 *   <li><b>IDN is IDNA2003</b> ({@link java.net.IDN}): {@code ß} maps to {@code ss}, where browsers
 *       (UTS #46) keep {@code xn--zca}. One stable form matters more than matching browsers for the
 *       handful of characters where the two differ.
 *   <li><b>Query:</b> only {@code &} separates ({@code ;} is data to many servers); {@code +} is
 *       not a space (that is an HTML form convention); a bare name ({@code a}) and an empty value
 *       ({@code a=}) stay different; sorting merges reorderings of one query, at the price of
 *       merging the rare servers for which order matters.
 *   <li><b>Length:</b> the canonical form is refused if it exceeds 8192 chars (escaping can make it
 *       up to nine times longer than the input), so every accepted form is itself accepted.
 * </ul>
 *
 * <h2>Account identifiers</h2>
 *
 * <p>These are keyed with the exchange's HMAC after normalisation and never stored in clear, so
 * rejection messages give positions, not the identifier (only an e-mail domain is quoted).
 *
 * <ul>
 *   <li><b>E-mail:</b> trimmed, a leading {@code mailto:} removed, lower case; exactly one
 *       {@code @}; a local part of 1-64 characters without whitespace, control characters or RFC
 *       5322 specials (quoted local parts are not supported); the domain normalised like a URL host
 *       but with at least one dot, or an IP address, written {@code [192.0.2.1]} or {@code
 *       [ipv6:2001:db8::1]}; at most 254 characters. <b>No provider-specific aliasing</b> (Gmail's
 *       dots, {@code +tag} sub-addresses): the exchange cannot know every provider's rules, nor
 *       follow their changes, and merging the keys of two different people is worse than missing an
 *       alias of one.
 *   <li><b>Username:</b> NFKC, trimmed, one leading {@code @} removed (a second one is refused),
 *       lower case (NFKC and lower case repeated until stable, since they do not commute), runs of
 *       whitespace collapsed to one space, control characters refused, 1-256 code points. Invisible
 *       format characters such as U+200B are kept: a platform that allows them treats the result as
 *       another account.
 * </ul>
 *
 * <p>Thread-safety: every public class here is stateless or immutable, and safe for concurrent use.
 */
package org.lantern.core.signal.canon;
