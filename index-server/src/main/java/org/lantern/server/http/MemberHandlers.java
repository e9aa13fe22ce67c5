package org.lantern.server.http;

import java.util.List;
import java.util.Locale;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.SignalFilter;
import org.lantern.core.exchange.SignalPage;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.ParticipantName;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;

/**
 * What a member's own tools (the investigator page first) need beyond lookups and sharing:
 *
 * <ul>
 *   <li>{@code GET /v1/me}: who the key belongs to, its roles, and the categories the exchange
 *       accepts;
 *   <li>{@code GET /v1/participants}: ids and display names of the active participants, to choose
 *       recipients from (any member may read it; nothing about roles, keys or suspensions);
 *   <li>{@code GET /v1/signals?contributor=&type=&status=&category=&cursor=&limit=}: the signals the
 *       caller may see, newest change first, paged with a bounded scan per page;
 *   <li>{@code GET /v1/signals/{id}/opinion}: the opinion counts on one visible signal and the
 *       caller's own.
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
final class MemberHandlers {
  /** Signals per listing page unless asked otherwise. */
  static final int DEFAULT_PAGE = 50;

  private MemberHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/v1/me", Route.Access.PARTICIPANT, MemberHandlers::me),
        Route.get("/v1/participants", Route.Access.PARTICIPANT, MemberHandlers::participants),
        Route.get("/v1/signals", Route.Access.PARTICIPANT, MemberHandlers::list),
        Route.get("/v1/signals/{id}/opinion", Route.Access.PARTICIPANT, MemberHandlers::opinion));
  }

  static void me(Call call) throws Exception {
    Participant me = call.exchange().members().self(call.caller());
    List<String> roles = me.roles().stream().map(Role::label).sorted().toList();
    List<String> categories = List.copyOf(call.exchange().members().categories());
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("id", me.id());
      json.writeStringField("name", me.displayName());
      json.writeArrayFieldStart("roles");
      for (String r : roles) {
        json.writeString(r);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("categories");
      for (String c : categories) {
        json.writeString(c);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static void participants(Call call) throws Exception {
    List<ParticipantName> names = call.exchange().members().participantNames(call.caller());
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("participants");
      for (ParticipantName p : names) {
        json.writeStartObject();
        json.writeStringField("id", p.id());
        json.writeStringField("name", p.name());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static void list(Call call) throws Exception {
    String contributor = blankToNull(call.query("contributor"));
    if ("me".equals(contributor)) {
      contributor = call.caller().participant();
    }
    String typeLabel = blankToNull(call.query("type"));
    SignalType type = typeLabel == null ? null : MatchHandlers.parseType(typeLabel, "type");
    SignalStatus status = status(blankToNull(call.query("status")));
    String category = blankToNull(call.query("category"));
    if (category != null) {
      category = category.strip().toLowerCase(Locale.ROOT);
      if (!call.exchange().members().categories().contains(category)) {
        throw ApiException.badRequest(
            "unknown_category", "category", "unknown category '" + Call.clip(category) + "' (expected one of "
                + String.join(", ", call.exchange().members().categories()) + ")");
      }
    }
    long cursor = call.queryLong("cursor", 0, 0, Long.MAX_VALUE);
    int limit = call.queryInt("limit", DEFAULT_PAGE, 1, Exchange.MAX_LIMIT);
    SignalPage page =
        call.exchange().members().listSignals(call.caller(), new SignalFilter(contributor, type, status, category), cursor, limit);
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("signals");
      for (Signal s : page.signals()) {
        SignalJson.writeSignal(json, s);
      }
      json.writeEndArray();
      json.writeNumberField("next_cursor", page.nextCursor());
      json.writeBooleanField("more", page.more());
      json.writeEndObject();
    });
  }

  static void opinion(Call call) throws Exception {
    String id = call.path("id");
    Opinions o = call.exchange().feedback().opinions(call.caller(), id);
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("opinion", o.rollup().label());
      SignalJson.writeOpinionCounts(json, "opinions", o);
      json.writeEndObject();
    });
  }

  private static SignalStatus status(String label) {
    if (label == null) {
      return null;
    }
    for (SignalStatus s : SignalStatus.values()) {
      if (s.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw ApiException.badRequest(
        "invalid_status", "status", "status must be active, retracted or expired, got '" + Call.clip(label) + "'");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
