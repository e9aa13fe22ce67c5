package org.lantern.core.exchange;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.signal.Feedback;
import org.lantern.core.signal.OpinionStore;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.StoredSignal;

/**
 * The figures of a transparency report, gathered from where they are kept: signal counts and
 * contributions from the signal store, feedback from the opinion store, lookups and matches from
 * the audit log (which records every lookup anyway, so no second set of counters can drift from
 * it). Reads everything in the period: for reports, not hot paths.
 *
 * <p>Thread-safety: stateless.
 */
final class TransparencyStats {
  /** Audit operations that count as lookups. */
  static final Set<String> LOOKUP_OPERATIONS = Set.of("match_hashes", "match_exact", "match_urls", "scan_text", "get");

  private TransparencyStats() {}

  /**
   * @param visible which signals the asking participant may see (only those are counted)
   * @param activityVisible whose lookups the asking participant may see (admins: everybody's;
   *     others: their own)
   */
  static ExchangeStats collect(
      SignalStore store,
      OpinionStore opinions,
      Path auditDir,
      Instant from,
      Instant to,
      Predicate<Signal> visible,
      Predicate<String> activityVisible) {
    Map<String, Long> byType = new TreeMap<>();
    Map<String, Long> byCategory = new TreeMap<>();
    Map<String, Long> contributions = new TreeMap<>();
    store.forEach(
        stored -> {
          Signal s = stored.signal();
          if (!visible.test(s)) {
            return;
          }
          if (s.isActive()) {
            byType.merge(s.type().label(), 1L, Long::sum);
            for (String c : s.categories()) {
              byCategory.merge(c, 1L, Long::sum);
            }
          }
          if (!s.created().isBefore(from) && s.created().isBefore(to)) {
            contributions.merge(s.contributor(), 1L, Long::sum);
          }
        });
    Map<String, Long> feedback = new TreeMap<>();
    opinions.forEach(
        list -> {
          for (Feedback f : list) {
            StoredSignal stored = store.get(f.signalId());
            if (stored != null && visible.test(stored.signal()) && !f.time().isBefore(from) && f.time().isBefore(to)) {
              feedback.merge(f.opinion().label(), 1L, Long::sum);
            }
          }
        });
    Map<String, Long> lookups = new TreeMap<>();
    long[] queriesAndMatches = new long[2];
    AuditLog.read(
        auditDir,
        from,
        entry -> {
          AuditEvent e = entry.event();
          if (entry.time().isBefore(to) && LOOKUP_OPERATIONS.contains(e.operation()) && activityVisible.test(e.participant())) {
            lookups.merge(e.participant(), 1L, Long::sum);
            queriesAndMatches[0] += e.queries();
            queriesAndMatches[1] += e.matches();
          }
        });
    return new ExchangeStats(
        from, to, byType, byCategory, contributions, lookups, queriesAndMatches[0], queriesAndMatches[1], feedback);
  }
}
