package org.lantern.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalMatch;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.exchange.TextHit;
import org.lantern.core.exchange.TextScan;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;

/**
 * Writes the exchange's answers as JSON in the shapes of DESIGN.md §5: snake_case fields,
 * ISO-8601 UTC times, lower-case hex, and the lead-not-evidence note on every match answer. The
 * command line and the HTTP API share these shapes so that a client reads both the same way.
 *
 * <p>Thread-safety: stateless.
 */
public final class SignalJson {
  private SignalJson() {}

  /** A signal with every public field. */
  public static void writeSignal(JsonGenerator json, Signal s) throws IOException {
    json.writeStartObject();
    writeSignalFields(json, s);
    json.writeEndObject();
  }

  private static void writeSignalFields(JsonGenerator json, Signal s) throws IOException {
    json.writeStringField("id", s.id());
    json.writeStringField("type", s.type().label());
    json.writeStringField("value", s.value());
    json.writeStringField("contributor", s.contributor());
    writeStrings(json, "categories", s.categories());
    if (!s.note().isEmpty()) {
      json.writeStringField("note", s.note());
    }
    json.writeStringField("created", time(s.created()));
    json.writeStringField("updated", time(s.updated()));
    if (s.expires() != null) {
      json.writeStringField("expires", time(s.expires()));
    }
    json.writeStringField("status", s.status().label());
    writeStrings(json, "derived_from", s.derivedFrom());
    if (s.visibility().isEmpty()) {
      json.writeStringField("visibility", "all");
    } else {
      writeStrings(json, "visibility", s.visibility());
    }
    if (s.sequence() > 0) {
      // The change-log position counts every participant's writes: the exchange shows it to admins
      // only (ReaderView sets it to 0 for everyone else), and then it is left out.
      json.writeNumberField("sequence", s.sequence());
    }
  }

  /** One match: the signal's identifying fields plus how it matched. */
  public static void writeMatch(JsonGenerator json, SignalMatch match) throws IOException {
    writeMatch(json, match, null);
  }

  /**
   * One match, and the image transform (rotation or mirror) whose hash matched, when an image was
   * matched with all its dihedral variants; {@code transform} {@code null} leaves it out.
   */
  public static void writeMatch(JsonGenerator json, SignalMatch match, String transform) throws IOException {
    Signal s = match.signal();
    json.writeStartObject();
    json.writeStringField("id", s.id());
    json.writeStringField("type", s.type().label());
    json.writeStringField(s.type().family() == org.lantern.core.signal.SignalType.Family.PERCEPTUAL ? "hash" : "value", s.value());
    json.writeStringField("kind", match.kind().label());
    if (match.distance() >= 0) {
      json.writeNumberField("distance", match.distance());
    }
    if (transform != null) {
      json.writeStringField("transform", transform);
    }
    writeStrings(json, "categories", s.categories());
    json.writeStringField("contributor", s.contributor());
    json.writeStringField("created", time(s.created()));
    if (match.opinions() != null) {
      json.writeStringField("opinion", match.opinions().rollup().label());
      writeOpinionCounts(json, "opinions", match.opinions());
    }
    json.writeEndObject();
  }

  /**
   * {@code "name": {"confirmed":n,"false_positive":n,"seen":n,"mine":...}}: the feedback on a
   * signal, with the asking participant's own opinion ({@code null} when it gave none).
   */
  public static void writeOpinionCounts(JsonGenerator json, String name, Opinions o) throws IOException {
    json.writeObjectFieldStart(name);
    json.writeNumberField("confirmed", o.confirmed());
    json.writeNumberField("false_positive", o.falsePositive());
    json.writeNumberField("seen", o.seen());
    if (o.mine() == null) {
      json.writeNullField("mine");
    } else {
      json.writeStringField("mine", o.mine().label());
    }
    json.writeEndObject();
  }

  /** The answer for one looked-up value: query, canonical form, matches and the note. */
  public static void writeMatches(JsonGenerator json, Matches matches) throws IOException {
    writeMatches(json, matches, true);
  }

  /**
   * As {@link #writeMatches(JsonGenerator, Matches)}; {@code withNote} false leaves the note out,
   * for the items of a list whose enclosing answer carries it once.
   */
  public static void writeMatches(JsonGenerator json, Matches matches, boolean withNote) throws IOException {
    json.writeStartObject();
    json.writeStringField("query", matches.query());
    json.writeStringField("canonical", matches.canonical());
    json.writeArrayFieldStart("matches");
    for (SignalMatch match : matches.matches()) {
      writeMatch(json, match);
    }
    json.writeEndArray();
    json.writeNumberField("suppressed", matches.suppressed());
    if (withNote) {
      json.writeStringField("note", matches.note());
    }
    json.writeEndObject();
  }

  /** The keyword hits of a text scan, with the note. */
  public static void writeTextScan(JsonGenerator json, TextScan scan) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("hits");
    for (TextHit hit : scan.hits()) {
      json.writeStartObject();
      json.writeStringField("id", hit.signal().id());
      json.writeStringField("keyword", hit.signal().value());
      json.writeNumberField("start", hit.start());
      json.writeNumberField("end", hit.end());
      writeStrings(json, "categories", hit.signal().categories());
      json.writeStringField("contributor", hit.signal().contributor());
      json.writeStringField("created", time(hit.signal().created()));
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberField("suppressed", scan.suppressed());
    json.writeStringField("note", scan.note());
    json.writeEndObject();
  }

  /** One submit result: index, id, status and, when rejected, the error object. */
  public static void writeSubmitResult(JsonGenerator json, SubmitResult result) throws IOException {
    json.writeStartObject();
    json.writeNumberField("index", result.index());
    if (result.id() != null) {
      json.writeStringField("id", result.id());
    }
    json.writeStringField("status", result.outcome().label());
    if (result.error() != null) {
      json.writeFieldName("error");
      writeErrorBody(json, result.error(), null);
    }
    json.writeEndObject();
  }

  /**
   * {@code {"code": ..., "message": ..., "field": ...}}; {@code fieldPrefix} (e.g. {@code
   * signals[3]}) is put before the exception's own field.
   */
  public static void writeErrorBody(JsonGenerator json, SignalRejectedException e, String fieldPrefix)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("code", e.code());
    json.writeStringField("message", e.getMessage());
    json.writeStringField("field", fieldPrefix == null ? e.field() : e.field() == null ? fieldPrefix : fieldPrefix + "." + e.field());
    json.writeEndObject();
  }

  private static void writeStrings(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String v : values) {
      json.writeString(v);
    }
    json.writeEndArray();
  }

  private static String time(Instant instant) {
    return instant.toString();
  }
}
