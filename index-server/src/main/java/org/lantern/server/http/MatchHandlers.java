package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalMatch;
import org.lantern.core.exchange.TextScan;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;

/**
 * {@code /v1/match/*}: look hashes, URLs, text and account identifiers up. Every answer carries
 * the lead-not-evidence note once, at its top level. Images are in {@link ImageMatchHandler}.
 *
 * <p>A malformed value in a list fails the whole request with its position ({@code
 * hashes[3]}): a lookup has no side effects, so the client can fix and resend it.
 *
 * <p>Thread-safety: stateless.
 */
final class MatchHandlers {
  /** Default matches per value, as on the command line. */
  static final int DEFAULT_LIMIT = 100;

  private MatchHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.post("/v1/match/hashes", Route.Access.PARTICIPANT, MatchHandlers::hashes),
        Route.get("/v1/match/pdq/{hex}", Route.Access.PARTICIPANT, MatchHandlers::pdq),
        Route.post("/v1/match/image", Route.Access.PARTICIPANT, ImageMatchHandler::match),
        Route.post("/v1/match/urls", Route.Access.PARTICIPANT, MatchHandlers::urls),
        Route.post("/v1/match/text", Route.Access.PARTICIPANT, MatchHandlers::text),
        Route.post("/v1/match/accounts", Route.Access.PARTICIPANT, MatchHandlers::accounts));
  }

  /** The single inline lookup: the hot path of upload pipelines. */
  static void pdq(Call call) throws Exception {
    int maxDistance = call.queryInt("max_distance", SignalType.PDQ.hashType().defaultMaxDistance(), 0, 256);
    int limit = call.queryInt("limit", DEFAULT_LIMIT, 1, Exchange.MAX_LIMIT);
    Matches m = call.exchange().matchHash(call.caller(), SignalType.PDQ, call.path("hex"), maxDistance, limit);
    call.metrics().matches(SignalType.PDQ.label(), m.matches().size());
    call.ok(json -> SignalJson.writeMatches(json, m));
  }

  static void hashes(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody("type", "hashes", "max_distance", "limit", "dihedral");
    String typeLabel = JsonInput.optionalString(body, "type", "");
    SignalType type = typeLabel == null ? SignalType.PDQ : parseType(typeLabel, "type");
    if (type.family() != SignalType.Family.PERCEPTUAL && type.family() != SignalType.Family.DIGEST) {
      throw ApiException.badRequest(
          "invalid_type", "type", "type must be a hash type (pdq, phash, dhash, md5, sha1, sha256), got '" + Call.clip(typeLabel) + "'");
    }
    if (JsonInput.bool(body, "dihedral", "", false)) {
      // The 8 rotations/mirrors are computed from the image's DCT, not from a finished hash.
      throw ApiException.badRequest(
          "dihedral_needs_image", "dihedral", "dihedral matching needs the image: POST it to /v1/match/image?dihedral=true");
    }
    int bits = type.family() == SignalType.Family.PERCEPTUAL ? type.hashType().bits() : 0;
    int maxDistance =
        JsonInput.integer(body, "max_distance", "", bits == 0 ? 0 : type.hashType().defaultMaxDistance(), 0, Math.max(bits, 0));
    int limit = JsonInput.integer(body, "limit", "", DEFAULT_LIMIT, 1, Exchange.MAX_LIMIT);
    List<String> hashes = queries(call, body, "hashes");
    Exchange exchange = call.exchange();
    List<Matches> results;
    if (bits > 0) {
      // One call for the whole list: one audit entry per request, not per hash, and a bad hash
      // refused before anything is looked up (its field is hashes[i], from the exchange).
      results = exchange.matchHashes(call.caller(), type, hashes, maxDistance, limit);
    } else {
      results = new ArrayList<>(hashes.size());
      for (int i = 0; i < hashes.size(); i++) {
        try {
          results.add(exchange.matchExact(call.caller(), type, hashes.get(i), limit));
        } catch (SignalRejectedException e) {
          throw positioned(e, "hashes", i);
        }
      }
    }
    for (Matches m : results) {
      call.metrics().matches(type.label(), m.matches().size());
    }
    call.ok(json -> writeResults(json, results));
  }

  static void urls(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody("limit", "urls");
    int limit = JsonInput.integer(body, "limit", "", DEFAULT_LIMIT, 1, Exchange.MAX_LIMIT);
    List<String> urls = queries(call, body, "urls");
    List<Matches> results = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      try {
        results.add(call.exchange().matchUrl(call.caller(), urls.get(i), limit));
      } catch (SignalRejectedException e) {
        throw positioned(e, "urls", i);
      }
      call.metrics().matches(SignalType.URL.label(), results.get(i).matches().size());
    }
    call.ok(json -> writeResults(json, results));
  }

  static void text(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody("text");
    String text = JsonInput.string(body, "text", "");
    TextScan scan = call.exchange().scanText(call.caller(), text);
    call.metrics().matches(SignalType.KEYWORD.label(), scan.hits().size());
    call.ok(json -> SignalJson.writeTextScan(json, scan));
  }

  static void accounts(Call call) throws Exception {
    Map<String, Object> body = call.jsonBody("limit", "accounts");
    int limit = JsonInput.integer(body, "limit", "", DEFAULT_LIMIT, 1, Exchange.MAX_LIMIT);
    List<Object> accounts = JsonInput.list(body, "accounts", "");
    checkCount(call, "accounts", accounts.size());
    List<Matches> results = new ArrayList<>(accounts.size());
    for (int i = 0; i < accounts.size(); i++) {
      String field = "accounts[" + i + "]";
      Map<String, Object> account = JsonInput.objectAt(accounts, i, field);
      JsonInput.onlyFields(account, field, "type", "value");
      SignalType type = parseType(JsonInput.string(account, "type", field), field + ".type");
      if (type.family() != SignalType.Family.ACCOUNT) {
        throw ApiException.badRequest("invalid_type", field + ".type", field + ".type must be email or username");
      }
      try {
        results.add(call.exchange().matchExact(call.caller(), type, JsonInput.string(account, "value", field), limit));
      } catch (SignalRejectedException e) {
        throw positioned(e, "accounts", i);
      }
      call.metrics().matches(type.label(), results.get(i).matches().size());
    }
    // Matches.query of an account lookup is already its key: the clear identifier is not echoed.
    call.ok(json -> writeResults(json, results));
  }

  /** {@code {"results":[...],"note":...}}. */
  static void writeResults(JsonGenerator json, List<Matches> results) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("results");
    for (Matches m : results) {
      SignalJson.writeMatches(json, m, false);
    }
    json.writeEndArray();
    json.writeStringField("note", Exchange.LEAD_NOTE);
    json.writeEndObject();
  }

  static void writeMatchList(JsonGenerator json, List<SignalMatch> matches) throws IOException {
    json.writeArrayFieldStart("matches");
    for (SignalMatch m : matches) {
      SignalJson.writeMatch(json, m);
    }
    json.writeEndArray();
  }

  /** The string list {@code name}, required, non-empty and within the per-request limit. */
  private static List<String> queries(Call call, Map<String, Object> body, String name) {
    if (body.get(name) == null) {
      throw ApiException.badRequest("missing_field", name, name + " is required");
    }
    List<String> values = JsonInput.strings(body, name, "");
    checkCount(call, name, values.size());
    return values;
  }

  private static void checkCount(Call call, String name, int count) {
    if (count == 0) {
      throw ApiException.badRequest("empty_list", name, name + " is empty: send at least one value");
    }
    if (count > call.limits().maxQueries()) {
      throw ApiException.tooLarge(
          "too_many_values", name, name + " holds " + count + " values; at most " + call.limits().maxQueries() + " per request");
    }
  }

  static SignalType parseType(String label, String field) {
    try {
      return SignalType.fromLabel(label);
    } catch (SignalRejectedException e) {
      throw ApiException.badRequest(e.code(), field, e.getMessage());
    }
  }

  /** The core's rejection of one list item, with the item's position as the field. */
  private static ApiException positioned(SignalRejectedException e, String list, int i) {
    String field = list + "[" + i + "]";
    if ("value".equals(e.field()) || e.field() == null) {
      return ApiException.badRequest(e.code(), field, field + ": " + e.getMessage());
    }
    // limit and max_distance are request-level fields: keep their own name
    return ApiException.badRequest(e.code(), e.field(), e.getMessage());
  }
}
