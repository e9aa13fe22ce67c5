package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantern.core.exchange.AllowEntry;
import org.lantern.core.signal.SignalType;

/**
 * {@code /v1/allowlist}: values a participant marked known-benign for itself (a stock image's
 * hash, its own domain); its later matches against them are suppressed and counted.
 *
 * <p>Thread-safety: stateless.
 */
final class AllowlistHandlers {
  private AllowlistHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/v1/allowlist", Route.Access.PARTICIPANT, AllowlistHandlers::list),
        Route.post("/v1/allowlist", Route.Access.PARTICIPANT, AllowlistHandlers::add),
        Route.post("/v1/allowlist/remove", Route.Access.PARTICIPANT, AllowlistHandlers::remove));
  }

  static void list(Call call) throws Exception {
    List<AllowEntry> entries = call.exchange().allowLists().list(call.caller());
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("entries");
      for (AllowEntry e : entries) {
        write(json, e);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /** An allow-list entry as sent: {@code {"type":..,"value":..,"note":..}} (note ignored on remove). */
  private static final Set<String> ENTRY = JsonInput.fields("type", "value", "note");

  static void add(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody(ENTRY);
    SignalType type = MatchHandlers.parseType(JsonInput.string(body, "type", ""), "type");
    AllowEntry entry =
        call.exchange().allowLists().allow(call.caller(), type, JsonInput.string(body, "value", ""), JsonInput.optionalString(body, "note", ""));
    call.json(201, json -> write(json, entry));
  }

  static void remove(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody(ENTRY);
    SignalType type = MatchHandlers.parseType(JsonInput.string(body, "type", ""), "type");
    boolean removed = call.exchange().allowLists().disallow(call.caller(), type, JsonInput.string(body, "value", ""));
    call.ok(json -> {
      json.writeStartObject();
      json.writeBooleanField("removed", removed);
      json.writeEndObject();
    });
  }

  private static void write(JsonGenerator json, AllowEntry e) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", e.type().label());
    json.writeStringField("value", e.value());
    if (e.note() != null && !e.note().isEmpty()) {
      json.writeStringField("note", e.note());
    }
    json.writeStringField("created", e.created().toString());
    json.writeEndObject();
  }
}
