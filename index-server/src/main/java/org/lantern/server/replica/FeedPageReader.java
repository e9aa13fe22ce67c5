package org.lantern.server.replica;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lantern.core.exchange.FeedPage;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.SignalType;

/**
 * Reads a {@code GET /v1/updates} answer ({@code {"updates":[{"sequence","deleted","revoked",
 * "signal":{...}}],"next_cursor","more"}}) in one streaming pass, one signal object at a time, so
 * a page costs its entries and nothing more.
 *
 * <p>Unknown fields are skipped, not refused: the exchange is a trusted peer that may add fields
 * before its replicas are upgraded, and a replica that stopped at every new field would fall
 * behind. The cursor is read as text whether the exchange sends a number or a string, and never
 * interpreted. Anything structurally wrong (a missing id, an unknown type or status, a bad time)
 * is an {@link IOException} naming the entry and field: the page is not applied.
 *
 * <p>Thread-safety: stateless.
 */
final class FeedPageReader {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build()).build();

  private FeedPageReader() {}

  static FeedBatch read(InputStream in) throws IOException {
    try (JsonParser p = FACTORY.createParser(in)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, "the page");
      List<FeedPage.Entry> entries = new ArrayList<>();
      String cursor = null;
      Boolean more = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "updates" -> {
            expect(p, value, JsonToken.START_ARRAY, "updates");
            while (p.nextToken() != JsonToken.END_ARRAY) {
              entries.add(entry(p, "updates[" + entries.size() + "]"));
            }
          }
          case "next_cursor" -> {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
              throw new IOException("next_cursor: expected a string or a number, got " + value);
            }
            cursor = p.getText();
          }
          case "more" -> more = bool(p, value, "more");
          default -> p.skipChildren();
        }
      }
      if (cursor == null || more == null) {
        throw new IOException("the page has no " + (cursor == null ? "next_cursor" : "more") + ": is this a Lantern exchange's /v1/updates?");
      }
      return new FeedBatch(entries, cursor, more);
    }
  }

  private static FeedPage.Entry entry(JsonParser p, String where) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
    long sequence = 0;
    boolean deleted = false;
    boolean revoked = false;
    Signal signal = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "sequence" -> sequence = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
        case "deleted" -> deleted = bool(p, value, where + ".deleted");
        case "revoked" -> revoked = bool(p, value, where + ".revoked");
        case "signal" -> signal = signal(p, where + ".signal");
        default -> p.skipChildren();
      }
    }
    if (signal == null) {
      throw new IOException(where + ": no signal");
    }
    return new FeedPage.Entry(sequence, signal, deleted || revoked, revoked);
  }

  private static Signal signal(JsonParser p, String where) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
    String id = null;
    String type = null;
    String value = null;
    String contributor = null;
    List<String> categories = List.of();
    String note = "";
    Instant created = null;
    Instant updated = null;
    Instant expires = null;
    String status = null;
    List<String> derivedFrom = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken token = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, token, where + ".id");
        case "type" -> type = text(p, token, where + ".type");
        case "value" -> value = text(p, token, where + ".value");
        case "contributor" -> contributor = text(p, token, where + ".contributor");
        case "categories" -> categories = strings(p, token, where + ".categories");
        case "note" -> note = text(p, token, where + ".note");
        case "created" -> created = time(p, token, where + ".created");
        case "updated" -> updated = time(p, token, where + ".updated");
        case "expires" -> expires = token == JsonToken.VALUE_NULL ? null : time(p, token, where + ".expires");
        case "status" -> status = text(p, token, where + ".status");
        case "derived_from" -> derivedFrom = strings(p, token, where + ".derived_from");
        default -> p.skipChildren(); // visibility among them: a replica keeps no co-recipients
      }
    }
    if (id == null || type == null || value == null || contributor == null || created == null || status == null) {
      throw new IOException(where + ": id, type, value, contributor, created and status are required");
    }
    SignalType signalType;
    SignalStatus signalStatus;
    try {
      signalType = SignalType.fromLabel(type);
      signalStatus = SignalStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IOException(where + ": unknown type or status '" + type + "', '" + status + "'");
    }
    return new Signal(id, signalType, value, contributor, categories, note, created, updated == null ? created : updated,
        expires, signalStatus, derivedFrom, List.of(), 0);
  }

  private static void expect(JsonParser p, JsonToken got, JsonToken want, String where) throws IOException {
    if (got != want) {
      throw new IOException(where + ": expected " + want + ", got " + got + " at " + p.currentLocation().offsetDescription());
    }
  }

  private static boolean bool(JsonParser p, JsonToken token, String where) throws IOException {
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw new IOException(where + ": expected true or false, got " + token);
    }
    return token == JsonToken.VALUE_TRUE;
  }

  private static String text(JsonParser p, JsonToken token, String where) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw new IOException(where + ": expected a string, got " + token);
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken token, String where) throws IOException {
    expect(p, token, JsonToken.START_ARRAY, where);
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      out.add(text(p, t, where + "[" + out.size() + "]"));
    }
    return out;
  }

  private static Instant time(JsonParser p, JsonToken token, String where) throws IOException {
    String text = text(p, token, where);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IOException(where + ": expected an ISO-8601 time, got '" + text + "'");
    }
  }
}
