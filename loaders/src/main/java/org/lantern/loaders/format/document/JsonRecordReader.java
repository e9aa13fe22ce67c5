package org.lantern.loaders.format.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;
import org.lantern.json.JsonDocuments;
import org.lantern.json.JsonObjects;

/**
 * Streams the hash records of JSON documents in the shapes hash-list APIs return, whatever the
 * format's field names: the layout is found here, the meaning of a record in a {@link Converter}.
 *
 * <p><b>Shapes read.</b> The input is a sequence of top-level JSON values (one document, pages
 * concatenated, or JSON Lines). A top-level object with a field named {@code recordsField} (e.g.
 * StopNCII's {@code hashRecords}) is a <i>page</i>: each element of that array is a record, and
 * the page's other fields are skipped. A top-level object without it is itself a record (a JSON
 * Lines file of records). A top-level array holds pages or records, told apart the same way.
 *
 * <p><b>Memory.</b> Pages are never held: the records array is streamed element by element. A
 * record, and the fields of a top-level object before its records array, are read by {@link
 * JsonDocuments} (Jackson databind) into plain values of at most {@link
 * JsonDocuments#MAX_RECORD_CHARS}; a larger one is skipped and rejected.
 *
 * <p><b>Errors.</b> A record the converter refuses, a non-object where a record belongs, or a page
 * whose records field is not an array is {@linkplain SourceRecord.Rejected rejected} and reading
 * goes on. Text that is not JSON cannot be read past, so it ends the input with an {@link
 * IOException} naming the line and column, after every record before it; so does a truncated
 * or corrupt gzip stream.
 *
 * <p>Thread-safety: not thread-safe; one thread reads.
 */
final class JsonRecordReader implements RecordReader {
  /** Turns one record into a source record, or says why it cannot be loaded. */
  interface Converter {
    SourceRecord convert(Map<String, Object> record, long line, String original) throws BadRecord;
  }

  /** Where the parser is between two calls of {@link #next}. */
  private enum Mode {
    /** Between top-level values. */
    TOP,
    /** Inside a top-level array, between its elements. */
    TOP_ARRAY,
    /** Inside the records array of a page, between records. */
    RECORDS,
    /** In a page after its records array, before the page's end. */
    PAGE_REST
  }

  private final String source;
  private final String recordsField;
  private final Converter converter;
  private final BufferedFirstInput input;
  private final JsonParser parser;
  private Mode mode = Mode.TOP;
  private Mode pageParent = Mode.TOP; // where to return after a page ends
  private IOException failure;

  /**
   * @param source the input's name, for messages
   * @param recordsField the field of a page that holds its records
   */
  JsonRecordReader(String source, InputStream content, String recordsField, Converter converter) throws IOException {
    this.source = source;
    this.recordsField = recordsField;
    this.converter = converter;
    // Byte input, so that Jackson detects the encoding and skips a byte-order mark.
    this.input = new BufferedFirstInput(content);
    this.parser = JsonDocuments.parser(input);
  }

  @Override
  public SourceRecord next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      return step();
    } catch (IOException e) {
      failure = describe(e);
      throw failure;
    }
  }

  private SourceRecord step() throws IOException {
    while (true) {
      switch (mode) {
        case TOP -> {
          JsonToken token = parser.nextToken();
          if (token == null) {
            return null;
          }
          if (token == JsonToken.START_ARRAY) {
            mode = Mode.TOP_ARRAY;
          } else if (token == JsonToken.START_OBJECT) {
            SourceRecord record = pageOrRecord(Mode.TOP);
            if (record != null) {
              return record;
            }
          } else {
            return notAnObject(token, "at the top level", "a page with " + recordsField + ", or a record");
          }
        }
        case TOP_ARRAY -> {
          JsonToken token = parser.nextToken();
          if (token == JsonToken.END_ARRAY) {
            mode = Mode.TOP;
          } else if (token == JsonToken.START_OBJECT) {
            SourceRecord record = pageOrRecord(Mode.TOP_ARRAY);
            if (record != null) {
              return record;
            }
          } else {
            return notAnObject(token, "in the top-level array", "a page with " + recordsField + ", or a record");
          }
        }
        case RECORDS -> {
          JsonToken token = parser.nextToken();
          if (token == JsonToken.END_ARRAY) {
            mode = Mode.PAGE_REST;
          } else if (token == JsonToken.START_OBJECT) {
            return record();
          } else {
            return notAnObject(token, "in " + recordsField, "a record");
          }
        }
        case PAGE_REST -> {
          JsonToken token = parser.nextToken();
          if (token == JsonToken.END_OBJECT) {
            mode = pageParent;
          } else if (token == JsonToken.FIELD_NAME) {
            boolean records = recordsField.equals(parser.currentName());
            if (parser.nextToken() == JsonToken.START_ARRAY && records) {
              mode = Mode.RECORDS; // a second records array in one page: read it too
            } else {
              parser.skipChildren();
            }
          } else {
            throw new IllegalStateException("unexpected " + token + " in a page");
          }
        }
      }
    }
  }

  /**
   * At the start of an object that is a page or a record: returns the record (or its rejection),
   * or {@code null} after entering the page's records array.
   */
  private SourceRecord pageOrRecord(Mode parent) throws IOException {
    long line = line();
    int depth = parser.getParsingContext().getNestingDepth();
    Map<String, Object> fields = new LinkedHashMap<>();
    JsonDocuments.Budget budget = new JsonDocuments.Budget();
    try {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(recordsField)) {
          pageParent = parent;
          if (value == JsonToken.START_ARRAY) {
            mode = Mode.RECORDS;
            return null;
          }
          if (value == JsonToken.VALUE_NULL) {
            mode = Mode.PAGE_REST; // a page without records
            return null;
          }
          String kind = JsonObjects.kind(value);
          parser.skipChildren();
          mode = Mode.PAGE_REST;
          return new SourceRecord.Rejected(line, SourceRecord.clip(JsonDocuments.write(fields)),
              "field " + recordsField + " is " + kind + "; expected an array of records");
        }
        budget.charge(name.length() + 4);
        fields.put(name, JsonDocuments.read(parser, budget));
      }
    } catch (JsonDocuments.TooLarge e) {
      JsonDocuments.skipToEnd(parser, depth);
      return tooLarge(line);
    }
    return convert(fields, line);
  }

  /** At the start of an element of a records array. */
  private SourceRecord record() throws IOException {
    long line = line();
    int depth = parser.getParsingContext().getNestingDepth();
    Object tree;
    try {
      tree = JsonDocuments.read(parser, new JsonDocuments.Budget());
    } catch (JsonDocuments.TooLarge e) {
      JsonDocuments.skipToEnd(parser, depth);
      return tooLarge(line);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) tree;
    return convert(fields, line);
  }

  private SourceRecord convert(Map<String, Object> fields, long line) {
    String original = SourceRecord.clip(JsonDocuments.write(fields));
    try {
      return converter.convert(fields, line, original);
    } catch (BadRecord e) {
      return new SourceRecord.Rejected(line, original, e.getMessage());
    }
  }

  private SourceRecord notAnObject(JsonToken token, String where, String expected) throws IOException {
    long line = line();
    String original = "";
    if (token.isScalarValue()) {
      original = SourceRecord.clip(parser.getText());
    }
    parser.skipChildren();
    return new SourceRecord.Rejected(line, original,
        "found " + JsonObjects.kind(token) + " " + where + "; expected a JSON object (" + expected + ")");
  }

  private static SourceRecord tooLarge(long line) {
    return new SourceRecord.Rejected(line, "",
        "the object is larger than " + JsonDocuments.MAX_RECORD_CHARS + " characters of JSON; a hash record is far smaller, so it was skipped");
  }

  private long line() {
    return parser.currentTokenLocation().getLineNr();
  }

  private IOException describe(IOException e) {
    JsonLocation at = e instanceof StreamReadException read && read.getLocation() != null ? read.getLocation() : parser.currentLocation();
    // A failed read leaves the column undefined (the parser was between buffers): the line only.
    IOException broken = ReadFailures.ofInput(source, "line " + at.getLineNr(), e, input);
    if (broken != null) {
      return broken;
    }
    String where = "line " + at.getLineNr() + ", column " + at.getColumnNr();
    if (e instanceof StreamReadException read) {
      return new IOException(source + ": not well-formed JSON at " + where + ": " + read.getOriginalMessage()
          + "; the records before this point were read", e);
    }
    return new IOException(source + ": cannot read further at " + where + ": " + e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
