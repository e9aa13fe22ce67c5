package org.lantern.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.server.json.SignalJson;

/**
 * {@code /v1/signals}: share a batch (JSON or NDJSON), read one, retract one.
 *
 * <p>A batch is answered with one result per signal, in order, and status 200 even when some
 * are rejected: a signal whose JSON is malformed (a wrong type, a bad time) is rejected here with
 * its path, the others go to the exchange, which rejects or accepts each on its own.
 *
 * <p>Thread-safety: stateless.
 */
final class SignalHandlers {
  private SignalHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.post("/v1/signals", Route.Access.PARTICIPANT, SignalHandlers::submit),
        Route.post("/v1/signals/retractions", Route.Access.PARTICIPANT, SignalHandlers::retractByValue),
        Route.get("/v1/signals/{id}", Route.Access.PARTICIPANT, SignalHandlers::get),
        Route.post("/v1/signals/{id}/retract", Route.Access.PARTICIPANT, SignalHandlers::retract));
  }

  /** One entry of a batch: a submission to send, or why it could not be read. */
  private record Entry(SignalSubmission submission, SignalRejectedException error) {}

  static void submit(Call call) throws Exception {
    answer(call, entries(call), valid -> call.exchange().submit(call.caller(), valid), true);
  }

  /**
   * Retracts the caller's signals by type and value (what a bulk feed's deletion records carry):
   * the same batch shapes as a submit, of which only type and value are read.
   */
  static void retractByValue(Call call) throws Exception {
    answer(call, entries(call), valid -> call.exchange().retractValues(call.caller(), valid), false);
  }

  private static List<Entry> entries(Call call) throws Exception {
    String type = call.contentType();
    List<Entry> entries;
    if (type == null || type.equals(Call.JSON)) {
      entries = fromJson(call, JsonInput.object(call.body(call.limits().maxBodyBytes())));
    } else if (type.equals(Call.NDJSON)) {
      entries = fromNdjson(call, call.body(call.limits().maxBodyBytes()));
    } else {
      throw ApiException.unsupportedMediaType(
          "expected Content-Type application/json ({\"signals\":[...]}) or application/x-ndjson (one signal per line), got " + Call.clip(type));
    }
    return entries;
  }

  private static void answer(Call call, List<Entry> entries,
      java.util.function.Function<List<SignalSubmission>, List<SubmitResult>> action, boolean countSubmits) throws Exception {
    List<SignalSubmission> valid = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.submission() != null) {
        valid.add(e.submission());
      }
    }
    // The exchange numbers its results within what it was given: map them back to batch positions.
    List<SubmitResult> submitted = valid.isEmpty() ? List.of() : action.apply(valid);
    List<SubmitResult> results = new ArrayList<>(entries.size());
    int next = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      SubmitResult r =
          e.submission() != null
              ? submitted.get(next++)
              : new SubmitResult(i, null, SubmitResult.Outcome.REJECTED, e.error());
      results.add(new SubmitResult(i, r.id(), r.outcome(), r.error()));
      if (countSubmits) {
        call.metrics().submitted(r.outcome().label());
      }
    }
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("results");
      for (SubmitResult r : results) {
        json.writeStartObject();
        json.writeNumberField("index", r.index());
        if (r.id() != null) {
          json.writeStringField("id", r.id());
        }
        json.writeStringField("status", r.outcome().label());
        if (r.error() != null) {
          json.writeFieldName("error");
          SignalJson.writeErrorBody(json, r.error(), "signals[" + r.index() + "]");
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private static List<Entry> fromJson(Call call, Map<String, Object> body) {
    JsonInput.onlyFields(body, "", "signals");
    if (!body.containsKey("signals")) {
      throw ApiException.badRequest("missing_field", "signals", "signals is required: {\"signals\":[{\"type\":...,\"value\":...}]}");
    }
    List<Object> items = JsonInput.list(body, "signals", "");
    checkBatch(call, items.size());
    List<Entry> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(entry(items.get(i)));
    }
    return out;
  }

  private static List<Entry> fromNdjson(Call call, byte[] body) {
    List<Entry> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
        if (!blank(body, start, end)) {
          checkBatch(call, out.size() + 1);
          Entry e;
          try {
            e = entry(JsonInput.object(body, start, end, "line " + (out.size() + 1)));
          } catch (ApiException bad) {
            // one malformed line rejects that signal only, like a bad field in a JSON batch
            e = new Entry(null, new SignalRejectedException(bad.code(), "line", bad.getMessage()));
          }
          out.add(e);
        }
        start = i + 1;
      }
    }
    if (out.isEmpty()) {
      throw ApiException.badRequest("empty_batch", "body", "no signals: send one JSON object per line");
    }
    return out;
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static void checkBatch(Call call, int size) {
    int max = call.limits().maxBatch();
    if (size > max) {
      throw ApiException.tooLarge("batch_too_large", "signals", "a batch holds at most " + max + " signals");
    }
    if (size == 0) {
      throw ApiException.badRequest("empty_batch", "signals", "signals is empty: send at least one signal");
    }
  }

  /** Reads one signal object; shape errors become that signal's rejection. */
  private static Entry entry(Object item) {
    try {
      if (!(item instanceof Map<?, ?>)) {
        throw JsonInput.wrongType("signal", "an object", item);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) item;
      JsonInput.onlyFields(s, "", "type", "value", "categories", "note", "expires", "derived_from", "visibility");
      List<String> visibility;
      Object vis = s.get("visibility");
      // Fail closed: only "all" or an absent field share with everyone; [] and null are refused.
      if (!s.containsKey("visibility") || "all".equals(vis)) {
        visibility = List.of();
      } else if (vis == null) {
        throw ApiException.badRequest("invalid_visibility", "visibility",
            "visibility is null: say \"all\" to share with every participant, or list the participants");
      } else if (vis instanceof List<?> list && list.isEmpty()) {
        throw ApiException.badRequest("invalid_visibility", "visibility",
            "visibility is empty: say \"all\" to share with every participant, or list the participants");
      } else if (vis instanceof List) {
        visibility = JsonInput.strings(s, "visibility", "");
      } else {
        throw ApiException.badRequest(
            "invalid_visibility", "visibility", "visibility must be \"all\" or an array of participant ids");
      }
      return new Entry(
          new SignalSubmission(
              JsonInput.string(s, "type", ""),
              JsonInput.string(s, "value", ""),
              JsonInput.strings(s, "categories", ""),
              JsonInput.optionalString(s, "note", ""),
              JsonInput.time(s, "expires", ""),
              JsonInput.strings(s, "derived_from", ""),
              visibility),
          null);
    } catch (ApiException bad) {
      return new Entry(null, new SignalRejectedException(bad.code(), bad.field(), bad.getMessage()));
    }
  }

  static void get(Call call) throws Exception {
    String id = call.path("id");
    Signal signal =
        call.exchange().get(call.caller(), id).orElseThrow(() -> ApiException.notFound("id", "no signal has id '" + Call.clip(id) + "'"));
    call.ok(json -> SignalJson.writeSignal(json, signal));
  }

  static void retract(Call call) throws Exception {
    Signal signal = call.exchange().retract(call.caller(), call.path("id"));
    call.ok(json -> SignalJson.writeSignal(json, signal));
  }
}
