package org.lantern.loaders.format.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON record read into plain Java values, for the converters, and written back compactly,
 * for {@link org.lantern.loaders.format.SourceRecord#original()}: objects are {@code
 * LinkedHashMap<String, Object>} (field order kept), arrays {@code List<Object>}, strings {@code
 * String}, numbers {@link Num} (the source text, so the original round-trips digit for digit),
 * booleans {@code Boolean}, and JSON {@code null} is {@link #NULL} (so that "absent" and "null"
 * differ).
 *
 * <p><b>Memory.</b> Only one record is ever held. {@link #read} charges every token to a {@link
 * Budget}; a record above {@link #MAX_RECORD_CHARS} throws {@link TooLarge} instead of growing,
 * so a hostile input cannot make the reader hold more than about that much.
 *
 * <p>Thread-safety: stateless; the parser and budget belong to the caller.
 */
final class JsonTree {
  /** Largest record read, in characters of its JSON (roughly); a hash record is a few hundred. */
  static final int MAX_RECORD_CHARS = 1 << 20;

  /** JSON {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final JsonFactory WRITER = new JsonFactory();

  /** A JSON number as written in the input. */
  record Num(String text) {}

  /** What is left of a record's allowance of characters. */
  static final class Budget {
    private long left = MAX_RECORD_CHARS;

    void charge(int chars) throws TooLarge {
      left -= chars;
      if (left < 0) {
        throw new TooLarge();
      }
    }
  }

  /** A record is larger than {@link #MAX_RECORD_CHARS}; the parser is somewhere inside it. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("larger than " + MAX_RECORD_CHARS + " characters", null, false, false);
    }
  }

  private JsonTree() {}

  /** Reads the value starting at the parser's current token, up to and including its last token. */
  static Object read(JsonParser p, Budget budget) throws IOException, TooLarge {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          budget.charge(name.length() + 4);
          p.nextToken();
          object.put(name, read(p, budget));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          budget.charge(1);
          array.add(read(p, budget));
        }
        return array;
      }
      case VALUE_STRING -> {
        budget.charge(p.getTextLength() + 2);
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        budget.charge(p.getTextLength());
        return new Num(p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        budget.charge(5);
        return token == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        budget.charge(4);
        return NULL;
      }
      default -> throw new IllegalStateException("not at the start of a value: " + token);
    }
  }

  /**
   * Moves the parser to the last token of the container whose own nesting depth is {@code depth}
   * (the depth the parser reported right after its start token), from anywhere inside it.
   */
  static void skipToEnd(JsonParser p, int depth) throws IOException {
    while (!(isEnd(p.currentToken()) && p.getParsingContext().getNestingDepth() == depth - 1)) {
      if (p.nextToken() == null) {
        return; // the parser reports the unclosed container itself
      }
    }
  }

  private static boolean isEnd(JsonToken token) {
    return token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
  }

  /** "a string", "an array", ... for messages about a value of the wrong kind. */
  static String kind(Object value) {
    if (value instanceof String) {
      return "a string";
    } else if (value instanceof Num) {
      return "a number";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof List) {
      return "an array";
    } else {
      return "null";
    }
  }

  /** "a string", "an array", ... for a token at the start of a value. */
  static String kind(JsonToken token) {
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

  /** The value as compact JSON text. */
  static String write(Object value) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = WRITER.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Map<?, ?> object) {
      g.writeStartObject();
      for (Map.Entry<?, ?> field : object.entrySet()) {
        g.writeFieldName((String) field.getKey());
        write(g, field.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> array) {
      g.writeStartArray();
      for (Object element : array) {
        write(g, element);
      }
      g.writeEndArray();
    } else if (value instanceof String text) {
      g.writeString(text);
    } else if (value instanceof Num number) {
      g.writeNumber(number.text());
    } else if (value instanceof Boolean flag) {
      g.writeBoolean(flag);
    } else {
      g.writeNull();
    }
  }
}
