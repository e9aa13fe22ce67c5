package org.lantern.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.json.JsonInputException;
import org.lantern.json.JsonObjects;
import org.lantern.json.SignalJsonCodec;
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

  /**
   * One entry of a batch: a submission to send, or why it could not be read; {@code retract} for
   * a record whose {@code status} is {@code retracted}.
   */
  private record Entry(SignalSubmission submission, SignalRejectedException error, boolean retract) {
    Entry(SignalSubmission submission, SignalRejectedException error) {
      this(submission, error, false);
    }
  }

  /**
   * Shares a batch. A record's {@code status} means what it means in {@code lantern load}'s JSON
   * Lines (the same shape as an export, so that replaying an export never brings a retracted
   * signal back): absent or {@code active} shares it, {@code retracted} retracts the caller's own
   * signal of that type and value (as {@code /v1/signals/retractions} does; {@code unchanged} when
   * there is none), {@code expired} is refused. Records are applied in batch order.
   */
  static void submit(Call call) throws Exception {
    answer(call, entries(call, true), valid -> submitInOrder(call, valid), true);
  }

  /** Consecutive records of one kind go in one call, so that order between kinds is kept. */
  private static List<SubmitResult> submitInOrder(Call call, List<Entry> valid) {
    List<SubmitResult> results = new ArrayList<>(valid.size());
    int i = 0;
    while (i < valid.size()) {
      boolean retract = valid.get(i).retract();
      List<SignalSubmission> run = new ArrayList<>();
      for (; i < valid.size() && valid.get(i).retract() == retract; i++) {
        run.add(valid.get(i).submission());
      }
      results.addAll(retract ? call.exchange().retractValues(call.caller(), run) : call.exchange().submit(call.caller(), run));
    }
    return results;
  }

  /**
   * Retracts the caller's signals by type and value (what a bulk feed's deletion records carry):
   * the same batch shapes as a submit, of which only type and value are read.
   */
  static void retractByValue(Call call) throws Exception {
    answer(call, entries(call, false), valid -> call.exchange().retractValues(call.caller(), submissions(valid)), false);
  }

  /** A JSON batch: {@code {"signals":[...]}}. */
  private static final Set<String> BATCH = JsonInput.fields("signals");

  private static List<SignalSubmission> submissions(List<Entry> entries) {
    List<SignalSubmission> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.submission());
    }
    return out;
  }

  /** @param readStatus whether a record's {@code status} decides what is done with it (a submit) */
  private static List<Entry> entries(Call call, boolean readStatus) throws Exception {
    String type = call.contentType();
    List<Entry> entries;
    if (type == null || type.equals(Call.JSON)) {
      entries = fromJson(call, JsonInput.object(call.body(call.limits().maxBodyBytes()), BATCH), readStatus);
    } else if (type.equals(Call.NDJSON)) {
      entries = fromNdjson(call, call.body(call.limits().maxBodyBytes()), readStatus);
    } else {
      throw ApiException.unsupportedMediaType(
          "expected Content-Type application/json ({\"signals\":[...]}) or application/x-ndjson (one signal per line), got " + Call.clip(type));
    }
    return entries;
  }

  private static void answer(Call call, List<Entry> entries,
      java.util.function.Function<List<Entry>, List<SubmitResult>> action, boolean countSubmits) throws Exception {
    List<Entry> valid = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e.submission() != null) {
        valid.add(e);
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
        SignalJson.writeSubmitResult(json, r, "signals[" + r.index() + "]");
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private static List<Entry> fromJson(Call call, Map<String, Object> body, boolean readStatus) {
    if (!body.containsKey("signals")) {
      throw ApiException.badRequest("missing_field", "signals", "signals is required: {\"signals\":[{\"type\":...,\"value\":...}]}");
    }
    List<Object> items = JsonInput.list(body, "signals", "");
    checkBatch(call, items.size());
    List<Entry> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(entry(items.get(i), readStatus));
    }
    return out;
  }

  private static List<Entry> fromNdjson(Call call, byte[] body, boolean readStatus) {
    List<Entry> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
        if (!blank(body, start, end)) {
          checkBatch(call, out.size() + 1);
          Entry e;
          try {
            e = entry(JsonInput.object(body, start, end, "line " + (out.size() + 1)), readStatus);
          } catch (JsonInputException bad) {
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
    call.charge(size - 1); // a work unit per signal; the request's own unit covers the first
  }

  /**
   * Reads one signal object with the shared codec ({@link SignalJsonCodec}: unknown fields, and a
   * visibility of {@code null} or {@code []}, are refused by name); shape errors become that
   * signal's rejection, its field named within the signal. A submit reads the listed shape, as
   * {@code lantern load}'s JSON Lines does, so that an export line means the same at every door.
   */
  private static Entry entry(Object item, boolean readStatus) {
    try {
      Map<String, Object> obj = JsonObjects.object(item, "signal");
      if (!readStatus) {
        return new Entry(SignalJsonCodec.read(obj, "", SignalJsonCodec.ISO_INSTANT), null);
      }
      SignalJsonCodec.Listed listed = SignalJsonCodec.readListed(obj, "", SignalJsonCodec.ISO_INSTANT);
      String status = listed.status();
      if (status == null || status.equals("active")) {
        return new Entry(listed.submission(), null);
      }
      return switch (status) {
        case "retracted" -> new Entry(listed.submission(), null, true);
        case "expired" -> throw new JsonInputException(
            "invalid_status", "status", "status: an expired signal is not shared again");
        default -> throw new JsonInputException(
            "invalid_status", "status", "status must be active, retracted or expired, got '" + Call.clip(status) + "'");
      };
    } catch (JsonInputException bad) {
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
