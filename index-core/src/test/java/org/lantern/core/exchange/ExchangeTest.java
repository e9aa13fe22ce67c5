package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/** End to end through the facade, with every signal type, on real files. */
class ExchangeTest {
  @TempDir Path data;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final SplittableRandom random = TestSeeds.random("exchange");
  private Exchange exchange;

  private final String pdq = hex(HashGenerators.uniform(random, 1, 4));
  private final String phash = hex(HashGenerators.uniform(random, 1, 1));
  private final String dhash = hex(HashGenerators.uniform(random, 1, 1));

  private Caller mega;
  private Caller meta;

  @BeforeEach
  void open() {
    exchange = Exchange.open(config());
    exchange.participants().add("mega", "MEGA", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    exchange.participants().add("meta", "Meta", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    mega = exchange.participants().caller("mega").orElseThrow();
    meta = exchange.participants().caller("meta").orElseThrow();
  }

  @AfterEach
  void close() {
    if (exchange != null) {
      exchange.close();
    }
  }

  private ExchangeConfig config() {
    return ExchangeConfig.defaults(data)
        .withClock(clock)
        .withSizes(10_000, 10_000)
        .withIntervals(Duration.ZERO, Duration.ZERO);
  }

  private void reopen() {
    exchange.close();
    exchange = Exchange.open(config());
  }

  private static String hex(long[] words) {
    return Hash.ofWords(words).toHex();
  }

  private static String flipped(String hex, int bits, SplittableRandom random) {
    Hash h = Hash.parseHex(hex, hex.length() * 4);
    return Hash.ofWords(HashGenerators.nearCopy(random, h.words(), bits)).toHex();
  }

  /** One signal of every type, by type. */
  private Map<SignalType, SignalSubmission> everyType() {
    Map<SignalType, SignalSubmission> all = new LinkedHashMap<>();
    all.put(SignalType.PDQ, SignalSubmission.of("pdq", pdq, "csam"));
    all.put(SignalType.PHASH, SignalSubmission.of("phash", phash, "csam"));
    all.put(SignalType.DHASH, SignalSubmission.of("dhash", dhash, "csam"));
    all.put(SignalType.MD5, SignalSubmission.of("md5", "D41D8CD98F00B204E9800998ECF8427E", "csam"));
    all.put(SignalType.SHA1, SignalSubmission.of("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "csam"));
    all.put(
        SignalType.SHA256,
        SignalSubmission.of("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "csam"));
    all.put(SignalType.URL, SignalSubmission.of("url", "HTTP://Files.Example.COM:80/share/abc/?utm_source=x#top", "trade"));
    all.put(SignalType.KEYWORD, SignalSubmission.of("keyword", "pthc", "trade"));
    all.put(SignalType.USERNAME, SignalSubmission.of("username", "@Groomer_1988", "grooming"));
    all.put(SignalType.EMAIL, SignalSubmission.of("email", " Trader.Bad@Example.ORG ", "trade"));
    return all;
  }

  private Map<SignalType, String> submitEveryType() {
    Map<SignalType, String> ids = new LinkedHashMap<>();
    List<SignalSubmission> batch = new ArrayList<>(everyType().values());
    List<SubmitResult> results = exchange.submit(mega, batch);
    int i = 0;
    for (SignalType type : everyType().keySet()) {
      SubmitResult result = results.get(i++);
      assertThat(result.outcome()).as("%s: %s", type, result.error()).isEqualTo(SubmitResult.Outcome.CREATED);
      ids.put(type, result.id());
    }
    return ids;
  }

  /** The ids matched by a lookup of each type's query form (a near or differently spelled value). */
  private Map<SignalType, List<String>> lookEverythingUp(SplittableRandom random) {
    Map<SignalType, List<String>> found = new LinkedHashMap<>();
    found.put(SignalType.PDQ, ids(exchange.matchHash(mega, SignalType.PDQ, flipped(pdq, 12, random), 31, 10)));
    found.put(SignalType.PHASH, ids(exchange.matchHash(mega, SignalType.PHASH, flipped(phash, 3, random), 8, 10)));
    found.put(SignalType.DHASH, ids(exchange.matchHash(mega, SignalType.DHASH, flipped(dhash, 3, random), 8, 10)));
    found.put(SignalType.MD5, ids(exchange.matchExact(mega, SignalType.MD5, "d41d8cd98f00b204e9800998ecf8427e", 10)));
    found.put(SignalType.SHA1, ids(exchange.matchExact(mega, SignalType.SHA1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", 10)));
    found.put(
        SignalType.SHA256,
        ids(exchange.matchExact(mega, SignalType.SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 10)));
    found.put(SignalType.URL, ids(exchange.matchUrl(mega, "http://files.example.com/share/abc/", 10)));
    found.put(
        SignalType.KEYWORD,
        exchange.scanText(mega, "selling P.T.H.C videos").hits().stream().map(h -> h.signal().id()).toList());
    found.put(SignalType.USERNAME, ids(exchange.matchExact(mega, SignalType.USERNAME, "groomer_1988", 10)));
    found.put(SignalType.EMAIL, ids(exchange.matchExact(mega, SignalType.EMAIL, "trader.bad@example.org", 10)));
    return found;
  }

  private static List<String> ids(Matches matches) {
    assertThat(matches.note()).isEqualTo(Exchange.LEAD_NOTE);
    return matches.matches().stream().map(m -> m.signal().id()).toList();
  }

  private static List<String> ids(List<SignalMatch> matches) {
    return matches.stream().map(m -> m.signal().id()).toList();
  }

  @Test
  void everyTypeIsMatchedUntilRetractedAndStaysSoAfterReopen() {
    Map<SignalType, String> ids = submitEveryType();
    Map<SignalType, List<String>> found = lookEverythingUp(random);
    for (SignalType type : ids.keySet()) {
      assertThat(found.get(type)).as("%s %s", type, TestSeeds.describe()).containsExactly(ids.get(type));
    }
    Signal pdqSignal = exchange.get(mega, ids.get(SignalType.PDQ)).orElseThrow();
    assertThat(pdqSignal.value()).isEqualTo(pdq);
    assertThat(pdqSignal.contributor()).isEqualTo("mega");
    assertThat(pdqSignal.categories()).containsExactly("csam");
    assertThat(pdqSignal.created()).isEqualTo(clock.instant());

    // A match carries what an investigator needs, and the distance or kind.
    SignalMatch near = exchange.matchHash(mega, SignalType.PDQ, flipped(pdq, 5, random), 31, 10).matches().get(0);
    assertThat(near.kind()).isEqualTo(MatchKind.NEAR);
    assertThat(near.distance()).isEqualTo(5);
    SignalMatch url = exchange.matchUrl(mega, "https://files.example.com/share/abc/", 10).matches().get(0);
    assertThat(url.kind()).isEqualTo(MatchKind.EXACT);

    reopen();
    assertThat(exchange.recovered()).isFalse();
    assertThat(lookEverythingUp(random)).isEqualTo(found);
    assertThat(exchange.verify()).isEmpty();

    for (Map.Entry<SignalType, String> entry : ids.entrySet()) {
      if (entry.getKey().ordinal() % 2 == 0) {
        Signal retracted = exchange.retract(mega, entry.getValue());
        assertThat(retracted.status()).isEqualTo(SignalStatus.RETRACTED);
      }
    }
    Map<SignalType, List<String>> afterRetract = lookEverythingUp(random);
    for (SignalType type : ids.keySet()) {
      if (type.ordinal() % 2 == 0) {
        assertThat(afterRetract.get(type)).as("%s is retracted", type).isEmpty();
        assertThat(exchange.get(mega, ids.get(type)).orElseThrow().status()).isEqualTo(SignalStatus.RETRACTED);
      } else {
        assertThat(afterRetract.get(type)).as("%s is not", type).containsExactly(ids.get(type));
      }
    }
    assertThat(exchange.verify()).isEmpty();
    reopen();
    assertThat(lookEverythingUp(random)).isEqualTo(afterRetract);
    assertThat(exchange.verify()).isEmpty();

    // Re-submitting a retracted signal brings it back under the same id.
    List<SubmitResult> again = exchange.submit(mega, List.of(everyType().get(SignalType.PDQ)));
    assertThat(again.get(0).outcome()).isEqualTo(SubmitResult.Outcome.UPDATED);
    assertThat(again.get(0).id()).isEqualTo(ids.get(SignalType.PDQ));
    assertThat(lookEverythingUp(random).get(SignalType.PDQ)).containsExactly(ids.get(SignalType.PDQ));
  }

  @Test
  void expiredSignalsAreNoLongerMatchedAfterTheSweep() {
    Instant expires = clock.instant().plus(Duration.ofHours(1));
    List<SignalSubmission> batch = new ArrayList<>();
    for (SignalSubmission s : everyType().values()) {
      batch.add(s.withExpires(expires));
    }
    List<SubmitResult> results = exchange.submit(mega, batch);
    assertThat(results).allMatch(SubmitResult::accepted);
    assertThat(lookEverythingUp(random).values()).allSatisfy(found -> assertThat(found).hasSize(1));

    clock.advance(Duration.ofMinutes(59));
    assertThat(exchange.expireDue()).isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(exchange.expireDue()).isEqualTo(everyType().size());
    assertThat(lookEverythingUp(random).values()).allSatisfy(found -> assertThat(found).isEmpty());
    assertThat(exchange.get(mega, results.get(0).id()).orElseThrow().status()).isEqualTo(SignalStatus.EXPIRED);
    reopen();
    assertThat(lookEverythingUp(random).values()).allSatisfy(found -> assertThat(found).isEmpty());
    assertThat(exchange.verify()).isEmpty();
  }

  @Test
  void theBackgroundSweepRetiresSignalsWithoutBeingAsked() throws InterruptedException {
    exchange.close();
    exchange = Exchange.open(config().withIntervals(Duration.ofMillis(20), Duration.ofMillis(50)));
    String id =
        exchange.submit(mega, List.of(SignalSubmission.of("md5", "00112233445566778899aabbccddeeff").withExpires(clock.instant().plusSeconds(5))))
            .get(0).id();
    clock.advance(Duration.ofSeconds(6));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (exchange.get(mega, id).orElseThrow().isActive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(exchange.get(mega, id).orElseThrow().status()).isEqualTo(SignalStatus.EXPIRED);
  }

  @Test
  void resubmittingUpdatesInsteadOfDuplicating() {
    SignalSubmission url = SignalSubmission.of("url", "https://bad.example/x", "csam");
    String id = exchange.submit(meta, List.of(url)).get(0).id();
    // Equivalent spellings are the same signal; an identical re-submission writes nothing.
    List<SubmitResult> same = exchange.submit(meta, List.of(SignalSubmission.of("url", "HTTPS://BAD.example:443/x#frag", "csam")));
    assertThat(same.get(0).outcome()).isEqualTo(SubmitResult.Outcome.UNCHANGED);
    assertThat(same.get(0).id()).isEqualTo(id);
    long sequence = exchange.lastSequence();
    List<SubmitResult> updated = exchange.submit(meta, List.of(url.withNote("seen in a trading group")));
    assertThat(updated.get(0).outcome()).isEqualTo(SubmitResult.Outcome.UPDATED);
    assertThat(updated.get(0).id()).isEqualTo(id);
    assertThat(exchange.lastSequence()).isEqualTo(sequence + 1);
    assertThat(exchange.storedSignals()).isEqualTo(1);
    Signal signal = exchange.get(mega, id).orElseThrow();
    assertThat(signal.note()).isEqualTo("seen in a trading group");
    assertThat(signal.updated()).isEqualTo(clock.instant());
    assertThat(exchange.matchUrl(mega, "https://bad.example/x", 10).matches()).hasSize(1);
    // Another contributor sharing the same URL is another signal: both are leads.
    String other = exchange.submit(mega, List.of(url)).get(0).id();
    assertThat(other).isNotEqualTo(id);
    assertThat(ids(exchange.matchUrl(mega, "https://bad.example/x", 10))).containsExactlyInAnyOrder(id, other);
  }

  @Test
  void badSignalsAreRefusedOneByOneAndTheRestAccepted() {
    String longNote = "x".repeat(ExchangeConfig.DEFAULT_MAX_NOTE_LENGTH + 1);
    List<SignalSubmission> batch =
        List.of(
            SignalSubmission.of("pdq", pdq, "csam"), // 0 ok
            SignalSubmission.of("pdq", pdq.substring(0, 63) + "g"), // 1 invalid hex
            SignalSubmission.of("pdq", "abcd"), // 2 wrong length
            SignalSubmission.of("tlsh", "abcd"), // 3 unknown type
            SignalSubmission.of("md5", "   "), // 4 empty value
            SignalSubmission.of("md5", "d41d8cd98f00b204e9800998ecf8427e").withNote(longNote), // 5 note
            SignalSubmission.of("md5", "d41d8cd98f00b204e9800998ecf8427e", "spam"), // 6 category
            SignalSubmission.of("url", "javascript:alert(1)"), // 7 url
            SignalSubmission.of("md5", "d41d8cd98f00b204e9800998ecf8427e").withExpires(clock.instant().minusSeconds(1)), // 8
            SignalSubmission.of("md5", "d41d8cd98f00b204e9800998ecf8427e").withDerivedFrom(List.of("aaaaaaaaaaaaaaaaaaaaaaaaaa")), // 9
            SignalSubmission.of("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd8070"), // 10 digest length
            SignalSubmission.of("url", "https://ok.example/path", "trade")); // 11 ok
    List<SubmitResult> results = exchange.submit(meta, batch);
    assertThat(results).extracting(SubmitResult::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(results.get(0).accepted()).isTrue();
    assertThat(results.get(11).accepted()).isTrue();
    String[][] expected = {
      {"invalid_hash", "value", "position 63"},
      {"invalid_hash", "value", "64"},
      {"unknown_type", "type", "tlsh"},
      {"empty_value", "value", "empty"},
      {"note_too_long", "note", "2001"},
      {"unknown_category", "categories[0]", "spam"},
      {"invalid_url", "value", "javascript"},
      {"invalid_expires", "expires", "not in the future"},
      {"unknown_signal", "derived_from[0]", "aaaaaaaaaaaaaaaaaaaaaaaaaa"},
      {"invalid_hash", "value", "40"},
    };
    for (int i = 1; i <= 10; i++) {
      SubmitResult r = results.get(i);
      assertThat(r.outcome()).as("signal %d", i).isEqualTo(SubmitResult.Outcome.REJECTED);
      assertThat(r.id()).isNull();
      assertThat(r.error().code()).as("signal %d: %s", i, r.error().getMessage()).isEqualTo(expected[i - 1][0]);
      assertThat(r.error().field()).as("signal %d", i).isEqualTo(expected[i - 1][1]);
      assertThat(r.error().getMessage()).as("signal %d", i).containsIgnoringCase(expected[i - 1][2]);
    }
    assertThat(exchange.storedSignals()).isEqualTo(2);
    assertThat(exchange.verify()).isEmpty();
  }

  @Test
  void derivedFromLinksToExistingSignals() {
    String parent = exchange.submit(mega, List.of(SignalSubmission.of("url", "https://host.example/a"))).get(0).id();
    SubmitResult child =
        exchange.submit(meta, List.of(SignalSubmission.of("username", "someone").withDerivedFrom(List.of(parent, parent)))).get(0);
    assertThat(child.accepted()).isTrue();
    assertThat(exchange.get(mega, child.id()).orElseThrow().derivedFrom()).containsExactly(parent);
  }

  @Test
  void onlyTheContributorMayRetract() {
    String id = exchange.submit(mega, List.of(SignalSubmission.of("md5", "00112233445566778899aabbccddeeff"))).get(0).id();
    assertThatThrownBy(() -> exchange.retract(meta, id)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> exchange.retract(meta, "bbbbbbbbbbbbbbbbbbbbbbbbbb"))
        .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
    assertThat(exchange.get(mega, id).orElseThrow().isActive()).isTrue();
  }

  @Test
  void lookupsRefuseBadParametersWithTheField() {
    assertThatThrownBy(() -> exchange.matchHash(mega, SignalType.PDQ, pdq, 257, 10))
        .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.field()).isEqualTo("max_distance"));
    assertThatThrownBy(() -> exchange.matchHash(mega, SignalType.PDQ, pdq, 31, 0))
        .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> exchange.matchHash(mega, SignalType.PDQ, "xyz", 31, 10))
        .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("invalid_hash"));
    assertThatThrownBy(() -> exchange.matchUrl(mega, "mailto:someone@example.com", 10))
        .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("invalid_url"));
  }

  @Test
  void accountIdentifiersAreNeverWrittenInClear() throws IOException {
    List<String> clear = List.of("Groomer_1988", "groomer_1988", "Trader.Bad@Example.ORG", "trader.bad@example.org");
    exchange.submit(
        mega,
        List.of(
            SignalSubmission.of("username", "@Groomer_1988", "grooming"),
            SignalSubmission.of("email", " Trader.Bad@Example.ORG ", "trade")));
    assertThat(exchange.matchExact(mega, SignalType.EMAIL, "TRADER.BAD@example.org", 10).matches()).hasSize(1);
    // The answer to an account lookup does not echo the identifier either.
    assertThat(exchange.matchExact(mega, SignalType.EMAIL, "TRADER.BAD@example.org", 10).query()).doesNotContain("@");
    exchange.force();
    exchange.close();
    exchange = null;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      for (String value : clear) {
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
          assertThat(indexOf(bytes, value.getBytes(charset))).as("%s in %s (%s)", value, file, charset).isEqualTo(-1);
        }
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void theSecretIsOwnerOnlyAndRequiredOnceSignalsExist() throws IOException {
    Path secret = data.resolve("secret.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    String id = exchange.submit(mega, List.of(SignalSubmission.of("md5", "00112233445566778899aabbccddeeff"))).get(0).id();
    reopen();
    assertThat(exchange.get(mega, id)).isPresent(); // same secret, same ids
    assertThat(exchange.submit(mega, List.of(SignalSubmission.of("md5", "00112233445566778899aabbccddeeff"))).get(0).id())
        .isEqualTo(id);
    exchange.close();
    exchange = null;
    Files.delete(secret);
    assertThatThrownBy(() -> Exchange.open(config()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret");
  }

  @Test
  void aSecondExchangeOnTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> Exchange.open(config()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already open");
  }
}
