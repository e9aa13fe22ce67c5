package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.core.synth.SyntheticSignals;
import org.lantern.core.testing.TestSeeds;

/**
 * Object- and function-level authorization in the style of the OWASP API Security Top 10 (API1
 * broken object-level, API5 broken function-level authorization): for every signal type, a signal
 * shared with one named participant is invisible to an outsider through every read path — get,
 * match, text scan, provenance, feed, statistics, opinions, retraction — while the named
 * participant, the contributor and admins see it; readers cannot write; suspended participants and
 * revoked keys can do nothing. Issue 14's rules too: a recipient does not learn who else received
 * a signal, nor the id (or number) of a parent it may not see, nor the change-log position; an
 * auditor reads statistics and nothing else; recipients must be existing participants, exactly.
 * One generated case per (participant, type, operation).
 */
class AuthorizationTest {
  @TempDir Path data;
  private Exchange exchange;
  private Caller owner;
  private Caller named;
  private Caller named2;
  private Caller auditor;
  private Caller outsider;
  private Caller otherContributor;
  private Caller reader;
  private Caller admin;
  private Caller suspended;
  private final Map<SignalType, String> restrictedValue = new EnumMap<>(SignalType.class);
  private final Map<SignalType, String> restrictedId = new EnumMap<>(SignalType.class);
  private final Map<SignalType, String> childId = new EnumMap<>(SignalType.class);

  @BeforeEach
  void setUp() {
    exchange = Exchange.open(ExchangeConfig.defaults(data).withSizes(10_000, 10_000).withIntervals(Duration.ZERO, Duration.ZERO));
    Participants p = exchange.participants();
    p.add("owner", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    p.add("named", null, EnumSet.of(Role.READER));
    p.add("named2", null, EnumSet.of(Role.READER));
    p.add("auditor", null, EnumSet.of(Role.AUDITOR));
    p.add("outsider", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    p.add("other", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    p.add("reader", null, EnumSet.of(Role.READER));
    p.add("admin", null, EnumSet.of(Role.ADMIN));
    p.add("suspended", null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    owner = p.caller("owner").orElseThrow();
    named = p.caller("named").orElseThrow();
    named2 = p.caller("named2").orElseThrow();
    auditor = p.caller("auditor").orElseThrow();
    outsider = p.caller("outsider").orElseThrow();
    otherContributor = p.caller("other").orElseThrow();
    reader = p.caller("reader").orElseThrow();
    admin = p.caller("admin").orElseThrow();
    suspended = p.caller("suspended").orElseThrow();
    SyntheticSignals synthetic = new SyntheticSignals(TestSeeds.seed("authz"), 100);
    for (SignalType type : SignalType.values()) {
      String value = synthetic.value(type);
      restrictedValue.put(type, value);
      SubmitResult r = exchange.submit(owner, List.of(SignalSubmission.of(type.label(), value, "csam").withVisibility(List.of("named", "named2")))).get(0);
      assertThat(r.accepted()).as("%s", r.error()).isTrue();
      restrictedId.put(type, r.id());
      // A public signal derived from the restricted one: provenance must not reveal its parent.
      SubmitResult child = exchange.submit(owner, List.of(SignalSubmission.of("md5", synthetic.value(SignalType.MD5), "csam")
          .withDerivedFrom(List.of(r.id())))).get(0);
      childId.put(type, child.id());
    }
    p.setSuspended("suspended", true);
  }

  @AfterEach
  void tearDown() {
    exchange.close();
  }

  private List<String> matchedIds(Caller caller, SignalType type) {
    String value = restrictedValue.get(type);
    if (type == SignalType.KEYWORD) {
      List<String> ids = new ArrayList<>(exchange.scanText(caller, "text with " + value + " in it").hits().stream().map(h -> h.signal().id()).toList());
      ids.addAll(exchange.matchExact(caller, type, value, 100).matches().stream().map(m -> m.signal().id()).toList());
      return ids;
    }
    int radius = type.hashType() == null ? 0 : type.hashType().defaultMaxDistance();
    return exchange.match(caller, type, value, radius, 100).matches().stream().map(m -> m.signal().id()).toList();
  }

  private List<String> feedIds(Caller caller) {
    List<String> ids = new ArrayList<>();
    long cursor = 0;
    for (FeedPage page = exchange.deltaFeed().updates(caller, cursor, 7); ; page = exchange.deltaFeed().updates(caller, cursor, 7)) {
      page.entries().forEach(e -> ids.add(e.signal().id()));
      cursor = page.nextCursor();
      if (!page.more()) {
        return ids;
      }
    }
  }

  private List<org.lantern.core.signal.Signal> feedSignals(Caller caller) {
    List<org.lantern.core.signal.Signal> signals = new ArrayList<>();
    long cursor = 0;
    for (FeedPage page = exchange.deltaFeed().updates(caller, cursor, 7); ; page = exchange.deltaFeed().updates(caller, cursor, 7)) {
      page.entries().forEach(e -> signals.add(e.signal()));
      cursor = page.nextCursor();
      if (!page.more()) {
        return signals;
      }
    }
  }

  private long statsCount(Caller caller, SignalType type) {
    ExchangeStats stats = exchange.oversight().stats(caller, Instant.EPOCH, Instant.now().plusSeconds(3600));
    return stats.activeByType().getOrDefault(type.label(), 0L);
  }

  private static void assertNotFound(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
  }

  @TestFactory
  Stream<DynamicTest> everyReadPathHidesARestrictedSignalFromOutsiders() {
    List<DynamicTest> cases = new ArrayList<>();
    for (SignalType type : SignalType.values()) {
      String id = restrictedId.get(type);
      String child = childId.get(type);
      String t = type.label();
      // Outsiders (and other contributors): nothing, by any door.
      for (Caller c : List.of(outsider, otherContributor)) {
        String who = c.participant();
        cases.add(DynamicTest.dynamicTest(who + " cannot get " + t, () -> assertThat(exchange.get(c, id)).isEmpty()));
        cases.add(DynamicTest.dynamicTest(who + " does not match " + t, () -> assertThat(matchedIds(c, type)).doesNotContain(id)));
        cases.add(DynamicTest.dynamicTest(who + " sees " + t + " only as a hidden ancestor", () -> {
          Provenance provenance = exchange.provenance(c, child);
          assertThat(provenance.ancestors()).isEmpty();
          assertThat(provenance.signal().derivedFrom()).doesNotContain(id);
          assertNotFound(() -> exchange.provenance(c, id));
        }));
        cases.add(DynamicTest.dynamicTest(who + " sees no id of the hidden parent " + t + " in the child", () -> {
          assertThat(exchange.get(c, child).orElseThrow().derivedFrom()).isEmpty();
          assertThat(feedSignals(c)).filteredOn(s -> s.id().equals(child)).singleElement()
              .satisfies(s -> assertThat(s.derivedFrom()).isEmpty());
        }));
        cases.add(DynamicTest.dynamicTest(who + " sees no change-log position of the child of " + t, () ->
            assertThat(exchange.get(c, child).orElseThrow().sequence()).isZero()));
        cases.add(DynamicTest.dynamicTest(who + " does not get " + t + " from the feed", () -> assertThat(feedIds(c)).doesNotContain(id).contains(child)));
        cases.add(DynamicTest.dynamicTest(who + " does not count " + t + " in stats", () -> {
          long expected = type == SignalType.MD5 ? SignalType.values().length : 0; // only the public children are md5
          assertThat(statsCount(c, type)).isEqualTo(expected);
        }));
        cases.add(DynamicTest.dynamicTest(who + " cannot give an opinion on " + t, () -> assertNotFound(() -> exchange.feedback().setOpinion(c, id, Opinion.SEEN, null))));
        cases.add(DynamicTest.dynamicTest(who + " cannot retract " + t, () -> assertNotFound(() -> exchange.retract(c, id))));
      }
      // A recipient sees that it was shared with it, not with whom else; the contributor and admins see all.
      cases.add(DynamicTest.dynamicTest("named sees only itself among the recipients of " + t, () -> {
        assertThat(exchange.get(named, id).orElseThrow().visibility()).containsExactly("named");
        assertThat(exchange.provenance(named, id).signal().visibility()).containsExactly("named");
        assertThat(feedSignals(named)).filteredOn(s -> s.id().equals(id)).singleElement()
            .satisfies(s -> assertThat(s.visibility()).containsExactly("named"));
        assertThat(exchange.get(named2, id).orElseThrow().visibility()).containsExactly("named2");
      }));
      for (Caller c : List.of(owner, admin)) {
        cases.add(DynamicTest.dynamicTest(c.participant() + " sees every recipient of " + t, () ->
            assertThat(exchange.get(c, id).orElseThrow().visibility()).containsExactly("named", "named2")));
      }
      // An auditor reads statistics and the audit log, and no signal by any door.
      List<Function<Caller, Object>> reads = List.of(
          c -> exchange.get(c, id),
          c -> matchedIds(c, type),
          c -> exchange.deltaFeed().updates(c, 0, 10),
          c -> exchange.provenance(c, child),
          c -> exchange.feedback().opinions(c, child),
          c -> exchange.feedback().setOpinion(c, child, Opinion.SEEN, null),
          c -> exchange.feedback().received(c, 10),
          c -> exchange.allowLists().list(c),
          c -> exchange.submit(c, List.of(SignalSubmission.of(t, restrictedValue.get(type)))));
      for (int i = 0; i < reads.size(); i++) {
        Function<Caller, Object> op = reads.get(i);
        cases.add(DynamicTest.dynamicTest("auditor refused, operation " + i + " on " + t, () ->
            assertThatThrownBy(() -> op.apply(auditor)).isInstanceOf(AccessDeniedException.class)));
      }
      // Recipients are existing participants, matched exactly: a typo never reaches someone else.
      for (String recipient : List.of("NAMED", "Named", "ghost")) {
        cases.add(DynamicTest.dynamicTest("recipient '" + recipient + "' refused for " + t, () -> {
          SubmitResult r = exchange.submit(otherContributor, List.of(SignalSubmission.of(t, restrictedValue.get(type))
              .withVisibility(List.of(recipient)))).get(0);
          assertThat(r.accepted()).isFalse();
          assertThat(r.error().code()).isEqualTo("unknown_participant");
          assertThat(r.error().field()).isEqualTo("visibility[0]");
        }));
      }
      // The named participant, the contributor and admins see it everywhere.
      for (Caller c : List.of(named, owner, admin)) {
        String who = c.participant();
        cases.add(DynamicTest.dynamicTest(who + " gets " + t, () -> assertThat(exchange.get(c, id)).isPresent()));
        cases.add(DynamicTest.dynamicTest(who + " matches " + t, () -> assertThat(matchedIds(c, type)).contains(id)));
        cases.add(DynamicTest.dynamicTest(who + " sees " + t + " in provenance and feed", () -> {
          assertThat(exchange.provenance(c, child).ancestors()).extracting(s -> s.id()).containsExactly(id);
          assertThat(feedIds(c)).contains(id);
        }));
      }
      // Function level: a reader cannot write; a contributor cannot retract another's signal.
      cases.add(DynamicTest.dynamicTest("reader cannot submit " + t, () ->
          assertThatThrownBy(() -> exchange.submit(reader, List.of(SignalSubmission.of(t, restrictedValue.get(type)))))
              .isInstanceOf(AccessDeniedException.class)));
      cases.add(DynamicTest.dynamicTest("named reader cannot retract " + t, () ->
          assertThatThrownBy(() -> exchange.retract(named, id)).isInstanceOf(AccessDeniedException.class)));
      cases.add(DynamicTest.dynamicTest("another contributor cannot retract the public child of " + t, () ->
          assertThatThrownBy(() -> exchange.retract(otherContributor, child)).isInstanceOf(AccessDeniedException.class)));
      // A suspended participant can do nothing at all.
      List<Function<Caller, Object>> operations = List.of(
          c -> exchange.get(c, id),
          c -> matchedIds(c, type),
          c -> exchange.submit(c, List.of(SignalSubmission.of(t, restrictedValue.get(type)))),
          c -> exchange.deltaFeed().updates(c, 0, 10),
          c -> exchange.oversight().stats(c, Instant.EPOCH, Instant.now()),
          c -> exchange.provenance(c, child));
      for (int i = 0; i < operations.size(); i++) {
        Function<Caller, Object> op = operations.get(i);
        cases.add(DynamicTest.dynamicTest("suspended participant refused, operation " + i + " on " + t, () ->
            assertThatThrownBy(() -> op.apply(suspended)).isInstanceOf(AccessDeniedException.class)));
      }
    }
    cases.add(DynamicTest.dynamicTest("revoked and unknown keys authenticate nobody", () -> {
      Participants p = exchange.participants();
      Participants.NewKey key = p.createKey("named");
      assertThat(p.authenticate(key.secret())).map(Caller::participant).contains("named");
      assertThat(p.authenticate(key.secret() + "x")).isEmpty();
      assertThat(p.authenticate(key.secret().substring(0, key.secret().length() - 1) + (key.secret().endsWith("a") ? "b" : "a"))).isEmpty();
      assertThat(p.revokeKey("named", key.keyId())).isTrue();
      assertThat(p.authenticate(key.secret())).isEmpty();
      Participants.NewKey suspendedKey = p.createKey("suspended");
      assertThat(p.authenticate(suspendedKey.secret())).isEmpty();
      assertThat(p.authenticate(null)).isEmpty();
      assertThat(p.authenticate("Bearer nonsense")).isEmpty();
    }));
    cases.add(DynamicTest.dynamicTest("an auditor reads statistics of every signal and verifies the audit log", () -> {
      assertThat(statsCount(auditor, SignalType.PDQ)).isEqualTo(1);
      assertThat(exchange.oversight().verifyAudit(auditor).intact()).isTrue();
      assertThat(exchange.oversight().auditHead(auditor).sequence()).isPositive();
      assertThatThrownBy(() -> exchange.oversight().auditHead(named)).isInstanceOf(AccessDeniedException.class);
    }));
    cases.add(DynamicTest.dynamicTest("only admins replicate", () ->
        assertThatThrownBy(() -> exchange.replicate(owner, List.of())).isInstanceOf(AccessDeniedException.class)));
    assertThat(cases.size()).isGreaterThanOrEqualTo(100);
    return cases.stream();
  }
}
