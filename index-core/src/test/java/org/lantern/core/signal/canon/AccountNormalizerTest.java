package org.lantern.core.signal.canon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.testing.TestSeeds;
import org.quicktheories.core.Gen;

class AccountNormalizerTest {

  // ---------------------------------------------------------------------------------------------
  // E-mail

  static Stream<Arguments> emails() {
    String longLocal = "x".repeat(64);
    return Stream.of(
        arguments("john.doe@example.com", "john.doe@example.com"),
        arguments("  John.Doe@Example.COM  ", "john.doe@example.com"),
        arguments("\u00a0a@b.co\u3000", "a@b.co"),
        arguments("mailto:Alice@Example.org", "alice@example.org"),
        arguments("MAILTO:bob@example.org", "bob@example.org"),
        // no provider rules: sub-addresses and dots stay
        arguments("user+tag@example.com", "user+tag@example.com"),
        arguments("first.last@gmail.com", "first.last@gmail.com"),
        arguments("firstlast@googlemail.com", "firstlast@googlemail.com"),
        arguments("o'brien@example.ie", "o'brien@example.ie"),
        arguments("Ünïcödé@example.com", "ünïcödé@example.com"),
        // the domain, like a URL host
        arguments("a@bücher.example", "a@xn--bcher-kva.example"),
        arguments("a@BÜCHER.example.", "a@xn--bcher-kva.example"),
        arguments("a@example.com.", "a@example.com"),
        arguments("a@ｅｘａｍｐｌｅ.com", "a@example.com"),
        arguments("a@sub.domain.example.co.uk", "a@sub.domain.example.co.uk"),
        arguments("a@[192.168.0.1]", "a@[192.168.0.1]"),
        arguments("a@[010.000.000.001]", "a@[10.0.0.1]"),
        arguments("a@192.0.2.1", "a@[192.0.2.1]"),
        arguments("a@[IPv6:2001:DB8:0:0:0:0:0:1]", "a@[ipv6:2001:db8::1]"),
        arguments("a@[2001:db8::1]", "a@[ipv6:2001:db8::1]"),
        arguments(longLocal + "@example.com", longLocal + "@example.com"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("emails")
  void shouldNormalizeEmail(String raw, String expected) {
    assertThat(AccountNormalizer.email(raw)).isEqualTo(expected);
    assertThat(AccountNormalizer.email(expected)).isEqualTo(expected);
  }

  static Stream<Arguments> rejectedEmails() {
    String label50 = "d".repeat(50);
    return Stream.of(
        arguments(null, "null"),
        arguments("", "empty e-mail address"),
        arguments("   ", "empty e-mail address"),
        arguments("mailto:", "empty e-mail address"),
        arguments("john.example.com", "no '@'"),
        arguments("a@b@example.com", "more than one '@'"),
        arguments("@example.com", "empty local part"),
        arguments("a@", "empty domain"),
        arguments("a b@example.com", "whitespace at position 1"),
        arguments("a\u0007b@example.com", "control character U+0007 at position 1"),
        arguments("a\uD800@example.com", "unpaired surrogate at position 1"),
        arguments("<john@example.com>", "'<' at position 0"),
        arguments("a,b@example.com", "',' at position 1"),
        arguments("\"a\"@example.com", "'\"' at position 0"),
        arguments("x".repeat(65) + "@example.com", "local part is 65 characters long"),
        arguments("a@localhost", "'localhost' has no dot"),
        arguments("a@example", "'example' has no dot"),
        arguments("a@example..com", "empty label"),
        arguments("a@exa_mple.com", "character '_'"),
        arguments("a@exam ple.com", "character ' '"),
        arguments("a@-example.com", "label '-example'"),
        arguments("a@" + "b".repeat(64) + ".com", "is 64 characters long"),
        arguments("a@[1.2.3]", "not a dotted-quad"),
        arguments("a@[1.2.3.4", "no closing ']'"),
        arguments("a@[ipv6:1::2::3]", "more than one '::'"),
        arguments("a@999.1.1.1", "octet 999"),
        arguments(
            "x".repeat(64) + "@" + (label50 + ".").repeat(4) + "com",
            "272 characters long once normalised"),
        arguments("a@" + "x".repeat(8192), "8194 characters"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedEmails")
  void shouldRejectEmail(String raw, String mentioned) {
    assertThatThrownBy(() -> AccountNormalizer.email(raw))
        .isExactlyInstanceOf(SignalRejectedException.class)
        .hasMessageContaining(mentioned)
        .satisfies(
            e -> {
              assertThat(((SignalRejectedException) e).code()).isEqualTo("invalid_email");
              assertThat(((SignalRejectedException) e).field()).isEqualTo("value");
            });
  }

  @Test
  void emailMessagesShouldNotQuoteTheLocalPart() {
    assertThatThrownBy(() -> AccountNormalizer.email("secret.person x@example.com"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    assertThatThrownBy(() -> AccountNormalizer.email("secret.person@nodot"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").contains("nodot"));
  }

  // ---------------------------------------------------------------------------------------------
  // Username

  static Stream<Arguments> usernames() {
    return Stream.of(
        arguments("JohnDoe", "johndoe"),
        arguments("@JohnDoe", "johndoe"),
        arguments("  @JohnDoe  ", "johndoe"),
        arguments("@ JohnDoe", "johndoe"),
        arguments("bob@twitter", "bob@twitter"),
        arguments("ＪＯＨＮ＿ＤＯＥ", "john_doe"), // full-width forms
        arguments("＠alice", "alice"), // full-width commercial at is the mention prefix too
        arguments("\uFB01sh", "fish"), // ligature fi
        arguments("x\u00b2", "x2"), // superscript two
        arguments("\u212Aelvin", "kelvin"), // KELVIN SIGN
        arguments("\u1D2Cdmin", "admin"), // NFKC gives upper-case "A": lower-cased again
        arguments("\u01C4emal", "d\u017Eemal"), // DŽ digraph
        arguments("John   Doe", "john doe"),
        arguments("John\t\n Doe", "john doe"),
        arguments("John\u00a0\u3000Doe", "john doe"),
        arguments("Cre\u0300me Bru\u0302le\u0301e", "cr\u00e8me br\u00fbl\u00e9e"), // composed
        arguments("\uFF76\uFF80\uFF76\uFF85", "\u30AB\u30BF\u30AB\u30CA"), // half-width katakana
        arguments("日本語ユーザー", "日本語ユーザー"),
        arguments("İstanbul", "i\u0307stanbul"),
        arguments("user\u200Bname", "user\u200Bname"), // invisible, but kept: see the javadoc
        arguments("a".repeat(256), "a".repeat(256)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("usernames")
  void shouldNormalizeUsername(String raw, String expected) {
    assertThat(AccountNormalizer.username(raw)).isEqualTo(expected);
    assertThat(AccountNormalizer.username(expected)).isEqualTo(expected);
  }

  static Stream<Arguments> rejectedUsernames() {
    return Stream.of(
        arguments(null, "null"),
        arguments("", "empty username"),
        arguments(" \t\n\u3000", "empty username"),
        arguments("@", "empty username"),
        arguments("@ ", "empty username"),
        arguments("@@bob", "more than one '@'"),
        arguments("@ @bob", "more than one '@'"),
        arguments("bob\u0000", "control character U+0000 at position 3"),
        arguments("a\u0007b", "control character U+0007 at position 1"),
        arguments("a\u0085b", "control character U+0085"),
        arguments("\u001Fbob", "control character U+001F at position 0"),
        arguments("a\uD800", "unpaired surrogate at position 1"),
        arguments("a".repeat(257), "257 characters long"),
        arguments("\uFDFA".repeat(20), "360 characters long once normalised"),
        arguments("x".repeat(8193), "8193 characters"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedUsernames")
  void shouldRejectUsername(String raw, String mentioned) {
    assertThatThrownBy(() -> AccountNormalizer.username(raw))
        .isExactlyInstanceOf(SignalRejectedException.class)
        .hasMessageContaining(mentioned)
        .satisfies(
            e -> {
              assertThat(((SignalRejectedException) e).code()).isEqualTo("invalid_username");
              assertThat(((SignalRejectedException) e).field()).isEqualTo("value");
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Properties: idempotent, and nothing but SignalRejectedException

  @Test
  void emailShouldBeIdempotentAndOnlyEverReject() {
    checkIdempotent("email-idempotence", emailLike(), AccountNormalizer::email, "invalid_email");
  }

  @Test
  void usernameShouldBeIdempotentAndOnlyEverReject() {
    checkIdempotent(
        "username-idempotence", usernameLike(), AccountNormalizer::username, "invalid_username");
  }

  private static void checkIdempotent(
      String salt, Gen<String> inputs, UnaryOperator<String> normalize, String code) {
    qt().withExamples(TestSeeds.iterations(3000))
        .withFixedSeed(TestSeeds.seed(salt))
        .forAll(inputs)
        .checkAssert(
            raw -> {
              String once;
              try {
                once = normalize.apply(raw);
              } catch (SignalRejectedException e) {
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.getMessage()).isNotBlank();
                return;
              }
              assertThat(normalize.apply(once))
                  .as("normalise twice '%s'; %s", raw, TestSeeds.describe())
                  .isEqualTo(once);
            });
  }

  private static final List<String> LOCAL_PIECES =
      List.of(
          "a", "B", "z", "0", "9", ".", "+", "-", "_", "'", "é", "Ü", "ß", "İ", "Σ", "\u1D2C", " ",
          "\t", "<", ",", "\"", "\u0007", "\uD800", "@");

  private static final List<String> DOMAIN_PIECES =
      List.of(
          "example",
          "COM",
          "bücher",
          "ｅ",
          "a",
          "-",
          "_",
          ".",
          "..",
          "[",
          "]",
          "1",
          "255",
          "ipv6:",
          "::",
          "\u3002",
          "xn--bcher-kva",
          "localhost",
          "org");

  /** E-mail-shaped strings: mostly plausible addresses, with hostile pieces mixed in. */
  private static Gen<String> emailLike() {
    return longs()
        .all()
        .map(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              StringBuilder out = new StringBuilder();
              out.append(pick(rnd, "", "", "", " ", "mailto:", "MailTo:", "\u00a0"));
              for (int i = rnd.nextInt(0, 8); i > 0; i--) {
                out.append(rnd.nextInt(3) == 0 ? pick(rnd, LOCAL_PIECES) : "ab");
              }
              out.append(rnd.nextInt(10) == 0 ? "" : "@");
              if (rnd.nextInt(8) == 0) {
                out.append("[")
                    .append(pick(rnd, "1.2.3.4", "010.0.0.1", "IPv6:2001:DB8::1", "::1", "1.2.3"))
                    .append(pick(rnd, "]", "]", ""));
              } else {
                for (int labels = rnd.nextInt(1, 4); labels > 0; labels--) {
                  out.append(rnd.nextInt(4) == 0 ? pick(rnd, DOMAIN_PIECES) : "host");
                  out.append('.');
                }
                out.append(pick(rnd, "com", "org", "de", "COM", "com.", "", "123"));
              }
              out.append(pick(rnd, "", "", " ", "\n", "\u3000"));
              return out.toString();
            });
  }

  /**
   * Username-shaped strings heavy in the characters where NFKC and lower case interact:
   * compatibility forms, titlecase digraphs, modifier letters, Turkish and Greek case, combining
   * marks, every kind of space, plus arbitrary BMP code units.
   */
  private static Gen<String> usernameLike() {
    String special =
        "AbZ09_.@＠ \t\n\u00a0\u3000\u2003İıßẞΣσςÅ\u212B\u212A\uFB01²\u1D2C\u01C4"
            + "\u01C5\u0301\u0300\u0307ｶﾞﾟＡｚ\u200B\u200D\u00AD\uFDFA\u0130\u03D2\u1E9E";
    int[] specials = special.codePoints().toArray();
    return longs()
        .all()
        .map(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              StringBuilder out = new StringBuilder();
              for (int i = rnd.nextInt(0, 16); i > 0; i--) {
                if (rnd.nextInt(6) == 0) {
                  out.append((char) rnd.nextInt(0x10000)); // may be a lone surrogate or a control
                } else {
                  out.appendCodePoint(specials[rnd.nextInt(specials.length)]);
                }
              }
              return out.toString();
            });
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom rnd, T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  private static <T> T pick(SplittableRandom rnd, List<T> choices) {
    return choices.get(rnd.nextInt(choices.size()));
  }
}
