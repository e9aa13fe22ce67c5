package org.lantern.loaders.format.line;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code jsonl}: JSON Lines, one signal object per line in the shape the HTTP API takes:
 *
 * <pre>{"type":"pdq","value":"…","categories":["csam"],"note":"…","expires":"2027-01-01T00:00:00Z",
 * "derived_from":["…"],"visibility":"all"}</pre>
 *
 * {@code type} and {@code value} are required; the rest may be absent or {@code null}, and are
 * then filled from the command line. An explicit {@code "categories": []} or {@code "visibility":
 * "all"} is kept as written (none; every participant) and overrides it. {@code expires} also
 * takes a date ({@link Expiry}).
 *
 * <p>The fields the exchange writes about a stored signal ({@code id}, {@code contributor},
 * {@code created}, {@code updated}, {@code sequence}) are ignored, so that a signal listing can
 * be loaded again; its {@code status} is read: {@code active} loads, {@code retracted} becomes a
 * withdrawal ({@link SourceRecord.Retract}), {@code expired} is rejected. Any other field is
 * rejected by name, so that a misspelt {@code categorie} does not silently drop categories.
 *
 * <p>A line that is not one JSON object (bad syntax, a duplicate key, a field of the wrong type,
 * text after the object) is rejected with the field or the column; the next line is read as
 * usual. Blank lines are skipped; JSON has no comments, so a {@code #} line is rejected.
 *
 * <p>Thread-safety: immutable; each reader is for one thread. The parser factory is thread-safe.
 */
public final class JsonLinesFormat implements InputFormat {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(100).build())
          .build();

  private static final String FIELDS = "type, value, categories, note, expires, derived_from, visibility";

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String description() {
    return "JSON Lines: {\"type\":..,\"value\":..,\"categories\":[..],\"note\":..,\"expires\":..} per line";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    boolean named = logicalName.endsWith(".jsonl") || logicalName.endsWith(".ndjson");
    boolean objects = HeadSample.of(head, false).mostly(line -> line.startsWith("{") && line.endsWith("}"));
    if (named && objects) {
      return Scores.JSONL_NAME_AND_LINES;
    }
    return named ? Scores.JSONL_NAME : objects ? Scores.JSONL_LINES : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    return new Reader(new LineReader(content));
  }

  /** A field that cannot be read; the message names it. Cheap: no stack trace. */
  private static final class BadField extends Exception {
    private static final long serialVersionUID = 1L;

    BadField(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Reader extends LineRecordReader {
    Reader(LineReader lines) {
      super(lines, false);
    }

    @Override
    SourceRecord parse(long line, String text) {
      String original = SourceRecord.clip(text);
      try (JsonParser p = FACTORY.createParser(text)) {
        return record(p, line, original);
      } catch (BadField e) {
        return new SourceRecord.Rejected(line, original, e.getMessage());
      } catch (JsonProcessingException e) {
        return new SourceRecord.Rejected(line, original,
            "not valid JSON at column " + e.getLocation().getColumnNr() + ": " + parserMessage(e));
      } catch (IOException e) {
        return new SourceRecord.Rejected(line, original, "not valid JSON: " + e.getMessage());
      }
    }

    /** Jackson's message without the source-location suffix it adds for nested errors. */
    private static String parserMessage(JsonProcessingException e) {
      String message = String.valueOf(e.getOriginalMessage());
      for (String cut : new String[] {"\n", " (start marker at"}) {
        int at = message.indexOf(cut);
        if (at >= 0) {
          message = message.substring(0, at);
        }
      }
      return message;
    }

    private static SourceRecord record(JsonParser p, long line, String original) throws IOException, BadField {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new BadField("expected one JSON object per line, got " + describe(first));
      }
      String type = null;
      String value = null;
      String note = null;
      String status = null;
      Instant expires = null;
      List<String> categories = null;
      List<String> derivedFrom = null;
      List<String> visibility = null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        switch (name) {
          case "type" -> type = string(p, token, name);
          case "value" -> value = string(p, token, name);
          case "note" -> note = string(p, token, name);
          case "status" -> status = string(p, token, name);
          case "expires" -> expires = time(p, token);
          case "categories" -> categories = strings(p, token, name);
          case "derived_from" -> derivedFrom = strings(p, token, name);
          case "visibility" -> visibility = visibility(p, token);
          case "id", "contributor", "created", "updated", "sequence" -> p.skipChildren();
          default -> throw new BadField("unknown field " + Text.quote(name) + " (expected " + FIELDS + ")");
        }
      }
      if (p.nextToken() != null) {
        throw new BadField("text after the JSON object at column " + p.currentLocation().getColumnNr());
      }
      if (type == null) {
        throw new BadField("type is required");
      }
      if (value == null) {
        throw new BadField("value is required");
      }
      if (status != null && !status.equals("active")) {
        return switch (status) {
          case "retracted" -> new SourceRecord.Retract(line, original, type, value);
          case "expired" -> new SourceRecord.Rejected(line, original, "status: an expired signal is not loaded again");
          default -> throw new BadField("status: expected active, retracted or expired, got " + Text.quote(status));
        };
      }
      return new SourceRecord.Submit(
          line, original, new SignalSubmission(type, value, categories, note, expires, derivedFrom, visibility));
    }

    private static String string(JsonParser p, JsonToken token, String name) throws IOException, BadField {
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.VALUE_STRING) {
        throw new BadField(name + " must be a string, got " + describe(token));
      }
      return p.getText();
    }

    private static Instant time(JsonParser p, JsonToken token) throws IOException, BadField {
      String text = string(p, token, "expires");
      if (text == null) {
        return null;
      }
      Instant instant = Expiry.parse(text);
      if (instant == null) {
        throw new BadField("expires: expected " + Expiry.EXPECTED + ", got " + Text.quote(text));
      }
      return instant;
    }

    private static List<String> strings(JsonParser p, JsonToken token, String name) throws IOException, BadField {
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.START_ARRAY) {
        throw new BadField(name + " must be an array of strings, got " + describe(token));
      }
      List<String> out = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t != JsonToken.VALUE_STRING) {
          throw new BadField(name + "[" + out.size() + "] must be a string, got " + describe(t));
        }
        out.add(p.getText());
      }
      return out;
    }

    private static List<String> visibility(JsonParser p, JsonToken token) throws IOException, BadField {
      if (token == JsonToken.VALUE_STRING) {
        if (!p.getText().equals("all")) {
          throw new BadField("visibility must be \"all\" or an array of participant ids, got " + Text.quote(p.getText()));
        }
        return List.of();
      }
      if (token == JsonToken.START_ARRAY || token == JsonToken.VALUE_NULL) {
        return strings(p, token, "visibility");
      }
      throw new BadField("visibility must be \"all\" or an array of participant ids, got " + describe(token));
    }

    private static String describe(JsonToken token) {
      if (token == null) {
        return "nothing";
      }
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.toString();
      };
    }
  }
}
