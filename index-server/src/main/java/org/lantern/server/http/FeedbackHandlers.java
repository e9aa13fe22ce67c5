package org.lantern.server.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantern.core.exchange.Provenance;
import org.lantern.core.signal.Feedback;
import org.lantern.core.signal.Opinion;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.server.json.SignalJson;

/**
 * What participants learn from each other about signals: opinions ({@code PUT
 * /v1/signals/{id}/opinion}), the feedback others gave on one's own signals ({@code GET
 * /v1/feedback}) and provenance over {@code derived_from} ({@code GET /v1/signals/{id}/provenance}).
 *
 * <p>Thread-safety: stateless.
 */
final class FeedbackHandlers {
  private FeedbackHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.put("/v1/signals/{id}/opinion", Route.Access.PARTICIPANT, FeedbackHandlers::setOpinion),
        Route.get("/v1/signals/{id}/provenance", Route.Access.PARTICIPANT, FeedbackHandlers::provenance),
        Route.get("/v1/feedback", Route.Access.PARTICIPANT, FeedbackHandlers::feedback));
  }

  /** {@code PUT /v1/signals/ID/opinion}: {@code {"opinion":..,"note":..}}. */
  private static final Set<String> OPINION = JsonInput.fields("opinion", "note");

  static void setOpinion(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody(OPINION);
    Opinion opinion;
    try {
      opinion = Opinion.fromLabel(JsonInput.string(body, "opinion", ""));
    } catch (SignalRejectedException e) {
      throw ApiException.badRequest(e.code(), "opinion", e.getMessage());
    }
    String id = call.path("id");
    Opinions now = call.exchange().feedback().setOpinion(call.caller(), id, opinion, JsonInput.optionalString(body, "note", ""));
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("opinion", now.rollup().label());
      SignalJson.writeOpinionCounts(json, "opinions", now);
      json.writeEndObject();
    });
  }

  static void provenance(Call call) throws Exception {
    Provenance p = call.exchange().provenance(call.caller(), call.path("id"));
    call.ok(json -> {
      json.writeStartObject();
      json.writeFieldName("signal");
      SignalJson.writeSignal(json, p.signal());
      json.writeArrayFieldStart("derived_from");
      for (Signal s : p.ancestors()) {
        SignalJson.writeSignal(json, s);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("derived");
      for (Signal s : p.descendants()) {
        SignalJson.writeSignal(json, s);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static void feedback(Call call) throws Exception {
    int limit = call.queryInt("limit", 100, 1, org.lantern.core.exchange.Exchange.MAX_LIMIT);
    List<Feedback> all = call.exchange().feedback().received(call.caller(), limit);
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("feedback");
      for (Feedback f : all) {
        json.writeStartObject();
        json.writeStringField("signal_id", f.signalId());
        json.writeStringField("participant", f.participant());
        json.writeStringField("opinion", f.opinion().label());
        if (!f.note().isEmpty()) {
          json.writeStringField("note", f.note());
        }
        json.writeStringField("time", f.time().toString());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }
}
