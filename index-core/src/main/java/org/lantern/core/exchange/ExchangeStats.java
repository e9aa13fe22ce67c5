package org.lantern.core.exchange;

import java.time.Instant;
import java.util.Map;

/**
 * The figures of a transparency report for a period, as the caller may see them (admins see the
 * whole exchange; others the signals visible to them and their own activity).
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param activeByType active signals now, per type label
 * @param activeByCategory active signals now, per category
 * @param contributionsByParticipant signals created in the period, per contributor
 * @param lookupsByParticipant lookup requests in the period, per participant (from the audit log)
 * @param queriesInPeriod values looked up in the period
 * @param matchesInPeriod matches answered in the period
 * @param feedbackByOpinion opinions given in the period, per opinion label
 *     <p>Thread-safety: immutable.
 */
public record ExchangeStats(
    Instant from,
    Instant to,
    Map<String, Long> activeByType,
    Map<String, Long> activeByCategory,
    Map<String, Long> contributionsByParticipant,
    Map<String, Long> lookupsByParticipant,
    long queriesInPeriod,
    long matchesInPeriod,
    Map<String, Long> feedbackByOpinion) {
  public ExchangeStats {
    activeByType = Map.copyOf(activeByType);
    activeByCategory = Map.copyOf(activeByCategory);
    contributionsByParticipant = Map.copyOf(contributionsByParticipant);
    lookupsByParticipant = Map.copyOf(lookupsByParticipant);
    feedbackByOpinion = Map.copyOf(feedbackByOpinion);
  }
}
