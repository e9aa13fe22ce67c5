package org.lantern.loaders.format.document;

import java.util.Map;
import org.lantern.json.JsonObjects;

/**
 * Typed access to the fields of a record read by {@link org.lantern.json.JsonDocuments}, with the reason a converter
 * gives when a field has the wrong kind of value.
 *
 * <p>Thread-safety: stateless.
 */
final class JsonFields {
  private JsonFields() {}

  /** The string value of {@code field}, or {@code null} when it is absent or JSON null. */
  static String text(Map<String, Object> record, String field) throws BadRecord {
    Object value = record.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return text;
    }
    throw new BadRecord("field " + field + " is " + JsonObjects.kind(value) + "; expected a string");
  }

  /** A string or number field as text (ids are numbers in some lists, strings in others); {@code null} when absent. */
  static String scalar(Map<String, Object> record, String field) throws BadRecord {
    Object value = record.get(field);
    if (value instanceof Number number) {
      return number.toString(); // BigInteger or BigDecimal: the digits as written
    }
    return text(record, field);
  }

  /** The boolean value of {@code field}, or {@code null} when it is absent or JSON null. */
  static Boolean flag(Map<String, Object> record, String field) throws BadRecord {
    Object value = record.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw new BadRecord("field " + field + " is " + JsonObjects.kind(value) + "; expected true or false");
  }
}
