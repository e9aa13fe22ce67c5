package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalRejectedException;

/**
 * {@code /v1/admin/participants...}: the participants and their API keys, for admins only. A new
 * key is returned once, in the answer that creates it; lists show key ids, never secrets.
 *
 * <p>Every change goes through the exchange's admin operations ({@link Exchange#administration()}:
 * add, suspend, keys), which check the admin role again and record the change in the audit log; the
 * route's own admin check only answers a non-admin early. {@link Exchange#participants()} is left
 * to authentication.
 *
 * <p>Thread-safety: stateless.
 */
final class AdminHandlers {
  private AdminHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/v1/admin/participants", Route.Access.ADMIN, AdminHandlers::list),
        Route.post("/v1/admin/participants", Route.Access.ADMIN, AdminHandlers::add),
        Route.get("/v1/admin/participants/{id}", Route.Access.ADMIN, AdminHandlers::get),
        Route.post("/v1/admin/participants/{id}/suspend", Route.Access.ADMIN, call -> suspend(call, true)),
        Route.post("/v1/admin/participants/{id}/reactivate", Route.Access.ADMIN, call -> suspend(call, false)),
        Route.post("/v1/admin/participants/{id}/keys", Route.Access.ADMIN, AdminHandlers::createKey),
        Route.delete("/v1/admin/participants/{id}/keys/{key_id}", Route.Access.ADMIN, AdminHandlers::revokeKey));
  }

  static void list(Call call) throws Exception {
    List<Participant> all = call.exchange().administration().list(call.caller());
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("participants");
      for (Participant p : all) {
        writeParticipant(json, p);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static void get(Call call) throws Exception {
    String id = call.path("id");
    // Through the admin listing, so that the exchange checks the role; participants are few.
    Participant p = call.exchange().administration().list(call.caller()).stream()
        .filter(candidate -> candidate.id().equals(id))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("id", "no participant has id '" + Call.clip(id) + "'"));
    call.ok(json -> writeParticipant(json, p));
  }

  /** {@code POST /v1/admin/participants}: {@code {"id":..,"name":..,"roles":[..]}}. */
  private static final Set<String> PARTICIPANT = JsonInput.fields("id", "name", "roles");

  static void add(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody(PARTICIPANT);
    String id = JsonInput.string(body, "id", "");
    String name = JsonInput.optionalString(body, "name", "");
    List<String> labels = JsonInput.strings(body, "roles", "");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < labels.size(); i++) {
      try {
        roles.add(Role.fromLabel(labels.get(i)));
      } catch (SignalRejectedException e) {
        throw ApiException.badRequest(e.code(), "roles[" + i + "]", e.getMessage());
      }
    }
    Participant p;
    try {
      p = call.exchange().administration().add(call.caller(), id, name, roles);
    } catch (SignalRejectedException e) {
      if ("conflict".equals(e.code())) {
        throw new ApiException(409, "conflict", e.field(), e.getMessage());
      }
      throw e;
    }
    call.json(201, json -> writeParticipant(json, p));
  }

  static void suspend(Call call, boolean suspended) throws Exception {
    String id = call.path("id");
    if (suspended && id.equals(call.caller().participant())) {
      // Suspending yourself locks the last admin out as easily as any other: refuse the footgun.
      throw ApiException.badRequest("invalid_participant", "id", "an admin cannot suspend itself");
    }
    Participant p = call.exchange().administration().setSuspended(call.caller(), id, suspended);
    call.ok(json -> writeParticipant(json, p));
  }

  static void createKey(Call call) throws Exception {
    Participants.NewKey key = call.exchange().administration().createKey(call.caller(), call.path("id"));
    call.json(201, json -> {
      json.writeStartObject();
      json.writeStringField("participant", key.participant());
      json.writeStringField("key_id", key.keyId());
      json.writeStringField("key", key.secret());
      json.writeStringField("note", "The key is shown once; only its hash is kept.");
      json.writeEndObject();
    });
  }

  static void revokeKey(Call call) throws Exception {
    boolean revoked = call.exchange().administration().revokeKey(call.caller(), call.path("id"), call.path("key_id"));
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("key_id", call.path("key_id"));
      json.writeBooleanField("revoked", true);
      json.writeBooleanField("changed", revoked);
      json.writeEndObject();
    });
  }

  static void writeParticipant(JsonGenerator json, Participant p) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", p.id());
    json.writeStringField("name", p.displayName());
    json.writeArrayFieldStart("roles");
    List<String> roles = new ArrayList<>();
    for (Role r : p.roles()) {
      roles.add(r.label());
    }
    roles.sort(null);
    for (String r : roles) {
      json.writeString(r);
    }
    json.writeEndArray();
    json.writeBooleanField("suspended", p.suspended());
    json.writeStringField("created", p.created().toString());
    json.writeArrayFieldStart("keys");
    for (Participant.ApiKeyInfo k : p.keys()) {
      json.writeStartObject();
      json.writeStringField("key_id", k.keyId());
      json.writeStringField("created", k.created().toString());
      if (k.revoked() != null) {
        json.writeStringField("revoked", k.revoked().toString());
      }
      json.writeBooleanField("active", k.active());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
