package org.lantern.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.Signal;

/**
 * The signal shape of the API, {@code POST /v1/signals} and the {@code jsonl} load format alike:
 *
 * <pre>{"type":"pdq","value":"…","categories":["csam"],"note":"…","expires":"2027-01-01T00:00:00Z",
 * "derived_from":["…"],"visibility":"all"}</pre>
 *
 * {@code type} and {@code value} are required. The other fields may be absent, and then read as
 * {@code null} (none; for the loader: the command line's default). JSON {@code null} reads as
 * absent too, except for {@code visibility}: who may see a signal must be said clearly, so {@code
 * "visibility": null} and {@code "visibility": []} are refused rather than read as "everyone"
 * (DESIGN §7); everyone is {@code "all"}. A field the shape does not have is refused by name.
 *
 * <p>A {@linkplain #readListed listed} signal — one {@linkplain #writeSignal written} for {@code
 * GET /v1/signals/ID}, {@code lantern signals get} or the feed — also carries the fields the
 * exchange writes about a stored signal ({@code id, contributor, created, updated, sequence},
 * ignored when read) and its {@code status}; so a listing loads again as it was.
 *
 * <p>Thread-safety: stateless.
 */
public final class SignalJsonCodec {
  /** The fields of a submission, in the order they are written. */
  public static final Set<String> FIELDS = fields("type", "value", "categories", "note", "expires", "derived_from", "visibility");

  /** The fields of a listed signal: a submission's, what the exchange adds, and the status. */
  public static final Set<String> LISTING_FIELDS = union(FIELDS, "id", "contributor", "created", "updated", "sequence", "status");

  /** An ISO-8601 UTC instant ({@code 2027-01-01T00:00:00Z}), as the API takes it. */
  public static final Expiry ISO_INSTANT = new Expiry("an ISO-8601 UTC time such as 2027-01-01T00:00:00Z", text -> {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  });

  /**
   * How an input spells {@code expires}.
   *
   * @param expected the accepted spellings, for messages
   * @param parser the instant, or {@code null} for text that is none of them
   */
  public record Expiry(String expected, Function<String, Instant> parser) {}

  /** A listed signal: the submission it amounts to and its {@code status} ({@code null} when absent). */
  public record Listed(SignalSubmission submission, String status) {}

  private SignalJsonCodec() {}

  /** Reads a submission; {@code path} is the object's place in the body ({@code signals[3]}, or "" at the top). */
  public static SignalSubmission read(Map<String, Object> obj, String path, Expiry expiry) {
    JsonObjects.onlyFields(obj, path, FIELDS);
    return fields(obj, path, expiry);
  }

  /** Reads a submission or a listed signal (see the class comment). */
  public static Listed readListed(Map<String, Object> obj, String path, Expiry expiry) {
    JsonObjects.onlyFields(obj, path, LISTING_FIELDS);
    return new Listed(fields(obj, path, expiry), JsonObjects.optionalString(obj, "status", path));
  }

  private static SignalSubmission fields(Map<String, Object> obj, String path, Expiry expiry) {
    return new SignalSubmission(
        JsonObjects.string(obj, "type", path),
        JsonObjects.string(obj, "value", path),
        JsonObjects.optionalStrings(obj, "categories", path, "an array of strings"),
        JsonObjects.optionalString(obj, "note", path),
        expires(obj, path, expiry),
        JsonObjects.optionalStrings(obj, "derived_from", path, "an array of strings"),
        visibility(obj, path));
  }

  private static Instant expires(Map<String, Object> obj, String path, Expiry expiry) {
    String text = JsonObjects.optionalString(obj, "expires", path);
    if (text == null) {
      return null;
    }
    Instant instant = expiry.parser().apply(text);
    if (instant == null) {
      String field = JsonObjects.path(path, "expires");
      throw new JsonInputException("invalid_time", field,
          field + ": expected " + expiry.expected() + ", got '" + JsonObjects.clip(text) + "'");
    }
    return instant;
  }

  /**
   * {@code "all"} is everyone (an empty list); an array names the participants; absent is {@code
   * null} (the default). JSON {@code null}, {@code []} and any other string are refused.
   */
  private static List<String> visibility(Map<String, Object> obj, String path) {
    if (!obj.containsKey("visibility")) {
      return null;
    }
    String field = JsonObjects.path(path, "visibility");
    Object v = obj.get("visibility");
    if (v instanceof String s) {
      if (!s.equals("all")) {
        throw invalidVisibility(field, "got '" + JsonObjects.clip(s) + "'");
      }
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw invalidVisibility(field, "got " + JsonObjects.kind(v));
    }
    if (list.isEmpty()) {
      throw invalidVisibility(field, "got an empty array, which names nobody");
    }
    return JsonObjects.optionalStrings(obj, "visibility", path, "an array");
  }

  private static JsonInputException invalidVisibility(String field, String got) {
    return new JsonInputException("invalid_visibility", field,
        field + " must be \"all\" or an array of participant ids, " + got);
  }

  /**
   * Writes {@code s} as one object of a {@code POST /v1/signals} body; {@code full} false writes
   * only type and value (a retraction). Absent and empty fields are left out: the server's
   * defaults are the same (an empty visibility is everyone, which the server's default also is).
   */
  public static void write(JsonGenerator json, SignalSubmission s, boolean full) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", s.type());
    json.writeStringField("value", s.value());
    if (full) {
      strings(json, "categories", s.categories());
      if (s.note() != null) {
        json.writeStringField("note", s.note());
      }
      if (s.expires() != null) {
        json.writeStringField("expires", s.expires().toString());
      }
      strings(json, "derived_from", s.derivedFrom());
      strings(json, "visibility", s.visibility());
    }
    json.writeEndObject();
  }

  /** A stored signal with every public field: the listed shape, which {@link #readListed} reads back. */
  public static void writeSignal(JsonGenerator json, Signal s) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", s.id());
    json.writeStringField("type", s.type().label());
    json.writeStringField("value", s.value());
    json.writeStringField("contributor", s.contributor());
    writeArray(json, "categories", s.categories());
    if (!s.note().isEmpty()) {
      json.writeStringField("note", s.note());
    }
    json.writeStringField("created", s.created().toString());
    json.writeStringField("updated", s.updated().toString());
    if (s.expires() != null) {
      json.writeStringField("expires", s.expires().toString());
    }
    json.writeStringField("status", s.status().label());
    writeArray(json, "derived_from", s.derivedFrom());
    if (s.visibility().isEmpty()) {
      json.writeStringField("visibility", "all");
    } else {
      writeArray(json, "visibility", s.visibility());
    }
    if (s.sequence() > 0) {
      // The change-log position counts every participant's writes: the exchange shows it to admins
      // only (its reader view sets it to 0 for everyone else), and then it is left out.
      json.writeNumberField("sequence", s.sequence());
    }
    json.writeEndObject();
  }

  /** {@code "name": [...]}, written even when empty (a listing says "none" explicitly). */
  private static void writeArray(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String v : values) {
      json.writeString(v);
    }
    json.writeEndArray();
  }

  /** {@code "name": [...]} when there are values; nothing otherwise. */
  private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
    if (values != null && !values.isEmpty()) {
      writeArray(json, name, values);
    }
  }

  static Set<String> fields(String... names) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
  }

  private static Set<String> union(Set<String> base, String... more) {
    LinkedHashSet<String> all = new LinkedHashSet<>(base);
    all.addAll(List.of(more));
    return java.util.Collections.unmodifiableSet(all);
  }
}
