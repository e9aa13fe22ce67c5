package org.lantern.core.signal.canon;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Generators for the URL properties.
 *
 * <p>A {@link Resource} is what a URL names, as decoded components: scheme, host, port, path
 * segments, query parameters. {@link #render} spells a resource as one of its many equivalent URLs,
 * making each choice from a seed: scheme case or no scheme at all, user-info, host case, punycode
 * or Unicode or percent-escapes, trailing dot, explicit default port, dot-segment detours, escaped
 * unreserved characters with either hex case, tracking parameters, parameter order, empty
 * parameters, a fragment, tabs and newlines. Two renderings of one resource must canonicalise
 * alike; renderings of resources that differ in one component must not.
 *
 * <p>Resources come from QuickTheories' randomness (so they shrink); renderings from a seed long,
 * so that two renderings of one resource are independent draws.
 */
final class UrlGenerators {
  private UrlGenerators() {}

  /** What a URL names. Segments and parameters are decoded text. */
  record Resource(
      String scheme,
      Host host,
      int port,
      List<String> segments,
      boolean trailingSlash,
      List<Param> params) {}

  /** A query parameter; {@code value} is null for a bare name (no '='). */
  record Param(String name, String value) {}

  sealed interface Host permits Dns, V4, V6 {}

  /** Labels as written by a person: ASCII or Unicode, lower case. */
  record Dns(List<String> labels) implements Host {}

  record V4(List<Integer> octets) implements Host {}

  record V6(List<Integer> groups) implements Host {}

  /** One change that makes a different resource. */
  record Mutation(Kind kind, int index) {
    enum Kind {
      PATH_SEGMENT,
      QUERY_VALUE,
      HOST
    }

    Resource apply(Resource r) {
      return switch (kind) {
        case PATH_SEGMENT -> {
          List<String> segments = new ArrayList<>(r.segments());
          if (segments.isEmpty()) {
            segments.add("z");
          } else {
            int i = index % segments.size();
            segments.set(i, segments.get(i) + "z");
          }
          yield new Resource(
              r.scheme(), r.host(), r.port(), segments, r.trailingSlash(), r.params());
        }
        case QUERY_VALUE -> {
          List<Param> params = new ArrayList<>(r.params());
          if (params.isEmpty()) {
            params.add(new Param("z", "z"));
          } else {
            int i = index % params.size();
            Param p = params.get(i);
            params.set(i, new Param(p.name(), p.value() == null ? "z" : p.value() + "z"));
          }
          yield new Resource(
              r.scheme(), r.host(), r.port(), r.segments(), r.trailingSlash(), params);
        }
        case HOST ->
            new Resource(
                r.scheme(),
                mutate(r.host()),
                r.port(),
                r.segments(),
                r.trailingSlash(),
                r.params());
      };
    }

    private Host mutate(Host host) {
      return switch (host) {
        case Dns dns -> {
          List<String> labels = new ArrayList<>(dns.labels());
          int i = index % labels.size();
          labels.set(i, labels.get(i) + "z");
          yield new Dns(labels);
        }
        case V4 v4 -> {
          List<Integer> octets = new ArrayList<>(v4.octets());
          octets.set(3, (octets.get(3) + 1) % 256);
          yield new V4(octets);
        }
        case V6 v6 -> {
          List<Integer> groups = new ArrayList<>(v6.groups());
          groups.set(7, (groups.get(7) + 1) & 0xFFFF);
          yield new V6(groups);
        }
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Alphabets

  private static final String LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final List<String> IDN_LABELS =
      List.of("bücher", "münchen", "日本", "пример", "ελλάδα", "café", "straße");
  private static final List<String> TLDS = List.of("com", "org", "net", "example", "de", "jp");

  /**
   * Characters of path segments and query parameters, by code point: unreserved, sub-delims,
   * characters that must be escaped, '%', '?', '#', non-ASCII (BMP and astral). Letters weigh more
   * so that most text stays readable.
   */
  private static final int[] TEXT_CODE_POINTS =
      ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop"
              + "-._~!$&'()*+,;=:@ \"<>\\^`{|}[]%?#/éß日\uD83D\uDE00")
          .codePoints()
          .toArray();

  private static final List<String> TRACKING =
      List.of(
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "utm_x",
          "fbclid",
          "gclid",
          "dclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "yclid",
          "mc_cid",
          "mc_eid",
          "igshid",
          "_ga",
          "_gl",
          "ref_src");

  private static final String RAW_ONLY = "!$&'()*+,;=:@/?"; // reserved: escaping changes meaning

  private enum Part {
    PATH,
    NAME,
    VALUE
  }

  // ---------------------------------------------------------------------------------------------
  // Resources

  static Gen<Resource> resources() {
    return in -> {
      String scheme = pick(in, 0, 1) == 0 ? "http" : "https";
      Host host =
          switch (pick(in, 0, 9)) {
            case 0 ->
                new V4(
                    List.of(
                        pick(in, 0, 255), pick(in, 0, 255), pick(in, 0, 255), pick(in, 0, 255)));
            case 1 -> {
              List<Integer> groups = new ArrayList<>();
              for (int i = 0; i < 8; i++) {
                groups.add(pick(in, 0, 1) == 0 ? 0 : pick(in, 0, 0xFFFF));
              }
              yield new V6(groups);
            }
            default -> {
              List<String> labels = new ArrayList<>();
              int count = pick(in, 1, 3);
              for (int i = 0; i < count; i++) {
                labels.add(
                    pick(in, 0, 4) == 0
                        ? IDN_LABELS.get(pick(in, 0, IDN_LABELS.size() - 1))
                        : asciiLabel(in));
              }
              labels.add(TLDS.get(pick(in, 0, TLDS.size() - 1)));
              yield new Dns(labels);
            }
          };
      int port = pick(in, 0, 2) == 0 ? pick(in, 1024, 65_535) : -1;
      List<String> segments = new ArrayList<>();
      int segmentCount = pick(in, 0, 4);
      for (int i = 0; i < segmentCount; i++) {
        String segment = text(in, 1, 6, Part.PATH);
        // A dot segment is not a name: the renderer adds those as detours.
        segments.add(segment.equals(".") || segment.equals("..") ? segment + "a" : segment);
      }
      boolean trailingSlash = segmentCount > 0 && pick(in, 0, 2) == 0;
      List<Param> params = new ArrayList<>();
      int paramCount = pick(in, 0, 3);
      for (int i = 0; i < paramCount; i++) {
        String name = text(in, 1, 5, Part.NAME);
        if (UrlCanonicalizer.isTracking(name)) {
          name = "x" + name;
        }
        String value =
            switch (pick(in, 0, 5)) {
              case 0 -> null;
              case 1 -> "";
              default -> text(in, 1, 5, Part.VALUE);
            };
        params.add(new Param(name, value));
      }
      return new Resource(scheme, host, port, segments, trailingSlash, params);
    };
  }

  static Gen<Mutation> mutations() {
    return in -> new Mutation(Mutation.Kind.values()[pick(in, 0, 2)], pick(in, 0, 10));
  }

  static Gen<Long> renderingSeeds() {
    return longs().all();
  }

  private static String asciiLabel(RandomnessSource in) {
    int length = pick(in, 1, 10);
    StringBuilder label = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      boolean inner = i > 0 && i < length - 1;
      label.append(
          inner && pick(in, 0, 9) == 0
              ? '-'
              : LABEL_CHARS.charAt(pick(in, 0, LABEL_CHARS.length() - 1)));
    }
    return label.toString();
  }

  private static String text(RandomnessSource in, int min, int max, Part part) {
    int length = pick(in, min, max);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int cp = TEXT_CODE_POINTS[pick(in, 0, TEXT_CODE_POINTS.length - 1)];
      if (cp == '/' && part == Part.PATH) {
        cp = '~'; // '/' separates segments; it cannot be inside one
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  private static int pick(RandomnessSource in, int min, int max) {
    return integers().between(min, max).generate(in);
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering: one of the equivalent spellings of a resource

  static String render(Resource r, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder url = new StringBuilder();
    boolean userInfo = rnd.nextInt(4) == 0;
    int schemeForm = rnd.nextInt(6);
    if (r.scheme().equals("https") && schemeForm == 0 && !userInfo) {
      // bare: "example.com/x" means https
    } else if (r.scheme().equals("https") && schemeForm == 1) {
      url.append("//");
    } else {
      url.append(randomCase(r.scheme(), rnd))
          .append(
              switch (schemeForm) {
                case 2 -> ":";
                case 3 -> ":///";
                default -> "://";
              });
    }
    if (userInfo) {
      url.append(oneOf(rnd, "user@", "u:p@", "a%40b:c@", "x:@", "@", "us%3Aer@"));
    }
    url.append(renderHost(r.host(), rnd));
    int defaultPort = r.scheme().equals("http") ? 80 : 443;
    if (r.port() == -1) {
      url.append(oneOf(rnd, "", "", ":", ":" + defaultPort, ":0" + defaultPort));
    } else {
      url.append(rnd.nextBoolean() ? ":" : ":0").append(r.port());
    }
    url.append(renderPath(r, rnd));
    url.append(renderQuery(r.params(), rnd));
    if (rnd.nextInt(3) == 0) {
      url.append('#').append(oneOf(rnd, "", "top", "a?b=c&d", "x#y", "/p/../q", "%zz", "s p"));
    }
    // A raw space at the very end would be trimmed away; where it is data, spell it %20.
    if (url.charAt(url.length() - 1) == ' ') {
      url.setLength(url.length() - 1);
      url.append("%20");
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      url.insert(rnd.nextInt(url.length() + 1), oneOf(rnd, "\t", "\n", "\r\n"));
    }
    return oneOf(rnd, "", "", " ", "\t", "\u00a0") + url + oneOf(rnd, "", "", " ", "\n", "\u3000");
  }

  private static String renderHost(Host host, SplittableRandom rnd) {
    return switch (host) {
      case Dns dns -> {
        StringBuilder out = new StringBuilder();
        for (String label : dns.labels()) {
          if (out.length() > 0) {
            out.append('.');
          }
          out.append(renderLabel(label, rnd));
        }
        yield out.append(rnd.nextInt(5) == 0 ? "." : "").toString();
      }
      case V4 v4 -> {
        StringBuilder out = new StringBuilder();
        for (int octet : v4.octets()) {
          if (out.length() > 0) {
            out.append('.');
          }
          out.append("0".repeat(rnd.nextInt(4) == 0 ? rnd.nextInt(1, 3) : 0)).append(octet);
        }
        yield out.toString();
      }
      case V6 v6 -> "[" + renderV6(v6.groups(), rnd) + "]";
    };
  }

  private static String renderLabel(String label, SplittableRandom rnd) {
    boolean ascii = label.chars().allMatch(c -> c < 0x80);
    if (!ascii) {
      switch (rnd.nextInt(3)) {
        case 0:
          return randomCase(IDN.toASCII(label), rnd);
        case 1:
          return escapeAll(label, rnd);
        default:
          return randomCase(label, rnd);
      }
    }
    StringBuilder out = new StringBuilder();
    for (char c : label.toCharArray()) {
      String one = randomCase(String.valueOf(c), rnd);
      out.append(rnd.nextInt(12) == 0 ? escapeAll(one, rnd) : one);
    }
    return out.toString();
  }

  /**
   * Any valid spelling of the address: groups with or without leading zeros in either case, "::" in
   * place of any zero run or none, the last 32 bits as a dotted quad or not.
   */
  private static String renderV6(List<Integer> groups, SplittableRandom rnd) {
    boolean v4Tail = rnd.nextInt(3) == 0;
    int limit = v4Tail ? 6 : 8;
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < limit; ) {
      if (groups.get(i) != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < limit && groups.get(i) == 0) {
        i++;
      }
      runs.add(new int[] {start, i - start});
    }
    int runStart = -1;
    int runLength = 0;
    if (!runs.isEmpty() && rnd.nextInt(4) != 0) {
      int[] run = runs.get(rnd.nextInt(runs.size()));
      // Any non-empty sub-run may be the "::", not only the whole run.
      runLength = rnd.nextInt(1, run[1] + 1);
      runStart = run[0] + rnd.nextInt(run[1] - runLength + 1);
    }
    StringBuilder out = new StringBuilder();
    boolean needColon = false;
    for (int i = 0; i < limit; ) {
      if (i == runStart) {
        out.append("::");
        i += runLength;
        needColon = false;
        continue;
      }
      if (needColon) {
        out.append(':');
      }
      String hex = Integer.toHexString(groups.get(i));
      hex = "0".repeat(rnd.nextInt(4 - hex.length() + 1)) + hex;
      out.append(rnd.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex);
      needColon = true;
      i++;
    }
    if (v4Tail) {
      if (needColon) {
        out.append(':');
      }
      int high = groups.get(6);
      int low = groups.get(7);
      out.append(high >>> 8)
          .append('.')
          .append(high & 0xFF)
          .append('.')
          .append(low >>> 8)
          .append('.')
          .append(low & 0xFF);
    }
    return out.toString();
  }

  private static String renderPath(Resource r, SplittableRandom rnd) {
    if (r.segments().isEmpty()) {
      return oneOf(rnd, "", "/", "/", "/.", "/..", "/./", "/../", "/%2e", "/x/..", "/x/%2E%2e/");
    }
    StringBuilder out = new StringBuilder();
    if (rnd.nextInt(6) == 0) {
      out.append("/").append(dots(2, rnd)); // above the root: stays at the root
    }
    for (String segment : r.segments()) {
      switch (rnd.nextInt(8)) {
        case 0 -> out.append('/').append(dots(1, rnd));
        case 1 -> out.append('/').append(junk(rnd)).append('/').append(dots(2, rnd));
        default -> {}
      }
      out.append('/').append(renderText(segment, Part.PATH, rnd));
    }
    if (r.trailingSlash()) {
      out.append(
          switch (rnd.nextInt(4)) {
            case 0 -> "/" + dots(1, rnd);
            case 1 -> "/" + junk(rnd) + "/" + dots(2, rnd);
            default -> "/";
          });
    }
    return out.toString();
  }

  private static String renderQuery(List<Param> params, SplittableRandom rnd) {
    List<String> pieces = new ArrayList<>();
    for (Param p : params) {
      String name = renderText(p.name(), Part.NAME, rnd);
      pieces.add(p.value() == null ? name : name + "=" + renderText(p.value(), Part.VALUE, rnd));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      String name = randomCase(TRACKING.get(rnd.nextInt(TRACKING.size())), rnd);
      pieces.add(rnd.nextInt(4) == 0 ? name : name + "=" + junk(rnd));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      pieces.add(""); // empty parameters: "&&", leading or trailing '&'
    }
    // Fisher-Yates with the seeded generator: parameter order must not matter.
    for (int i = pieces.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      String t = pieces.get(i);
      pieces.set(i, pieces.get(j));
      pieces.set(j, t);
    }
    if (pieces.isEmpty()) {
      return rnd.nextBoolean() ? "" : "?";
    }
    return "?" + String.join("&", pieces);
  }

  /** Spells decoded text: each character raw or escaped, whichever is equivalent. */
  private static String renderText(String text, Part part, SplittableRandom rnd) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              boolean mustEscape =
                  cp == '%'
                      || cp == '#'
                      || (part == Part.PATH && cp == '?')
                      || (part != Part.PATH && cp == '&')
                      || (part == Part.NAME && cp == '=');
              boolean rawOnly = cp < 0x80 && RAW_ONLY.indexOf(cp) >= 0;
              String raw = new String(Character.toChars(cp));
              if (mustEscape || (!rawOnly && rnd.nextInt(3) == 0)) {
                out.append(escapeAll(raw, rnd));
              } else {
                out.append(raw);
              }
            });
    return out.toString();
  }

  /** Every UTF-8 byte as %XX, each hex digit in a random case. */
  private static String escapeAll(String text, SplittableRandom rnd) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(randomCase(String.format("%02x", b & 0xFF), rnd));
    }
    return out.toString();
  }

  private static String dots(int count, SplittableRandom rnd) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(oneOf(rnd, ".", ".", "%2e", "%2E"));
    }
    return out.toString();
  }

  private static String junk(SplittableRandom rnd) {
    return oneOf(rnd, "j", "junk", "x1", "%41b", "q~");
  }

  private static String randomCase(String s, SplittableRandom rnd) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp ->
                out.appendCodePoint(
                    rnd.nextBoolean() ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return out.toString();
  }

  @SafeVarargs
  private static <T> T oneOf(SplittableRandom rnd, T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  // ---------------------------------------------------------------------------------------------
  // Everything: renderings, token soup, mutated renderings, arbitrary UTF-16

  static Gen<String> renderedUrls() {
    return resources().zip(renderingSeeds(), UrlGenerators::render);
  }

  private static final List<String> TOKENS =
      List.of(
          "http",
          "HTTPS",
          "://",
          ":",
          "/",
          "//",
          "\\",
          "?",
          "#",
          "&",
          "=",
          "%",
          "%2e",
          "%2E",
          "%zz",
          "%C3%A9",
          "%c3",
          "..",
          ".",
          "@",
          "[",
          "]",
          "::",
          "1",
          "255",
          "256",
          "010",
          "0x7f",
          "a",
          "b.com",
          "example",
          "xn--",
          "xn--bcher-kva",
          "-",
          "_",
          " ",
          "\t",
          "\n",
          "\u0000",
          "\u007f",
          "\u0085",
          "é",
          "日本",
          "utm_source",
          "fbclid",
          "ｅ",
          "\u3002",
          "\u202e",
          "\u200b",
          "\uD800",
          "\uDC00",
          "\uD83D\uDE00",
          "localhost",
          "8080",
          "99999",
          "mailto:",
          "javascript:",
          "+",
          ";",
          "~",
          "İ",
          "ß",
          "\u00a0");

  static Gen<String> fuzzStrings() {
    return longs()
        .all()
        .map(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              return switch (rnd.nextInt(4)) {
                case 0 -> {
                  StringBuilder out = new StringBuilder();
                  for (int i = rnd.nextInt(40); i > 0; i--) {
                    int c =
                        switch (rnd.nextInt(5)) {
                          case 0, 1 -> rnd.nextInt(0x80);
                          case 2 -> rnd.nextInt(0x80, 0x800);
                          case 3 -> rnd.nextInt(0xD700, 0xE100); // around the surrogates
                          default -> rnd.nextInt(0x10000);
                        };
                    out.append((char) c);
                  }
                  yield out.toString();
                }
                case 1 -> {
                  StringBuilder out = new StringBuilder();
                  for (int i = rnd.nextInt(1, 25); i > 0; i--) {
                    out.append(TOKENS.get(rnd.nextInt(TOKENS.size())));
                  }
                  yield out.toString();
                }
                case 2 -> {
                  // A valid URL with a few edits: the inputs closest to the accept/reject border.
                  StringBuilder out = new StringBuilder(fixedRendering(rnd));
                  for (int i = rnd.nextInt(1, 4); i > 0; i--) {
                    int at = rnd.nextInt(out.length() + 1);
                    switch (rnd.nextInt(3)) {
                      case 0 -> out.insert(at, TOKENS.get(rnd.nextInt(TOKENS.size())));
                      case 1 -> {
                        if (at < out.length()) {
                          out.deleteCharAt(at);
                        }
                      }
                      default -> {
                        if (at < out.length()) {
                          out.setCharAt(at, TOKENS.get(rnd.nextInt(TOKENS.size())).charAt(0));
                        }
                      }
                    }
                  }
                  yield out.toString();
                }
                default -> {
                  // Long inputs, around the 8192-char limit.
                  String unit = TOKENS.get(rnd.nextInt(TOKENS.size()));
                  String base = "http://a.com/";
                  int target = rnd.nextInt(7000, 9000);
                  yield base + unit.repeat(Math.max(1, (target - base.length()) / unit.length()));
                }
              };
            });
  }

  private static String fixedRendering(SplittableRandom rnd) {
    return oneOf(
        rnd,
        "http://a.com/x/y?b=2&a=1#f",
        "HTTPS://[2001:DB8::1]:8443/%7e/../p",
        "example.com/a b?utm_source=x",
        "//user:pw@bücher.example./p/./q/..",
        "http://010.001.1.2:080/?&&q=%c3%a9",
        "https://a.com/%2e%2E/x;y?a=1&a=0");
  }
}
