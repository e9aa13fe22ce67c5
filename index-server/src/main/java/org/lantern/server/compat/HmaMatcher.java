package org.lantern.server.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalMatch;
import org.lantern.core.hash.Hash;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.server.http.ApiException;
import org.lantern.server.http.Call;

/**
 * HMA's {@code /m/*} lookups: {@code raw_lookup}, {@code lookup} (GET by hash, POST by upload)
 * and {@code compare}, answered from the exchange for the calling participant — so every lookup
 * is visibility-filtered and audited exactly as on {@code /v1}, and the matches are the same.
 *
 * <p>Shapes (HMA 2.0): a match is {@code {"bank_content_id": <int>, "distance": "<string>"}};
 * {@code lookup} groups matches by bank. HMA's bank coin-flip does not apply (every bank is
 * always on: {@code seed} and {@code bypass_coinflip} are accepted and have no effect). Answers
 * hold at most {@link Exchange#MAX_LIMIT} matches per hash, nearest first.
 *
 * <p>Thread-safety: immutable.
 */
final class HmaMatcher {
  /** {@link Comparison#distance} of types without one (MD5). */
  private static final int NO_DISTANCE = -1;

  /** One {@code /m/compare} answer: HMA writes it as {@code [match, {"distance": d}]}. */
  private record Comparison(boolean match, int distance) {}

  private final int pdqThreshold;

  HmaMatcher(int pdqThreshold) {
    this.pdqThreshold = pdqThreshold;
  }

  /** {@code GET /m/raw_lookup?signal_type=&signal=[&include_distance=][&banks=]}. */
  void rawLookup(Call call) throws Exception {
    HmaSignalType type = HmaSignalType.parse(required(call, "signal_type"), "signal_type");
    String signal = required(call, "signal");
    boolean withDistance = bool(call, "include_distance");
    Set<String> banks = banks(call.query("banks"));
    Matches found = find(call, type, signal);
    ContentIds ids = ContentIds.of(call.exchange());
    call.ok(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("matches");
      for (SignalMatch m : found.matches()) {
        if (!inBanks(m, banks)) {
          continue;
        }
        long id = ids.contentId(m.signal().id());
        if (withDistance) {
          writeMatch(json, id, type.distance(m.distance()));
        } else {
          json.writeNumber(id);
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /** {@code GET /m/lookup?signal_type=&signal=[&banks=]}: matches by bank. */
  void lookup(Call call) throws Exception {
    if (call.query("url") != null) {
      throw ApiException.badRequest(
          "no_outbound_fetch", "url",
          "this exchange does not fetch URLs (no outbound requests): hash the file yourself and send signal_type and signal,"
              + " or POST the file to this path as multipart/form-data (field photo)");
    }
    String typeName = call.query("signal_type");
    String signal = call.query("signal");
    if (typeName == null || typeName.isEmpty() || signal == null || signal.isEmpty()) {
      throw ApiException.badRequest("missing_parameter", typeName == null || typeName.isEmpty() ? "signal_type" : "signal",
          "Either url or both signal and signal_type are required");
    }
    HmaSignalType type = HmaSignalType.parse(typeName, "signal_type");
    Set<String> banks = banks(call.query("banks"));
    Map<String, List<long[]>> byBank = byBank(call, type, find(call, type, signal), banks);
    call.ok(json -> writeBanks(json, type, byBank));
  }

  /** {@code POST /m/lookup} with a file in form field {@code photo}: {@code {"pdq": {<bank>: [...]}}}. */
  void lookupUpload(Call call) throws Exception {
    FormFile file = FormFile.read(call);
    String hex = HmaHasher.pdqOf(call, file);
    if (hex.isEmpty()) {
      throw ApiException.badRequest("low_quality", "photo",
          "invalid signal: the image's PDQ quality is below " + HmaHasher.MIN_QUALITY + ", so HMA does not match it");
    }
    Set<String> banks = banks(call.query("banks"));
    Map<String, List<long[]>> byBank = byBank(call, HmaSignalType.PDQ, find(call, HmaSignalType.PDQ, hex), banks);
    call.ok(json -> {
      json.writeStartObject();
      json.writeFieldName(HmaSignalType.PDQ.hmaName);
      writeBanks(json, HmaSignalType.PDQ, byBank);
      json.writeEndObject();
    });
  }

  /**
   * {@code POST /m/compare} with {@code {"pdq": [a, b], ...}}: per type {@code [match, {"distance":
   * d}]} ({@code [match, {}]} for MD5, which has no distance).
   */
  void compare(Call call) throws Exception {
    Map<String, Comparison> results;
    try {
      results = comparisons(call.jsonBody(java.util.Set.of(HmaSignalType.PDQ.hmaName, HmaSignalType.VIDEO_MD5.hmaName)));
    } catch (ApiException e) {
      call.exchange().oversight().recordOperation(call.caller(), "compare_hashes", "refused: " + e.code());
      throw e;
    }
    call.exchange().oversight().recordOperation(call.caller(), "compare_hashes", results.size() + " pairs");
    call.ok(json -> {
      json.writeStartObject();
      for (Map.Entry<String, Comparison> r : results.entrySet()) {
        json.writeArrayFieldStart(r.getKey());
        json.writeBoolean(r.getValue().match());
        json.writeStartObject();
        if (r.getValue().distance() != NO_DISTANCE) {
          json.writeNumberField("distance", r.getValue().distance());
        }
        json.writeEndObject();
        json.writeEndArray();
      }
      json.writeEndObject();
    });
  }

  private Map<String, Comparison> comparisons(Map<String, Object> body) {
    Map<String, Comparison> results = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : body.entrySet()) {
      HmaSignalType type = HmaSignalType.parse(e.getKey(), e.getKey());
      if (!(e.getValue() instanceof List<?> pair)) {
        throw ApiException.badRequest("invalid_compare", e.getKey(), "Comparison hashes for " + e.getKey() + " was not a list");
      }
      if (pair.size() != 2) {
        throw ApiException.badRequest("invalid_compare", e.getKey(), "Comparison hash list length must be exactly 2");
      }
      String left = hashText(pair.get(0), e.getKey() + "[0]");
      String right = hashText(pair.get(1), e.getKey() + "[1]");
      if (type == HmaSignalType.PDQ) {
        int distance = pdq(left, e.getKey() + "[0]").distance(pdq(right, e.getKey() + "[1]"));
        results.put(e.getKey(), new Comparison(distance <= pdqThreshold, distance));
      } else {
        results.put(e.getKey(), new Comparison(md5(left, e.getKey() + "[0]").equals(md5(right, e.getKey() + "[1]")), NO_DISTANCE));
      }
    }
    return results;
  }

  /** The exchange's matches for one hash, as the caller may see them. */
  private Matches find(Call call, HmaSignalType type, String signal) {
    try {
      return type == HmaSignalType.PDQ
          ? call.exchange().matchHash(call.caller(), type.lantern, signal, pdqThreshold, Exchange.MAX_LIMIT)
          : call.exchange().matchExact(call.caller(), type.lantern, signal, Exchange.MAX_LIMIT);
    } catch (SignalRejectedException e) {
      if ("not_found".equals(e.code())) {
        throw e;
      }
      throw ApiException.badRequest(e.code(), "signal", "invalid signal: " + e.getMessage());
    }
  }

  /** Content ids and distances by bank, banks in order of first appearance (nearest match first). */
  private static Map<String, List<long[]>> byBank(Call call, HmaSignalType type, Matches found, Set<String> banks) {
    ContentIds ids = ContentIds.of(call.exchange());
    Map<String, List<long[]>> byBank = new LinkedHashMap<>();
    for (SignalMatch m : found.matches()) {
      long id = -1;
      for (String bank : HmaBanks.of(m.signal())) {
        if (banks == null || banks.contains(bank)) {
          if (id < 0) {
            id = ids.contentId(m.signal().id());
          }
          byBank.computeIfAbsent(bank, b -> new ArrayList<>()).add(new long[] {id, m.distance()});
        }
      }
    }
    return byBank;
  }

  private static void writeBanks(JsonGenerator json, HmaSignalType type, Map<String, List<long[]>> byBank) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, List<long[]>> bank : byBank.entrySet()) {
      json.writeArrayFieldStart(bank.getKey());
      for (long[] match : bank.getValue()) {
        writeMatch(json, match[0], type.distance((int) match[1]));
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void writeMatch(JsonGenerator json, long contentId, String distance) throws IOException {
    json.writeStartObject();
    json.writeNumberField("bank_content_id", contentId);
    json.writeStringField("distance", distance);
    json.writeEndObject();
  }

  private static boolean inBanks(SignalMatch m, Set<String> banks) {
    if (banks == null) {
      return true;
    }
    for (String bank : HmaBanks.of(m.signal())) {
      if (banks.contains(bank)) {
        return true;
      }
    }
    return false;
  }

  /** HMA's {@code banks=A,B}: names as given (HMA does not trim them); absent or empty: every bank. */
  static Set<String> banks(String param) {
    if (param == null || param.isEmpty()) {
      return null;
    }
    return new LinkedHashSet<>(Arrays.asList(param.split(",")));
  }

  static String required(Call call, String name) {
    String value = call.query(name);
    if (value == null || value.isEmpty()) {
      throw ApiException.badRequest("missing_parameter", name, name + " is required");
    }
    return value;
  }

  /** A boolean query parameter as HMA's pydantic models read one; absent is false. */
  static boolean bool(Call call, String name) {
    String value = call.query(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default -> throw ApiException.badRequest("invalid_parameter", name, name + " must be true or false, got '" + clip(value) + "'");
    };
  }

  private static String hashText(Object value, String field) {
    if (!(value instanceof String s)) {
      throw ApiException.badRequest("invalid_hash", field, field + " must be a string");
    }
    return s;
  }

  private static Hash pdq(String hex, String field) {
    try {
      return Hash.parseHex(hex, 256);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid_hash", field, "Invalid pdq hash: " + e.getMessage());
    }
  }

  private static String md5(String hex, String field) {
    String lower = hex.strip().toLowerCase(Locale.ROOT);
    if (!lower.matches("[0-9a-f]{32}")) {
      throw ApiException.badRequest("invalid_hash", field, "Invalid video_md5 hash: '" + clip(hex) + "' is not 32 hex digits");
    }
    return lower;
  }

  static String clip(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
