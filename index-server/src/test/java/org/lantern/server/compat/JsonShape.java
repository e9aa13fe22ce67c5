package org.lantern.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a JSON answer against a shape fixture: objects must have exactly the fixture's field
 * names (a single field {@code "*"} stands for any names, each value of that shape); arrays hold
 * elements of the fixture's first element's shape (an empty fixture array: the answer's must be
 * empty); leaves are type markers: {@code "<int>"}, {@code "<string>"}, {@code "<digits>"} (a
 * string of decimal digits, as HMA writes distances), {@code "<hex64>"}, {@code "<bool>"},
 * {@code "<null>"}, {@code "<string|null>"}; any other leaf must be equal.
 */
final class JsonShape {
  private JsonShape() {}

  /** Empty when {@code actual} has the shape, else the first difference with its path. */
  static String mismatch(JsonNode shape, JsonNode actual) {
    return check(shape, actual, "$");
  }

  private static String check(JsonNode shape, JsonNode actual, String path) {
    if (shape.isObject()) {
      if (!actual.isObject()) {
        return path + ": expected an object, got " + actual;
      }
      if (shape.size() == 1 && shape.has("*")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String m = check(shape.get("*"), e.getValue(), path + "." + e.getKey());
          if (!m.isEmpty()) {
            return m;
          }
        }
        return "";
      }
      TreeSet<String> expected = new TreeSet<>();
      shape.fieldNames().forEachRemaining(expected::add);
      TreeSet<String> got = new TreeSet<>();
      actual.fieldNames().forEachRemaining(got::add);
      if (!expected.equals(got)) {
        return path + ": expected fields " + expected + ", got " + got;
      }
      for (String name : expected) {
        String m = check(shape.get(name), actual.get(name), path + "." + name);
        if (!m.isEmpty()) {
          return m;
        }
      }
      return "";
    }
    if (shape.isArray()) {
      if (!actual.isArray()) {
        return path + ": expected an array, got " + actual;
      }
      if (shape.isEmpty()) {
        return actual.isEmpty() ? "" : path + ": expected an empty array, got " + actual;
      }
      for (int i = 0; i < actual.size(); i++) {
        String m = check(shape.get(Math.min(i, shape.size() - 1)), actual.get(i), path + "[" + i + "]");
        if (!m.isEmpty()) {
          return m;
        }
      }
      return "";
    }
    String marker = shape.asText();
    boolean ok = switch (marker) {
      case "<int>" -> actual.isIntegralNumber();
      case "<string>" -> actual.isTextual();
      case "<digits>" -> actual.isTextual() && actual.asText().matches("[0-9]+");
      case "<hex64>" -> actual.isTextual() && actual.asText().matches("[0-9a-f]{64}");
      case "<bool>" -> actual.isBoolean();
      case "<null>" -> actual.isNull();
      case "<string|null>" -> actual.isNull() || actual.isTextual();
      default -> shape.equals(actual);
    };
    return ok ? "" : path + ": expected " + marker + ", got " + actual;
  }
}
