package org.lantern.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the records of other people's JSON documents (the hash-list APIs the loaders read) into
 * the same plain values as {@link JsonObjects} — one record at a time, from a parser that streams
 * the document, so that a page of a million records is never held. Their fields are the source's
 * to choose: here nothing is refused for being unknown; the converters read the fields they know.
 *
 * <p><b>Memory.</b> {@link #read} charges every token of the value to a {@link Budget}; a value
 * above {@link #MAX_RECORD_CHARS} throws {@link TooLarge} instead of growing, so that a hostile
 * input cannot make the reader hold more than about that much. {@link #skipToEnd} then moves past
 * the rest of it.
 *
 * <p>Thread-safety: stateless and thread-safe; a parser and a budget belong to one thread.
 */
public final class JsonDocuments {
  /** Largest record read, in characters of its JSON (roughly); a hash record is a few hundred. */
  public static final int MAX_RECORD_CHARS = 1 << 20;

  // Documents keep Jackson's default limits (a hash list nests a few levels; the record budget
  // bounds memory), and whole numbers and decimals exactly as written.
  private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactory())
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private JsonDocuments() {}

  /** A streaming parser over a document; bytes, so that Jackson detects the encoding and skips a byte-order mark. */
  public static JsonParser parser(InputStream content) throws IOException {
    return MAPPER.createParser(content);
  }

  /** What is left of a record's allowance of characters. */
  public static final class Budget {
    private long left = MAX_RECORD_CHARS;

    /** Takes {@code chars} from the allowance; throws when it is spent. */
    public void charge(int chars) throws TooLarge {
      left -= chars;
      if (left < 0) {
        throw new TooLarge();
      }
    }
  }

  /** A record is larger than {@link #MAX_RECORD_CHARS}; the parser is somewhere inside it. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("larger than " + MAX_RECORD_CHARS + " characters");
    }
  }

  /**
   * Reads the value starting at the parser's current token, up to and including its last token:
   * objects as {@code LinkedHashMap}, arrays as lists, whole numbers as {@code BigInteger}, other
   * numbers as {@code BigDecimal}, JSON {@code null} as {@code null}.
   */
  public static Object read(JsonParser parser, Budget budget) throws IOException {
    budget.charge(cost(parser)); // the current token: the charging parser sees only the ones after it
    return MAPPER.readValue(new Charging(parser, budget), Object.class);
  }

  /**
   * Moves the parser to the last token of the container whose own nesting depth is {@code depth}
   * (the depth the parser reported right after its start token), from anywhere inside it.
   */
  public static void skipToEnd(JsonParser p, int depth) throws IOException {
    while (!(isEnd(p.currentToken()) && p.getParsingContext().getNestingDepth() == depth - 1)) {
      if (p.nextToken() == null) {
        return; // the parser reports the unclosed container itself
      }
    }
  }

  private static boolean isEnd(JsonToken token) {
    return token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
  }

  /** The value as compact JSON text (a record's original, for a reject file). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException("plain values always write", e);
    }
  }

  /** Roughly the characters of JSON the current token took. */
  private static int cost(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == null) {
      return 0;
    }
    return switch (token) {
      case FIELD_NAME -> p.currentName().length() + 4;
      case VALUE_STRING -> p.getTextLength() + 2;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getTextLength();
      case VALUE_TRUE, VALUE_FALSE -> 5;
      case VALUE_NULL -> 4;
      default -> 1;
    };
  }

  /**
   * A parser that charges each token it moves to; the read stops with {@link TooLarge}. The other
   * {@code next*} methods of {@code JsonParser} go through {@link #nextToken}.
   */
  private static final class Charging extends JsonParserDelegate {
    private final Budget budget;

    Charging(JsonParser parser, Budget budget) {
      super(parser);
      this.budget = budget;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = super.nextToken();
      budget.charge(cost(this));
      return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
      JsonToken token = super.nextValue();
      budget.charge(cost(this));
      return token;
    }
  }
}
