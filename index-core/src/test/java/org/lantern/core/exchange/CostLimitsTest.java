package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalRejectedException;

/**
 * The exchange's cost bounds: a text scan keeps the first {@code maxTextHits} hits and counts the
 * rest (only visible, active ones); an audit entry lists at most {@code auditMaxIds} ids and
 * summarises the rest by count and digest; new keywords that would match everywhere are refused.
 */
class CostLimitsTest {
  @TempDir Path data;

  private Exchange open(CostLimits costs) {
    Exchange e = Exchange.open(ExchangeConfig.defaults(data).withSizes(10_000, 10_000)
        .withIntervals(Duration.ZERO, Duration.ZERO).withCosts(costs));
    for (String p : List.of("mega", "meta")) {
      e.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    return e;
  }

  @Test
  void aScanKeepsTheFirstHitsAndCountsOnlyVisibleActiveOnes() {
    try (Exchange e = open(new CostLimits(5, 100, 3))) {
      Caller mega = e.participants().caller("mega").orElseThrow();
      e.submit(mega, List.of(SignalSubmission.of("keyword", "abc", "trade"), SignalSubmission.of("keyword", "xyz", "trade")));
      String text = "abc xyz ".repeat(10);
      TextScan scan = e.scanText(mega, text);
      assertThat(scan.hits()).hasSize(5);
      assertThat(scan.total()).isEqualTo(20);
      assertThat(scan.truncated()).isTrue();
      assertThat(scan.hits().get(0).start()).isZero(); // the first ones, in text order

      e.retractValues(mega, List.of(SignalSubmission.of("keyword", "xyz", "trade")));
      TextScan after = e.scanText(mega, text);
      assertThat(after.total()).as("a retracted keyword is neither returned nor counted").isEqualTo(10);

      TextScan small = e.scanText(mega, "only abc");
      assertThat(small.total()).isEqualTo(1);
      assertThat(small.truncated()).isFalse();
    }
  }

  @Test
  void newKeywordsThatMatchEverywhereAreRefused() {
    try (Exchange e = open(CostLimits.defaults())) {
      Caller mega = e.participants().caller("mega").orElseThrow();
      for (String weak : List.of("a", "ab", "A-B", "aaaa", "b b b")) {
        SubmitResult r = e.submit(mega, List.of(SignalSubmission.of("keyword", weak, "trade"))).get(0);
        assertThat(r.accepted()).as(weak).isFalse();
        assertThat(r.error().code()).isEqualTo("keyword_too_short");
        assertThat(r.error().getMessage()).contains("keyword");
      }
      assertThat(e.submit(mega, List.of(SignalSubmission.of("keyword", "abc", "trade"))).get(0).accepted()).isTrue();
    }
  }

  @Test
  void theMinimumIsConfigurable() {
    try (Exchange e = open(new CostLimits(1_000, 100, 2))) {
      Caller mega = e.participants().caller("mega").orElseThrow();
      assertThat(e.submit(mega, List.of(SignalSubmission.of("keyword", "cp", "trade"))).get(0).accepted()).isTrue();
    }
    assertThatThrownBy(() -> KeywordPolicy.check("c", 2)).isInstanceOf(SignalRejectedException.class);
  }

  @Test
  void auditEntriesListAtMostTheCapAndDigestTheRest() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      ids.add("sig_" + i);
      ids.add("sig_" + i); // a keyword found twice is one id
    }
    AuditEvent event = LookupAudit.event("mega", "scan_text", List.of("keyword"), 1, ids, 100);
    assertThat(event.matchedIds()).hasSize(100).startsWith("sig_0", "sig_1");
    assertThat(event.matches()).isEqualTo(500);
    assertThat(event.detail()).startsWith("250 distinct ids matched; the first 100 listed; sha256 of all, sorted: ");
    List<String> shuffled = new ArrayList<>(ids);
    Collections.reverse(shuffled);
    String digest = event.detail().substring(event.detail().lastIndexOf(' ') + 1);
    assertThat(LookupAudit.event("mega", "scan_text", List.of("keyword"), 1, shuffled, 100).detail()).endsWith(digest);

    AuditEvent few = LookupAudit.event("mega", "match_hashes", List.of("pdq"), 3, List.of("a", "b", "a"), 100);
    assertThat(few.matchedIds()).containsExactly("a", "b");
    assertThat(few.detail()).isNull();
  }
}
