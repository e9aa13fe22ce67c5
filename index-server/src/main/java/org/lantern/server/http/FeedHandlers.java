package org.lantern.server.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.ExchangeStats;
import org.lantern.core.exchange.FeedPage;
import org.lantern.server.json.SignalJson;

/**
 * {@code GET /v1/updates} (the delta feed a replica or a local cache follows: cursor + changes,
 * deletions for retracted and expired signals) and {@code GET /v1/stats} (transparency figures
 * for a period).
 *
 * <p>The feed's {@code cursor} is opaque ({@code fc1.} and 48 base64url characters, see {@link
 * org.lantern.core.exchange.FeedCursor}): pass {@code next_cursor} back exactly, or nothing to
 * start from the beginning. It works only for the participant it was given to, and reveals
 * nothing about the changes that participant may not see.
 *
 * <p>Thread-safety: stateless.
 */
final class FeedHandlers {
  /** Most feed entries per page, as the exchange allows. */
  static final int MAX_FEED_LIMIT = 10_000;

  private FeedHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/v1/updates", Route.Access.PARTICIPANT, FeedHandlers::updates),
        Route.get("/v1/stats", Route.Access.PARTICIPANT, FeedHandlers::stats));
  }

  static void updates(Call call) throws Exception {
    String cursor = call.query("cursor");
    int limit = call.queryInt("limit", 1_000, 1, MAX_FEED_LIMIT);
    var exchange = call.exchange();
    FeedPage page = exchange.deltaFeed().updates(call.caller(), cursor, limit);
    String next = exchange.deltaFeed().cursor(call.caller(), page);
    boolean admin = call.caller().isAdmin();
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("updates");
      for (FeedPage.Entry e : page.entries()) {
        json.writeStartObject();
        if (admin) {
          json.writeNumberField("sequence", e.sequence()); // counts every write: admins only
        }
        json.writeBooleanField("deleted", e.deleted());
        if (e.revoked()) {
          json.writeBooleanField("revoked", true); // the reader may no longer see it: drop it entirely
        }
        json.writeFieldName("signal");
        SignalJson.writeSignal(json, e.signal());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("next_cursor", next);
      json.writeBooleanField("more", page.more());
      json.writeEndObject();
    });
  }

  /** {@code from}/{@code to} ISO-8601 UTC; default: the last 30 days up to now. */
  static void stats(Call call) throws Exception {
    Instant to = time(call, "to", Instant.now());
    Instant from = time(call, "from", to.minus(30, ChronoUnit.DAYS));
    ExchangeStats s = call.exchange().oversight().stats(call.caller(), from, to);
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("from", s.from().toString());
      json.writeStringField("to", s.to().toString());
      counts(json, "active_by_type", s.activeByType());
      counts(json, "active_by_category", s.activeByCategory());
      counts(json, "contributions_by_participant", s.contributionsByParticipant());
      counts(json, "lookups_by_participant", s.lookupsByParticipant());
      json.writeNumberField("queries", s.queriesInPeriod());
      json.writeNumberField("matches", s.matchesInPeriod());
      counts(json, "feedback_by_opinion", s.feedbackByOpinion());
      json.writeEndObject();
    });
  }

  private static void counts(com.fasterxml.jackson.core.JsonGenerator json, String name, Map<String, Long> counts)
      throws java.io.IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : new java.util.TreeMap<>(counts).entrySet()) {
      json.writeNumberField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  /** The ISO-8601 UTC time in query parameter {@code name}, or {@code fallback} when absent (400 when malformed). */
  static Instant time(Call call, String name, Instant fallback) {
    String text = call.query(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid_time", name, name + " must be an ISO-8601 UTC time such as 2027-01-01T00:00:00Z, got '" + Call.clip(text) + "'");
    }
  }
}
