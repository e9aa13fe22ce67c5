package org.lantern.loaders.format.line;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code csv}: any CSV or TSV file with a header row, read through a column mapping ({@code --map
 * value=md5,category=label}) from signal fields to header names. The delimiter ({@code ,}, tab or
 * {@code ;}) is the one the header uses. Fields may be quoted as RFC 4180 says ({@link
 * CsvRecords}). Blank lines are skipped everywhere, {@code #} comment lines only before the
 * header.
 *
 * <p>The fields: {@code value} (required), {@code type}, {@code category} (one or more
 * categories separated by commas, semicolons, bars or spaces), {@code note}, {@code expires}
 * ({@link Expiry}). A field that {@code --map} does not name is read from the column of the same
 * name if there is one, so a file with the headers {@code type,value} needs no mapping. Without
 * a type column, every row has {@link FormatOptions#bareType()} ({@code --type}), which is then
 * required; with one, a row whose type cell is empty takes {@code --type} if given.
 *
 * <p>Errors of the whole file (a mapping naming a header that is absent, an unknown field name,
 * no value column, no type at all) are thrown by {@link #open} as {@link
 * IllegalArgumentException}s naming the headers found. Errors of a row reject that row: a field
 * count that differs from the header's, an empty value or type, an unreadable expiry.
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class GenericCsvFormat implements InputFormat {
  static final String VALUE = "value";
  static final String TYPE = "type";
  static final String CATEGORY = "category";
  static final String NOTE = "note";
  static final String EXPIRES = "expires";
  private static final List<String> FIELDS = List.of(VALUE, TYPE, CATEGORY, NOTE, EXPIRES);

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String description() {
    return "CSV/TSV with a header row; --map value=<header>[,type=..,category=..,note=..,expires=..]";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    boolean named = logicalName.endsWith(".csv") || logicalName.endsWith(".tsv");
    String first = HeadSample.of(head, true).first();
    boolean delimited = first != null && first.indexOf(CsvHeader.delimiterOf(first)) >= 0;
    if (named && delimited) {
      return Scores.CSV_NAME_AND_HEADER;
    }
    return named ? Scores.CSV_NAME : delimited ? Scores.CSV_HEADER : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    for (String field : options.columns().keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("--map: unknown field '" + field + "'; expected one of " + String.join(", ", FIELDS));
      }
    }
    LineReader lines = new LineReader(content);
    CsvHeader header = CsvHeader.read(lines, source.name());
    if (header == null) {
      return new Reader(new CsvRecords(lines, ',', false), null, Map.of(), null); // no header, no rows
    }
    Map<String, Integer> columns = columns(source, header, options);
    if (!columns.containsKey(TYPE) && options.bareType() == null) {
      throw new IllegalArgumentException(
          source.name() + ": no type column and no --type: say the type of every row with --type, or map a column "
              + "with --map type=<header> (headers: " + header.describe() + ")");
    }
    String fallbackType = options.bareType() == null ? null : options.bareType().label();
    return new Reader(new CsvRecords(lines, header.delimiter(), false), header, columns, fallbackType);
  }

  /** Field name → column index, for the fields the file has. */
  private static Map<String, Integer> columns(InputSource source, CsvHeader header, FormatOptions options) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (String field : FIELDS) {
      String mapped = options.columns().get(field);
      int index = header.indexOf(mapped != null ? mapped : field);
      if (mapped != null && index < 0) {
        throw new IllegalArgumentException(
            source.name() + ": --map " + field + "=" + mapped + ": the header (line " + header.line() + ") has no column '"
                + mapped + "'; it has " + header.describe());
      }
      if (index >= 0) {
        columns.put(field, index);
      }
    }
    if (!columns.containsKey(VALUE)) {
      throw new IllegalArgumentException(
          source.name() + ": no value column: name it with --map value=<header> (headers: " + header.describe() + ")");
    }
    return columns;
  }

  private static final class Reader implements RecordReader {
    private final CsvRecords records;
    private final CsvHeader header;
    private final int value;
    private final int type;
    private final int category;
    private final int note;
    private final int expires;
    private final String fallbackType;

    Reader(CsvRecords records, CsvHeader header, Map<String, Integer> columns, String fallbackType) {
      this.records = records;
      this.header = header;
      this.value = columns.getOrDefault(VALUE, -1);
      this.type = columns.getOrDefault(TYPE, -1);
      this.category = columns.getOrDefault(CATEGORY, -1);
      this.note = columns.getOrDefault(NOTE, -1);
      this.expires = columns.getOrDefault(EXPIRES, -1);
      this.fallbackType = fallbackType;
    }

    @Override
    public SourceRecord next() throws IOException {
      if (header == null || !records.next()) {
        return null;
      }
      long line = records.line();
      String original = records.original();
      String problem = records.problem();
      if (problem == null) {
        problem = header.fieldCountProblem(records.fields().size());
      }
      if (problem != null) {
        return new SourceRecord.Rejected(line, original, problem);
      }
      List<String> f = records.fields();
      String signal = f.get(value).strip();
      if (signal.isEmpty()) {
        return new SourceRecord.Rejected(line, original, describe(VALUE, value) + " is empty");
      }
      String label = type < 0 ? fallbackType : f.get(type).strip();
      if (label.isEmpty()) {
        if (fallbackType == null) {
          return new SourceRecord.Rejected(line, original, describe(TYPE, type) + " is empty (--type gives a default)");
        }
        label = fallbackType;
      }
      Instant expiry = null;
      if (expires >= 0 && !f.get(expires).isBlank()) {
        expiry = Expiry.parse(f.get(expires));
        if (expiry == null) {
          return new SourceRecord.Rejected(line, original,
              describe(EXPIRES, expires) + ": expected " + Expiry.EXPECTED + ", got " + Text.quote(f.get(expires).strip()));
        }
      }
      List<String> categories = category < 0 ? null : categories(f.get(category));
      String noteText = note < 0 || f.get(note).isBlank() ? null : f.get(note).strip();
      return new SourceRecord.Submit(
          line, original, new SignalSubmission(label, signal, categories, noteText, expiry, null, null));
    }

    /** "expires (column 'until')" for messages. */
    private String describe(String field, int column) {
      String name = header.names().get(column);
      return name.equalsIgnoreCase(field) ? field : field + " (column '" + name + "')";
    }

    /** The categories of a cell, split at commas, semicolons, bars and white space; null if none. */
    private static List<String> categories(String cell) {
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= cell.length(); i++) {
        if (i == cell.length() || isCategorySeparator(cell.charAt(i))) {
          if (i > start) {
            out.add(cell.substring(start, i));
          }
          start = i + 1;
        }
      }
      return out.isEmpty() ? null : out;
    }

    private static boolean isCategorySeparator(char c) {
      return c == ',' || c == ';' || c == '|' || Character.isWhitespace(c);
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }
}
