package org.lantern.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON object into plain values with Jackson databind — objects as {@code
 * LinkedHashMap<String, Object>} (field order kept), arrays as {@code List<Object>}, strings,
 * whole numbers as {@link BigInteger}, other numbers as {@link BigDecimal}, booleans, and JSON
 * {@code null} as a {@code null} value (present, unlike an absent field) — and reads typed fields
 * from them with errors that name the field's path. Malformed input (bad syntax, invalid UTF-8,
 * nesting deeper than the limit, a duplicate key, text after the object) is a {@link
 * JsonInputException}, never anything else.
 *
 * <p>Callers check each object of their shape with {@link #onlyFields}: a field the shape does not
 * have is refused by name, never ignored (a misspelt {@code "visiblity"} must not silently mean
 * "everyone").
 *
 * <p>Thread-safety: immutable and thread-safe (Jackson's mapper and reader are).
 */
public final class JsonObjects {
  /** Longest number accepted, in characters: a hash is a string; a longer number is a probe. */
  public static final int MAX_NUMBER_LENGTH = 100;

  /** Request bodies of the HTTP API: our shapes nest 4 deep; the rest is someone probing the parser. */
  public static final JsonObjects REQUESTS = new JsonObjects(16);

  /** One signal per line ({@code jsonl}): a signal nests 2 deep. */
  public static final JsonObjects LINES = new JsonObjects(8);

  private final ObjectMapper mapper;
  private final ObjectReader mapReader;

  private JsonObjects(int maxDepth) {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .build())
        .build();
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
    this.mapReader = mapper.readerFor(LinkedHashMap.class);
  }

  /** The factory, for writers that want the same configuration (generators ignore read limits). */
  public JsonFactory factory() {
    return mapper.getFactory();
  }

  /** Parses the whole of {@code bytes} as one JSON object; {@code where} names it in errors ("body"). */
  public Map<String, Object> parse(byte[] bytes, String where) {
    return parse(bytes, 0, bytes.length, where);
  }

  /**
   * Parses {@code bytes[from, to)} as one JSON object. {@code where} names the input in messages
   * and is the field of its errors ("body", "line 3"); {@code null} for a line of a file, whose
   * reject names the line itself.
   */
  public Map<String, Object> parse(byte[] bytes, int from, int to, String where) {
    try (JsonParser parser = mapper.createParser(bytes, from, to - from)) {
      return object(parser, where);
    } catch (IOException e) {
      throw malformed(e, where);
    }
  }

  /** Parses {@code text} as one JSON object (see {@link #parse(byte[], int, int, String)}). */
  public Map<String, Object> parse(String text, String where) {
    try (JsonParser parser = mapper.createParser(text)) {
      return object(parser, where);
    } catch (IOException e) {
      throw malformed(e, where);
    }
  }

  private Map<String, Object> object(JsonParser parser, String where) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new JsonInputException("invalid_json", field(where), in(where) + " is empty: a JSON object was expected");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new JsonInputException("invalid_json", field(where),
          (where == null ? "expected one JSON object per line" : where + " must be a JSON object") + ", got " + kind(first));
    }
    Map<String, Object> map = mapReader.readValue(parser);
    if (parser.nextToken() != null) {
      throw new JsonInputException("invalid_json", field(where),
          "text after the JSON object" + (where == null ? "" : " in " + where) + " at column " + parser.currentLocation().getColumnNr());
    }
    return map;
  }

  private static JsonInputException malformed(IOException e, String where) {
    String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
    String column = e instanceof JsonProcessingException p && p.getLocation() != null
        ? " at column " + p.getLocation().getColumnNr() : "";
    return new JsonInputException("invalid_json", field(where),
        "not valid JSON" + (where == null ? "" : " in " + where) + column + ": " + firstLine(message));
  }

  private static String field(String where) {
    return where == null ? "line" : where;
  }

  private static String in(String where) {
    return where == null ? "the line" : where;
  }

  // -----------------------------------------------------------------------------------------------
  // Fields. A missing field reads as absent; so does JSON null, except where a method says.

  /** Refuses any field of {@code obj} that is not in {@code allowed}, naming it and the fields expected. */
  public static void onlyFields(Map<String, Object> obj, String path, Set<String> allowed) {
    for (String name : obj.keySet()) {
      if (!allowed.contains(name)) {
        String field = path(path, name);
        throw new JsonInputException("unknown_field", field,
            "unknown field '" + clip(name) + "'" + (path == null || path.isEmpty() ? "" : " in " + path)
                + " (expected " + String.join(", ", inOrder(allowed)) + ")");
      }
    }
  }

  /** A required string field. */
  public static String string(Map<String, Object> obj, String name, String path) {
    String value = optionalString(obj, name, path);
    if (value == null) {
      throw new JsonInputException("missing_field", path(path, name), path(path, name) + " is required");
    }
    return value;
  }

  /** A string field, or {@code null} when absent or JSON null. */
  public static String optionalString(Map<String, Object> obj, String name, String path) {
    Object v = obj.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(path(path, name), "a string", v);
    }
    return s;
  }

  /** An integer field within {@code [min, max]}, or {@code fallback} when absent. */
  public static int integer(Map<String, Object> obj, String name, String path, int fallback, int min, int max) {
    Object v = obj.get(name);
    if (v == null) {
      return fallback;
    }
    String field = path(path, name);
    if (!(v instanceof BigInteger i)) {
      throw wrongType(field, "a whole number", v);
    }
    if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new JsonInputException("out_of_range", field, field + " must be in " + min + ".." + max + ", got " + i);
    }
    return i.intValue();
  }

  /** A boolean field, or {@code fallback} when absent. */
  public static boolean bool(Map<String, Object> obj, String name, String path, boolean fallback) {
    Object v = obj.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw wrongType(path(path, name), "true or false", v);
    }
    return b;
  }

  /** A list field (empty when absent). */
  public static List<Object> list(Map<String, Object> obj, String name, String path) {
    Object v = obj.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw wrongType(path(path, name), "an array", v);
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) l;
    return list;
  }

  /** A list of strings (empty when absent); {@code null} items are refused. */
  public static List<String> strings(Map<String, Object> obj, String name, String path) {
    List<String> out = optionalStrings(obj, name, path, "an array");
    return out == null ? List.of() : out;
  }

  /**
   * A list of strings, or {@code null} when absent or JSON null; {@code expected} says what the
   * field must be when it is something else ("an array of strings").
   */
  static List<String> optionalStrings(Map<String, Object> obj, String name, String path, String expected) {
    Object v = obj.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> raw)) {
      throw wrongType(path(path, name), expected, v);
    }
    List<String> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof String s)) {
        throw wrongType(path(path, name) + "[" + i + "]", "a string", raw.get(i));
      }
      out.add(s);
    }
    return out;
  }

  /** An object item of a list. */
  public static Map<String, Object> objectAt(List<Object> list, int i, String field) {
    return object(list.get(i), field);
  }

  /** {@code value} as an object; {@code field} names it when it is something else. */
  public static Map<String, Object> object(Object value, String field) {
    if (!(value instanceof Map<?, ?> m)) {
      throw wrongType(field, "an object", value);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    return map;
  }

  /** An ISO-8601 UTC time field, or {@code null} when absent. */
  public static Instant time(Map<String, Object> obj, String name, String path) {
    String text = optionalString(obj, name, path);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      String field = path(path, name);
      throw new JsonInputException(
          "invalid_time", field, field + " must be an ISO-8601 UTC time such as 2027-01-01T00:00:00Z, got '" + clip(text) + "'");
    }
  }

  /** {@code path.name}, or {@code name} at the top. */
  public static String path(String path, String name) {
    return path == null || path.isEmpty() ? name : path + "." + name;
  }

  /** "{@code field} must be {@code expected}, got a number". */
  public static JsonInputException wrongType(String field, String expected, Object got) {
    return new JsonInputException("invalid_type", field, field + " must be " + expected + ", got " + kind(got));
  }

  /** "a string", "an array", ... for messages about a value of the wrong kind. */
  public static String kind(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Number) {
      return "a number";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else if (v instanceof List) {
      return "an array";
    } else if (v instanceof Map) {
      return "an object";
    } else if (v instanceof JsonToken t) {
      return switch (t) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> t.toString();
      };
    }
    return v.getClass().getSimpleName();
  }

  private static List<String> inOrder(Set<String> names) {
    return List.copyOf(names); // in the order the shape declares them
  }

  /** Client text in a message: at most 100 characters, so an error never echoes a whole body. */
  static String clip(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    int marker = line.indexOf(" (start marker at");
    if (marker >= 0) {
      line = line.substring(0, marker);
    }
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
