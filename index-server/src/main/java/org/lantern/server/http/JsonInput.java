package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lantern.json.JsonInputException;
import org.lantern.json.JsonObjects;

/**
 * The handlers' view of request bodies: the shared codec ({@link JsonObjects}, Jackson databind
 * under the API's limits) with the shapes' fields checked. Every failure is a {@link
 * JsonInputException} naming the field ({@code signals[3].type}), which the dispatcher answers as
 * a 400 with that field, never a 500. Every body object is read with the fields its shape has:
 * an unknown field is refused by name (DESIGN §7).
 *
 * <p>Thread-safety: stateless; the shared codec is thread-safe.
 */
public final class JsonInput {
  /** For writers of answers: the codec's factory. */
  static final JsonFactory FACTORY = JsonObjects.REQUESTS.factory();

  private JsonInput() {}

  /** Parses the whole body as one JSON object with only the {@code fields} of its shape. */
  public static Map<String, Object> object(byte[] body, Set<String> fields) {
    Map<String, Object> object = JsonObjects.REQUESTS.parse(body, "body");
    JsonObjects.onlyFields(object, "", fields);
    return object;
  }

  /** Parses {@code body[from, to)} as one JSON object; {@code where} names it in errors. Fields unchecked. */
  public static Map<String, Object> object(byte[] body, int from, int to, String where) {
    return JsonObjects.REQUESTS.parse(body, from, to, where);
  }

  /** The {@code i}th item of {@code list}, an object with only the {@code fields} of its shape. */
  public static Map<String, Object> objectAt(List<Object> list, int i, String field, Set<String> fields) {
    Map<String, Object> object = JsonObjects.objectAt(list, i, field);
    JsonObjects.onlyFields(object, field, fields);
    return object;
  }

  /** The fields of a shape, in the order messages list them. */
  public static Set<String> fields(String... names) {
    return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(names)));
  }

  /** A required string field. */
  public static String string(Map<String, Object> obj, String name, String path) {
    return JsonObjects.string(obj, name, path);
  }

  /** A string field, {@code null} when absent or JSON null. */
  public static String optionalString(Map<String, Object> obj, String name, String path) {
    return JsonObjects.optionalString(obj, name, path);
  }

  /** An integer field within {@code [min, max]}, or {@code fallback} when absent. */
  public static int integer(Map<String, Object> obj, String name, String path, int fallback, int min, int max) {
    return JsonObjects.integer(obj, name, path, fallback, min, max);
  }

  /** A boolean field, or {@code fallback} when absent. */
  public static boolean bool(Map<String, Object> obj, String name, String path, boolean fallback) {
    return JsonObjects.bool(obj, name, path, fallback);
  }

  /** A list field (empty when absent). */
  public static List<Object> list(Map<String, Object> obj, String name, String path) {
    return JsonObjects.list(obj, name, path);
  }

  /** A list of strings (empty when absent); {@code null} items are refused. */
  public static List<String> strings(Map<String, Object> obj, String name, String path) {
    return JsonObjects.strings(obj, name, path);
  }

  /** An ISO-8601 UTC time field, or {@code null} when absent. */
  public static Instant time(Map<String, Object> obj, String name, String path) {
    return JsonObjects.time(obj, name, path);
  }
}
