package org.lantern.core.signal.canon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.canon.UrlGenerators.Resource;
import org.lantern.core.testing.TestSeeds;

class UrlCanonicalizerTest {

  // ---------------------------------------------------------------------------------------------
  // Table: input -> canonical URL

  static Stream<Arguments> canonicalForms() {
    return Stream.of(
        // scheme and case; the path keeps its case
        arguments("http://example.com", "http://example.com/"),
        arguments("HTTP://EXAMPLE.COM/", "http://example.com/"),
        arguments("HtTpS://Www.Example.Com/Path/To", "https://www.example.com/Path/To"),
        arguments("http:example.com/x", "http://example.com/x"),
        arguments("https:///example.com/", "https://example.com/"),
        // no scheme: https
        arguments("example.com", "https://example.com/"),
        arguments("example.com/a?b=1", "https://example.com/a?b=1"),
        arguments("//example.com/x", "https://example.com/x"),
        arguments("www.example.com:8080/x", "https://www.example.com:8080/x"),
        arguments("192.0.2.1/x", "https://192.0.2.1/x"),
        arguments("[2001:db8::1]/x", "https://[2001:db8::1]/x"),
        // IDN
        arguments("http://bücher.example/", "http://xn--bcher-kva.example/"),
        arguments("https://BÜCHER.example/Straße", "https://xn--bcher-kva.example/Stra%C3%9Fe"),
        arguments("http://münchen.de/", "http://xn--mnchen-3ya.de/"),
        arguments("http://日本.jp/", "http://xn--wgv71a.jp/"),
        arguments("https://ｅｘａｍｐｌｅ.com/", "https://example.com/"),
        arguments("http://xn--bcher-kva.example/", "http://xn--bcher-kva.example/"),
        arguments("http://XN--BCHER-KVA.example/", "http://xn--bcher-kva.example/"),
        arguments("http://www.example\u3002com/", "http://www.example.com/"),
        arguments("http://faß.de/", "http://fass.de/"), // IDNA2003 maps ß to ss
        arguments("http://b%C3%BCcher.example/", "http://xn--bcher-kva.example/"),
        arguments("http://%65xample.com/", "http://example.com/"),
        // percent-encoding in the path
        arguments("http://a.com/%7Euser/%41%42%63%2d%5f", "http://a.com/~user/ABc-_"),
        arguments("http://a.com/%2f%3a%5b%3F%23", "http://a.com/%2F%3A%5B%3F%23"),
        arguments("http://a.com/a b/c", "http://a.com/a%20b/c"),
        arguments("http://a.com/caf\u00e9", "http://a.com/caf%C3%A9"),
        arguments("http://a.com/caf%c3%a9", "http://a.com/caf%C3%A9"),
        arguments("http://a.com/日本語", "http://a.com/%E6%97%A5%E6%9C%AC%E8%AA%9E"),
        arguments("http://a.com/\uD83D\uDE00", "http://a.com/%F0%9F%98%80"),
        arguments("http://a.com/100%", "http://a.com/100%25"),
        arguments("http://a.com/%zz%4", "http://a.com/%25zz%254"),
        arguments("http://a.com/%%41", "http://a.com/%25A"),
        arguments("http://a.com/%2541", "http://a.com/%2541"),
        arguments("http://a.com/\"<>`{}|^[]", "http://a.com/%22%3C%3E%60%7B%7D%7C%5E%5B%5D"),
        arguments("http://a.com/a\\b", "http://a.com/a%5Cb"),
        arguments("http://a.com/!$&'()*+,;=:@", "http://a.com/!$&'()*+,;=:@"),
        // default and other ports
        arguments("http://a.com:80/", "http://a.com/"),
        arguments("https://a.com:443/x", "https://a.com/x"),
        arguments("http://a.com:443/", "http://a.com:443/"),
        arguments("https://a.com:80/", "https://a.com:80/"),
        arguments("http://a.com:8080", "http://a.com:8080/"),
        arguments("http://a.com:/x", "http://a.com/x"),
        arguments("http://a.com:0080/", "http://a.com/"),
        arguments("http://a.com:65535/", "http://a.com:65535/"),
        // dot segments
        arguments("http://a.com/a/./b/../c", "http://a.com/a/c"),
        arguments("http://a.com/a/b/..", "http://a.com/a/"),
        arguments("http://a.com/a/b/.", "http://a.com/a/b/"),
        arguments("http://a.com/../../x", "http://a.com/x"),
        arguments("http://a.com/..", "http://a.com/"),
        arguments("http://a.com/a/%2e%2E/b", "http://a.com/b"),
        arguments("http://a.com/a/%2E/b/.%2e/c", "http://a.com/a/c"),
        arguments("http://a.com/a//b/../c", "http://a.com/a//c"),
        arguments("http://a.com/.a/..b/...", "http://a.com/.a/..b/..."),
        arguments("http://a.com/a/b/../../../../c?x=/../", "http://a.com/c?x=/../"),
        // tracking parameters, every family
        arguments(
            "https://a.com/p?utm_source=x&utm_medium=y&utm_campaign=z&utm_term=t"
                + "&utm_content=c&utm_id=i&id=7",
            "https://a.com/p?id=7"),
        arguments("https://a.com/p?UTM_Source=x&Utm_Whatever=y&id=7", "https://a.com/p?id=7"),
        arguments(
            "https://a.com/p?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&id=7",
            "https://a.com/p?id=7"),
        arguments(
            "https://a.com/p?msclkid=1&yclid=2&mc_cid=3&mc_eid=4&igshid=5", "https://a.com/p"),
        arguments("https://a.com/p?_ga=1&_gl=2&ref_src=twsrc&FBCLID=x", "https://a.com/p"),
        arguments("https://a.com/p?utm%5Fsource=x&%67clid=y&a=1", "https://a.com/p?a=1"),
        arguments(
            "https://a.com/p?futm_source=1&ref=2&ga=3", "https://a.com/p?futm_source=1&ga=3&ref=2"),
        arguments("https://a.com/p?gclid", "https://a.com/p"),
        // query: sorting, empty parameters, encoding
        arguments("https://a.com/p?b=2&a=1&c=3", "https://a.com/p?a=1&b=2&c=3"),
        arguments("https://a.com/p?a=2&a=1&a=10", "https://a.com/p?a=1&a=10&a=2"),
        arguments("https://a.com/p?&&a=1&&", "https://a.com/p?a=1"),
        arguments("https://a.com/p?", "https://a.com/p"),
        arguments("https://a.com/p?a;b=1&c", "https://a.com/p?a;b=1&c"),
        arguments("https://a.com/p?q=a+b&q=a%20b&q=a b", "https://a.com/p?q=a%20b&q=a%20b&q=a+b"),
        arguments("https://a.com/p?a=&a", "https://a.com/p?a&a="),
        arguments("https://a.com/p?x=1?y=2/z&e=a=b", "https://a.com/p?e=a=b&x=1?y=2/z"),
        arguments("https://a.com/p?q=%e6%97%a5&r=%7e%2D", "https://a.com/p?q=%E6%97%A5&r=~-"),
        arguments("https://a.com/p?q=caf\u00e9&b=%26%3d", "https://a.com/p?b=%26%3D&q=caf%C3%A9"),
        // trailing slash: root added, non-root kept as given
        arguments("https://a.com", "https://a.com/"),
        arguments("https://a.com?x=1", "https://a.com/?x=1"),
        arguments("https://a.com/dir/", "https://a.com/dir/"),
        arguments("https://a.com/dir", "https://a.com/dir"),
        // user-info
        arguments("http://user:pass@a.com/", "http://a.com/"),
        arguments("http://user@name@a.com/x", "http://a.com/x"),
        arguments("http://u:p%40ss@A.com:8080/x", "http://a.com:8080/x"),
        arguments("//user@a.com/", "https://a.com/"),
        // IPv4
        arguments("http://010.001.1.2/", "http://10.1.1.2/"),
        arguments("http://192.168.000.001:8080/", "http://192.168.0.1:8080/"),
        arguments("http://127.0.0.1/", "http://127.0.0.1/"),
        arguments("http://255.255.255.255./", "http://255.255.255.255/"),
        // IPv6
        arguments("http://[2001:DB8:0:0:0:0:0:1]/", "http://[2001:db8::1]/"),
        arguments(
            "http://[2001:0db8:0000:0000:0001:0000:0000:0001]/", "http://[2001:db8::1:0:0:1]/"),
        arguments("http://[0:0:0:0:0:0:0:1]:8080/", "http://[::1]:8080/"),
        arguments("http://[::]/", "http://[::]/"),
        arguments("http://[::FFFF:192.0.2.1]/", "http://[::ffff:c000:201]/"),
        arguments("http://[64:ff9b::10.0.0.1]:443/", "http://[64:ff9b::a00:1]:443/"),
        arguments("http://[2001:db8:0:1:1:1:1:1]/", "http://[2001:db8:0:1:1:1:1:1]/"),
        arguments("http://[1:0:0:2:0:0:0:3]/", "http://[1:0:0:2::3]/"),
        arguments("http://[1:0:0:2:0:0:3:4]/", "http://[1::2:0:0:3:4]/"),
        arguments("https://[2001:db8::]:443/", "https://[2001:db8::]/"),
        // host spelling: trailing dots, localhost
        arguments("http://example.com./", "http://example.com/"),
        arguments("http://example.com../x", "http://example.com/x"),
        arguments("http://localhost:3000/api", "http://localhost:3000/api"),
        arguments("http://LOCALHOST./", "http://localhost/"),
        // fragments
        arguments("https://a.com/p#section", "https://a.com/p"),
        arguments("https://a.com/p?x=1#frag?y=2&utm_source=z", "https://a.com/p?x=1"),
        arguments("https://a.com#top", "https://a.com/"),
        arguments("https://a.com/p#", "https://a.com/p"),
        // whitespace: around, and tab/CR/LF inside
        arguments("  https://a.com/p  ", "https://a.com/p"),
        arguments("\u00a0https://a.com/\u3000", "https://a.com/"),
        arguments("https://a.com/p\n/q", "https://a.com/p/q"),
        arguments("ht\ttps://a.\r\ncom/", "https://a.com/"),
        arguments("\thttps://a.com/a b \n", "https://a.com/a%20b"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("canonicalForms")
  void shouldCanonicalize(String input, String expected) {
    CanonicalUrl canonical = UrlCanonicalizer.canonicalize(input);
    assertThat(canonical.url()).isEqualTo(expected);
    // Every row is also an idempotence check.
    assertThat(UrlCanonicalizer.canonicalize(canonical.url())).isEqualTo(canonical);
  }

  // ---------------------------------------------------------------------------------------------
  // Table: input -> rejection, with the part the message must name

  static Stream<Arguments> rejects() {
    String tooLongLabel = "a".repeat(64);
    return Stream.of(
        arguments(null, "null"),
        arguments("", "empty URL"),
        arguments(" \t\n ", "empty URL"),
        arguments("javascript:alert(1)", "scheme 'javascript'"),
        arguments("mailto:someone@example.com", "scheme 'mailto'"),
        arguments("ftp://example.com/file", "scheme 'ftp'"),
        arguments("data:text/html,<b>hi</b>", "scheme 'data'"),
        arguments("FILE:///etc/passwd", "scheme 'file'"),
        arguments(
            "http://x.com:99999/", "port 99999 is out of range 1-65535 in 'http://x.com:99999/'"),
        arguments("http://x.com:0/", "port 0 is out of range"),
        arguments("http://x.com:8o/", "port '8o' is not a number"),
        arguments("http://x.com:-1/", "port '-1'"),
        arguments("http://x.com:123456789012/", "port 123456789012"),
        arguments("http://foo/", "host 'foo' has no dot"),
        arguments("http://a..b.com/", "'a..b.com' has an empty label"),
        arguments("http://.a.com/", "'.a.com' has an empty label"),
        arguments("http://", "empty host"),
        arguments("http://user@/x", "empty host"),
        arguments("/relative/path", "empty host"),
        arguments("http://256.1.1.1/", "octet 256"),
        arguments("http://1.2.3.0400/", "octet 0400"),
        arguments("http://1.2.3/", "'1.2.3' is not a dotted-quad"),
        arguments("http://0x7f.0.0.1/", "'0x7f'"),
        arguments("http://[2001:db8::1::2]/", "more than one '::'"),
        arguments("http://[12345::1]/", "group '12345'"),
        arguments("http://[1:2:3:4:5:6:7]/", "has 7 groups"),
        arguments("http://[1:2:3:4:5:6:7:8:9]/", "more than 8 groups"),
        arguments("http://[::1/", "no closing ']'"),
        arguments("http://[::1]x/", "unexpected 'x'"),
        arguments("http://[fe80::1%25eth0]/", "zone id"),
        arguments("http://[::1.2.3.256]/", "octet 256"),
        arguments("http://a_b.com/", "character '_'"),
        arguments("http://a b.com/", "character ' '"),
        arguments("http://-a.com/", "label '-a'"),
        arguments("http://" + tooLongLabel + ".com/", "label '" + tooLongLabel + "'"),
        arguments("http://a.com\u0007/", "U+0007"),
        arguments("http://a.com/\u0000", "U+0000"),
        arguments("http://evil.com\\@good.com/", "backslash in authority 'evil.com\\@good.com'"),
        arguments("http:\\\\evil.com/", "backslash"),
        arguments("http://a%zz.com/", "'%' in host 'a%zz.com'"),
        arguments("http://a%C3.com/", "are not UTF-8"),
        arguments("http://a\u202eb.com/", "not a valid internationalised domain name"),
        arguments("http://a.com/\uD800x", "unpaired surrogate U+D800"),
        arguments("x".repeat(8193), "8193 characters"),
        arguments("http://a.com/" + "\u00e9".repeat(1400), "canonical form is"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejects")
  void shouldReject(String input, String mentioned) {
    assertThatThrownBy(() -> UrlCanonicalizer.canonicalize(input))
        .isExactlyInstanceOf(SignalRejectedException.class)
        .hasMessageContaining(mentioned)
        .satisfies(
            e -> {
              SignalRejectedException rejection = (SignalRejectedException) e;
              assertThat(rejection.code()).isEqualTo("invalid_url");
              assertThat(rejection.field()).isEqualTo("value");
            });
  }

  @Test
  void messagesShouldQuoteTheInputShortAndPrintable() {
    String longPath = "http://a.com:99999/" + "p".repeat(5000);
    assertThatThrownBy(() -> UrlCanonicalizer.canonicalize(longPath))
        .hasMessageContaining("port 99999")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    assertThatThrownBy(() -> UrlCanonicalizer.canonicalize("http://a.com\u0007\u202e/"))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\u0007", "\u202e")
                    .contains("\\u0007", "\\u202e"));
  }

  @Test
  void shouldAcceptTheLongestInput() {
    String url = "https://a.com/" + "x".repeat(UrlCanonicalizer.MAX_LENGTH - 14);
    assertThat(url).hasSize(UrlCanonicalizer.MAX_LENGTH);
    assertThat(UrlCanonicalizer.canonicalize(url).url()).isEqualTo(url);
  }

  // ---------------------------------------------------------------------------------------------
  // The match keys

  @Test
  void shouldExposeComponentsAndMatchKeys() {
    CanonicalUrl url = UrlCanonicalizer.canonicalize("HTTPS://A.com/x/y/z?b=2&a=1#f");
    assertThat(url.scheme()).isEqualTo("https");
    assertThat(url.host()).isEqualTo("a.com");
    assertThat(url.port()).isEqualTo(-1);
    assertThat(url.path()).isEqualTo("/x/y/z");
    assertThat(url.query()).isEqualTo("a=1&b=2");
    assertThat(url.toString()).isEqualTo(url.url()).isEqualTo("https://a.com/x/y/z?a=1&b=2");
    assertThat(url.hostKey()).isEqualTo("a.com");
    assertThat(url.hostAndPath()).isEqualTo("a.com/x/y/z");
    assertThat(url.pathPrefixes())
        .containsExactly("a.com/x/y/z", "a.com/x/y/", "a.com/x/y", "a.com/x/", "a.com/x", "a.com/");
  }

  @Test
  void matchKeysShouldCarryANonDefaultPortButNeverTheScheme() {
    CanonicalUrl url = UrlCanonicalizer.canonicalize("http://a.com:8080/x/");
    assertThat(url.port()).isEqualTo(8080);
    assertThat(url.hostKey()).isEqualTo("a.com:8080");
    assertThat(url.hostAndPath()).isEqualTo("a.com:8080/x/");
    assertThat(url.pathPrefixes()).containsExactly("a.com:8080/x/", "a.com:8080/x", "a.com:8080/");
    // http and https of one host share the keys: a signal is about the content, not the transport.
    assertThat(UrlCanonicalizer.canonicalize("https://a.com/x").hostAndPath())
        .isEqualTo(UrlCanonicalizer.canonicalize("http://a.com/x").hostAndPath());

    CanonicalUrl ipv6 = UrlCanonicalizer.canonicalize("http://[::1]:81/x");
    assertThat(ipv6.hostKey()).isEqualTo("[::1]:81");
    assertThat(ipv6.pathPrefixes()).containsExactly("[::1]:81/x", "[::1]:81/");
  }

  @Test
  void pathPrefixesShouldStopAtEverySegmentBoundary() {
    assertThat(UrlCanonicalizer.canonicalize("https://a.com").pathPrefixes())
        .containsExactly("a.com/");
    assertThat(UrlCanonicalizer.canonicalize("https://a.com/a//b").pathPrefixes())
        .containsExactly("a.com/a//b", "a.com/a//", "a.com/a/", "a.com/a", "a.com/");
    assertThat(UrlCanonicalizer.canonicalize("https://a.com/dir/").pathPrefixes())
        .containsExactly("a.com/dir/", "a.com/dir", "a.com/");
  }

  @Test
  void samePathPrefixShouldMeanWholeSegments() {
    List<String> prefixes = UrlCanonicalizer.canonicalize("https://a.com/x/y?q=1").pathPrefixes();
    assertThat(prefixes)
        .contains(UrlCanonicalizer.canonicalize("https://a.com/x/").hostAndPath())
        .contains(UrlCanonicalizer.canonicalize("http://a.com/x").hostAndPath())
        .contains(UrlCanonicalizer.canonicalize("a.com").hostAndPath())
        .doesNotContain(UrlCanonicalizer.canonicalize("https://a.com/x/y/z").hostAndPath())
        .doesNotContain(UrlCanonicalizer.canonicalize("https://a.com/x/yz").hostAndPath())
        .doesNotContain(UrlCanonicalizer.canonicalize("https://a.com:8443/x").hostAndPath())
        .doesNotContain(UrlCanonicalizer.canonicalize("https://b.a.com/x").hostAndPath());
    assertThat(UrlCanonicalizer.canonicalize("https://a.com/xy").pathPrefixes())
        .doesNotContain(UrlCanonicalizer.canonicalize("https://a.com/x").hostAndPath());
  }

  @Test
  void recordShouldRefuseComponentsThatDoNotMakeItsUrl() {
    assertThatThrownBy(() -> new CanonicalUrl("https://a.com/", "https", "b.com", -1, "/", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> new CanonicalUrl("https://a.com:0/", "https", "a.com", 0, "/", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThat(new CanonicalUrl("https://a.com:8443/p?q", "https", "a.com", 8443, "/p", "q"))
        .isEqualTo(UrlCanonicalizer.canonicalize("a.com:8443/p?q"));
  }

  // ---------------------------------------------------------------------------------------------
  // Properties over generated URLs (UrlGenerators); seeds from TestSeeds, so -Dlantern.seed replays.

  @Test
  void canonicalFormShouldBeAFixedPoint() {
    qt().withExamples(TestSeeds.iterations(2000))
        .withFixedSeed(TestSeeds.seed("url-idempotence"))
        .forAll(UrlGenerators.renderedUrls())
        .checkAssert(
            input -> {
              CanonicalUrl once = UrlCanonicalizer.canonicalize(input);
              CanonicalUrl twice = UrlCanonicalizer.canonicalize(once.url());
              assertThat(twice)
                  .as("canonicalize twice '%s'; %s", input, TestSeeds.describe())
                  .isEqualTo(once);
              // The keys are made of canonical parts: re-canonicalising the host alone changes
              // nothing.
              String hostOnly = once.scheme() + "://" + once.hostKey();
              assertThat(UrlCanonicalizer.canonicalize(hostOnly).hostKey())
                  .as("host key of '%s'; %s", input, TestSeeds.describe())
                  .isEqualTo(once.hostKey());
            });
  }

  @Test
  void equivalentSpellingsShouldCollide() {
    qt().withExamples(TestSeeds.iterations(2000))
        .withFixedSeed(TestSeeds.seed("url-equivalent"))
        .forAll(
            UrlGenerators.resources(),
            UrlGenerators.renderingSeeds(),
            UrlGenerators.renderingSeeds())
        .checkAssert(
            (resource, first, second) -> {
              String a = UrlGenerators.render(resource, first);
              String b = UrlGenerators.render(resource, second);
              assertThat(UrlCanonicalizer.canonicalize(a))
                  .as("'%s' and '%s' spell %s; %s", a, b, resource, TestSeeds.describe())
                  .isEqualTo(UrlCanonicalizer.canonicalize(b));
            });
  }

  @Test
  void differentResourcesShouldNotCollide() {
    qt().withExamples(TestSeeds.iterations(2000))
        .withFixedSeed(TestSeeds.seed("url-different"))
        .forAll(
            UrlGenerators.resources(),
            UrlGenerators.mutations(),
            UrlGenerators.renderingSeeds(),
            UrlGenerators.renderingSeeds())
        .checkAssert(
            (resource, mutation, first, second) -> {
              Resource other = mutation.apply(resource);
              String a = UrlGenerators.render(resource, first);
              String b = UrlGenerators.render(other, second);
              assertThat(UrlCanonicalizer.canonicalize(a).url())
                  .as(
                      "'%s' (%s) and '%s' (%s, %s); %s",
                      a, resource, b, other, mutation, TestSeeds.describe())
                  .isNotEqualTo(UrlCanonicalizer.canonicalize(b).url());
            });
  }

  @Test
  void arbitraryStringsShouldOnlyEverBeRejected() {
    qt().withExamples(TestSeeds.iterations(5000))
        .withFixedSeed(TestSeeds.seed("url-fuzz"))
        .forAll(UrlGenerators.fuzzStrings())
        .checkAssert(
            input -> {
              CanonicalUrl canonical;
              try {
                canonical = UrlCanonicalizer.canonicalize(input);
              } catch (SignalRejectedException e) {
                assertThat(e.code()).isEqualTo("invalid_url");
                assertThat(e.field()).isEqualTo("value");
                assertThat(e.getMessage()).isNotBlank();
                return;
              }
              // Anything accepted, however odd, must be a fixed point too.
              assertThat(UrlCanonicalizer.canonicalize(canonical.url()))
                  .as("canonicalize twice '%s'; %s", input, TestSeeds.describe())
                  .isEqualTo(canonical);
            });
  }
}
