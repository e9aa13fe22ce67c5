package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/** Feedback, allow-lists, provenance and retention through the facade. */
class ExchangeRulesTest {
  @TempDir Path data;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private Exchange exchange;
  private Caller mega;
  private Caller meta;
  private Caller ncmec;

  private ExchangeConfig config() {
    return ExchangeConfig.defaults(data).withClock(clock).withSizes(10_000, 10_000).withIntervals(Duration.ZERO, Duration.ZERO)
        .withRetention(Map.of("trade", Duration.ofDays(30)));
  }

  @BeforeEach
  void open() {
    exchange = Exchange.open(config());
    for (String p : List.of("mega", "meta", "ncmec")) {
      exchange.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    mega = exchange.participants().caller("mega").orElseThrow();
    meta = exchange.participants().caller("meta").orElseThrow();
    ncmec = exchange.participants().caller("ncmec").orElseThrow();
  }

  @AfterEach
  void close() {
    exchange.close();
  }

  private String submit(Caller caller, SignalSubmission s) {
    SubmitResult r = exchange.submit(caller, List.of(s)).get(0);
    assertThat(r.accepted()).as("%s", r.error()).isTrue();
    return r.id();
  }

  @Test
  void opinionsRollUpAndShowOnMatches() {
    String id = submit(mega, SignalSubmission.of("url", "https://host.example/a", "csam"));
    assertThat(exchange.feedback().setOpinion(meta, id, Opinion.CONFIRMED, "removed 10,000 accounts").rollup()).isEqualTo(Opinions.Rollup.CONFIRMED);
    Opinions disputed = exchange.feedback().setOpinion(ncmec, id, Opinion.FALSE_POSITIVE, null);
    assertThat(disputed.rollup()).isEqualTo(Opinions.Rollup.DISPUTED);
    assertThat(disputed.mine()).isEqualTo(Opinion.FALSE_POSITIVE);
    // One opinion per participant: a new one replaces the old.
    Opinions changed = exchange.feedback().setOpinion(ncmec, id, Opinion.SEEN, null);
    assertThat(changed).isEqualTo(new Opinions(1, 0, 1, Opinion.SEEN));
    assertThat(changed.rollup()).isEqualTo(Opinions.Rollup.CONFIRMED);
    SignalMatch match = exchange.matchUrl(meta, "https://host.example/a", 10).matches().get(0);
    assertThat(match.opinions()).isEqualTo(new Opinions(1, 0, 1, Opinion.CONFIRMED));
    // The contributor sees what came back.
    assertThat(exchange.feedback().received(mega, 10)).extracting(f -> f.participant() + ":" + f.opinion().label())
        .containsExactlyInAnyOrder("meta:confirmed", "ncmec:seen");
    assertThat(exchange.feedback().received(meta, 10)).isEmpty(); // not meta's signal
  }

  @Test
  void opinionRollupProperty() {
    // Sequences of (participant, opinion) events: the counts are the last opinion per participant,
    // and the roll-up is disputed exactly when both confirmed and false_positive remain.
    qt().withFixedSeed(TestSeeds.seed("rollup")).withExamples(60)
        .forAll(lists().of(integers().between(0, 3 * 3 - 1)).ofSizeBetween(0, 12))
        .checkAssert(
            events -> {
              String id = submit(mega, SignalSubmission.of("md5", String.format("%032x", (long) events.hashCode() & 0xFFFFFFFFL)
                  + "").withNote("n" + System.nanoTime()));
              Map<String, Opinion> last = new HashMap<>();
              Caller[] callers = {mega, meta, ncmec};
              for (int e : events) {
                Caller c = callers[e / 3];
                Opinion o = Opinion.values()[e % 3];
                exchange.feedback().setOpinion(c, id, o, null);
                last.put(c.participant(), o);
              }
              long confirmed = last.values().stream().filter(o -> o == Opinion.CONFIRMED).count();
              long fp = last.values().stream().filter(o -> o == Opinion.FALSE_POSITIVE).count();
              long seen = last.values().stream().filter(o -> o == Opinion.SEEN).count();
              Opinions got = exchange.feedback().opinions(mega, id);
              assertThat(got).as(TestSeeds.describe()).isEqualTo(new Opinions((int) confirmed, (int) fp, (int) seen, last.get("mega")));
              Opinions.Rollup expected = confirmed > 0 && fp > 0 ? Opinions.Rollup.DISPUTED
                  : confirmed > 0 ? Opinions.Rollup.CONFIRMED : fp > 0 ? Opinions.Rollup.FALSE_POSITIVE : Opinions.Rollup.NONE;
              assertThat(got.rollup()).isEqualTo(expected);
            });
  }

  @Test
  void allowListsSuppressForTheirOwnerOnly() {
    String stock = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    String hashId = submit(mega, SignalSubmission.of("pdq", stock, "csam"));
    String urlId = submit(mega, SignalSubmission.of("url", "https://meta-cdn.example/static/logo.png", "csam"));
    exchange.allowLists().allow(meta, SignalType.PDQ, stock.toUpperCase(), "our stock image");
    exchange.allowLists().allow(meta, SignalType.URL, "meta-cdn.example", "our own domain");

    Matches forMeta = exchange.matchHash(meta, SignalType.PDQ, stock, 31, 10);
    assertThat(forMeta.matches()).isEmpty();
    assertThat(forMeta.suppressed()).isEqualTo(1);
    Matches forNcmec = exchange.matchHash(ncmec, SignalType.PDQ, stock, 31, 10);
    assertThat(forNcmec.matches()).extracting(m -> m.signal().id()).containsExactly(hashId);
    assertThat(forNcmec.suppressed()).isZero();

    Matches url = exchange.matchUrl(meta, "https://meta-cdn.example/static/logo.png", 10);
    assertThat(url.matches()).isEmpty();
    assertThat(url.suppressed()).isEqualTo(1);
    assertThat(exchange.matchUrl(ncmec, "https://meta-cdn.example/static/logo.png", 10).matches())
        .extracting(m -> m.signal().id()).containsExactly(urlId);

    assertThat(exchange.allowLists().list(meta)).extracting(AllowEntry::type).containsExactly(SignalType.PDQ, SignalType.URL);
    exchange.close();
    exchange = Exchange.open(config()); // the allow-list is durable
    assertThat(exchange.matchHash(meta, SignalType.PDQ, stock, 31, 10).suppressed()).isEqualTo(1);
    assertThat(exchange.allowLists().disallow(meta, SignalType.PDQ, stock)).isTrue();
    assertThat(exchange.matchHash(meta, SignalType.PDQ, stock, 31, 10).matches()).hasSize(1);
  }

  @Test
  void provenanceShowsWhatTheCallerMaySeeAndCountsNothingElse() {
    // The pilot: MEGA's URL led Meta to accounts (shared with NCMEC only) and to image hashes.
    String url = submit(mega, SignalSubmission.of("url", "https://files.example/folder/x", "csam"));
    String account =
        submit(meta, SignalSubmission.of("username", "trader42", "csam").withDerivedFrom(List.of(url)).withVisibility(List.of("ncmec")));
    String hash = submit(meta, SignalSubmission.of("pdq", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", "csam")
        .withDerivedFrom(List.of(account)));

    Provenance forMega = exchange.provenance(mega, url);
    // The account is hidden from MEGA: neither it nor what follows from it, nor a count of them.
    assertThat(forMega.descendants()).isEmpty();
    Provenance forNcmec = exchange.provenance(ncmec, hash);
    assertThat(forNcmec.ancestors()).extracting(s -> s.id()).containsExactly(account, url);
    assertThatThrownBy(() -> exchange.provenance(mega, account))
        .isInstanceOfSatisfying(org.lantern.core.signal.SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
    exchange.close();
    exchange = Exchange.open(config()); // the reverse links are rebuilt on open
    assertThat(exchange.provenance(mega, url).descendants()).isEmpty();
    assertThat(exchange.provenance(ncmec, url).descendants()).extracting(s -> s.id()).containsExactly(account, hash);
  }

  @Test
  void retentionRetiresSignalsOfACategoryAfterItsMaximumAge() {
    String trade = submit(mega, SignalSubmission.of("keyword", "tradeword", "trade"));
    String csam = submit(mega, SignalSubmission.of("keyword", "otherword", "csam"));
    String both = submit(mega, SignalSubmission.of("keyword", "bothword", "csam", "trade").withExpires(clock.instant().plus(Duration.ofDays(90))));
    clock.advance(Duration.ofDays(29));
    assertThat(exchange.expireDue()).isZero();
    clock.advance(Duration.ofDays(2));
    assertThat(exchange.expireDue()).isEqualTo(2);
    assertThat(exchange.get(mega, trade).orElseThrow().status()).isEqualTo(SignalStatus.EXPIRED);
    assertThat(exchange.get(mega, both).orElseThrow().status()).isEqualTo(SignalStatus.EXPIRED);
    assertThat(exchange.get(mega, csam).orElseThrow().status()).isEqualTo(SignalStatus.ACTIVE);
    assertThat(exchange.scanText(meta, "tradeword otherword bothword").hits()).extracting(h -> h.signal().id()).containsExactly(csam);
  }

  @Test
  void retentionProperty() {
    // For random ages, categories and expiries, a signal is active after the sweep iff neither its
    // own expiry nor its shortest category retention has passed.
    qt().withFixedSeed(TestSeeds.seed("retention")).withExamples(40)
        .forAll(integers().between(0, 3), integers().between(1, 60), integers().between(0, 120))
        .checkAssert(
            (categories, expiresDays, ageDays) -> {
              List<String> cats = switch (categories) {
                case 0 -> List.of();
                case 1 -> List.of("trade");
                case 2 -> List.of("csam");
                default -> List.of("csam", "trade");
              };
              Instant start = clock.instant();
              String id = submit(mega, new SignalSubmission("md5", String.format("%032x", start.toEpochMilli() ^ ageDays * 7919L ^ expiresDays),
                  cats, null, start.plus(Duration.ofDays(expiresDays)), null, null));
              clock.advance(Duration.ofDays(ageDays).plusSeconds(1));
              exchange.expireDue();
              long retireDays = cats.contains("trade") ? Math.min(30, expiresDays) : expiresDays;
              boolean shouldBeActive = ageDays < retireDays;
              assertThat(exchange.get(mega, id).orElseThrow().isActive())
                  .as("categories %s expires %d days, age %d days %s", cats, expiresDays, ageDays, TestSeeds.describe())
                  .isEqualTo(shouldBeActive);
            });
  }

  @Test
  void everyWriteAndLookupIsAuditedAndCountedInStats() throws Exception {
    String id = submit(mega, SignalSubmission.of("email", "Someone@Example.org", "grooming"));
    exchange.matchExact(meta, SignalType.EMAIL, "someone@example.org", 10);
    exchange.matchUrl(meta, "https://nothing.example/", 10);
    exchange.get(ncmec, id);
    exchange.feedback().setOpinion(meta, id, Opinion.CONFIRMED, null);
    Caller admin = Caller.localOperator();
    java.io.StringWriter export = new java.io.StringWriter();
    long entries = exchange.oversight().exportAudit(admin, Instant.EPOCH, export);
    List<String> lines = export.toString().lines().toList();
    assertThat(entries).isEqualTo(lines.size()).isGreaterThanOrEqualTo(5);
    assertThat(export.toString()).doesNotContainIgnoringCase("someone@example.org");
    assertThat(lines.get(0)).contains("\"op\":\"submit\"").contains("\"participant\":\"mega\"");
    assertThat(lines.get(1)).contains("\"op\":\"match_exact\"").contains("\"matched_ids\":[\"" + id + "\"]");
    assertThat(exchange.oversight().verifyAudit(admin).intact()).isTrue();
    assertThatThrownBy(() -> exchange.oversight().verifyAudit(meta)).isInstanceOf(org.lantern.core.participant.AccessDeniedException.class);

    ExchangeStats all = exchange.oversight().stats(admin, Instant.EPOCH, clock.instant().plusSeconds(1));
    assertThat(all.lookupsByParticipant()).containsEntry("meta", 2L).containsEntry("ncmec", 1L);
    assertThat(all.matchesInPeriod()).isEqualTo(2);
    assertThat(all.activeByType()).containsEntry("email", 1L);
    assertThat(all.contributionsByParticipant()).containsEntry("mega", 1L);
    assertThat(all.feedbackByOpinion()).containsEntry("confirmed", 1L);
    // A participant sees its own activity only.
    assertThat(exchange.oversight().stats(meta, Instant.EPOCH, clock.instant().plusSeconds(1)).lookupsByParticipant()).containsOnlyKeys("meta");
  }
}
