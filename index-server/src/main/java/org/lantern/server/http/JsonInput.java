package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies into plain values (maps, lists, strings, numbers, booleans, {@code null})
 * with jackson-core's streaming parser, and reads typed fields from them with errors that name
 * the JSON path ({@code signals[3].type}). Any malformed input — bad syntax, invalid UTF-8,
 * nesting deeper than {@value #MAX_DEPTH}, duplicate keys, trailing data — is a 400, never a 500.
 *
 * <p>Handlers work on these small trees rather than on bound classes because every field needs
 * its own, named error, and because the server keeps to jackson-core (no databind reflection).
 *
 * <p>Thread-safety: stateless; the shared {@link JsonFactory} is thread-safe.
 */
public final class JsonInput {
  /** Deepest nesting accepted: our shapes need 4; the rest is someone probing the parser. */
  static final int MAX_DEPTH = 16;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
          .build();

  private JsonInput() {}

  /** Parses one JSON value that must be an object and the whole body. */
  public static Map<String, Object> object(byte[] body) {
    return object(body, 0, body.length, "body");
  }

  /** Parses {@code body[from, to)} as one JSON object; {@code where} names it in errors. */
  public static Map<String, Object> object(byte[] body, int from, int to, String where) {
    try (JsonParser parser = FACTORY.createParser(body, from, to - from)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ApiException.badRequest("invalid_json", where, where + " is empty: a JSON object was expected");
      }
      if (first != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("invalid_json", where, where + " must be a JSON object, got " + describe(first));
      }
      Object value = read(parser, first);
      if (parser.nextToken() != null) {
        throw ApiException.badRequest("invalid_json", where, where + " has data after the JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (IOException e) {
      // JsonParseException, invalid UTF-8, constraint violations: the client's bytes, not our fault.
      throw ApiException.badRequest("invalid_json", where, "malformed JSON in " + where + ": " + firstLine(e.getMessage()));
    }
  }

  private static Object read(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(read(p, t));
        }
        return list;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getBigIntegerValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + token);
    }
  }

  /**
   * Refuses a field not in {@code accepted}: a misspelled field must never be read as absent (a
   * {@code "visiblity"} would otherwise share a signal with everyone). 400 {@code unknown_field},
   * naming the field and the accepted ones.
   */
  public static void onlyFields(Map<String, Object> obj, String path, String... accepted) {
    for (String name : obj.keySet()) {
      if (!java.util.Arrays.asList(accepted).contains(name)) {
        throw ApiException.badRequest("unknown_field", path(path, name),
            "unknown field '" + Call.clip(name) + "'" + (path.isEmpty() ? "" : " in " + path) + "; accepted: "
                + String.join(", ", accepted));
      }
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Typed fields. A missing field or JSON null reads as absent.

  /** A required string field. */
  public static String string(Map<String, Object> obj, String name, String path) {
    String value = optionalString(obj, name, path);
    if (value == null) {
      throw ApiException.badRequest("missing_field", path(path, name), path(path, name) + " is required");
    }
    return value;
  }

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
      throw ApiException.badRequest("out_of_range", field, field + " must be in " + min + ".." + max + ", got " + i);
    }
    return i.intValue();
  }

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
    List<Object> raw = list(obj, name, path);
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
    Object v = list.get(i);
    if (!(v instanceof Map<?, ?> m)) {
      throw wrongType(field, "an object", v);
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
      throw ApiException.badRequest(
          "invalid_time", field, field + " must be an ISO-8601 UTC time such as 2027-01-01T00:00:00Z, got '" + text + "'");
    }
  }

  static String path(String path, String name) {
    return path == null || path.isEmpty() ? name : path + "." + name;
  }

  static ApiException wrongType(String field, String expected, Object got) {
    return ApiException.badRequest("invalid_type", field, field + " must be " + expected + ", got " + describe(got));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof BigInteger || v instanceof BigDecimal) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof JsonToken t) {
      return switch (t) {
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
