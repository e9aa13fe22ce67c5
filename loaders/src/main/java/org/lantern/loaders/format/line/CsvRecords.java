package org.lantern.loaders.format.line;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.lantern.loaders.format.SourceRecord;

/**
 * Reads RFC 4180 records from a {@link LineReader}: fields separated by one delimiter character;
 * a field that starts with {@code "} is quoted, may hold the delimiter, line breaks and doubled
 * quotes ({@code ""} for {@code "}), and must be followed by a delimiter or the end of the
 * record. A quote inside an unquoted field is kept as a character (files written by hand do
 * that; RFC 4180 does not allow it, but nothing is ambiguous about it).
 *
 * <p>A record spans lines only while a quoted field is open, so a record that runs past {@link
 * #MAX_RECORD_CHARS} (usually a closing quote that is missing) is ended there and rejected, and
 * reading goes on with the next line: memory stays bounded and one bad quote costs at most a
 * mebibyte of input, not the rest of the file. Line breaks inside a quoted field read as
 * {@code \n}, whatever the file used.
 *
 * <p>Blank lines between records are skipped, and so are {@code #} comments if asked.
 *
 * <p>Thread-safety: not thread-safe; one thread reads. {@link #fields()} is reused by the next
 * record.
 */
final class CsvRecords {
  /** Longest record, in characters, before it is cut and rejected. */
  static final int MAX_RECORD_CHARS = 1 << 20;

  private final LineReader lines;
  private final char delimiter;
  private final boolean comments;
  private final List<String> fields = new ArrayList<>();
  private final StringBuilder quoted = new StringBuilder(); // the quoted field being read
  private final StringBuilder original = new StringBuilder(); // the record's first chars, for original()
  private long line;
  private String originalText;
  private String problem;

  /** @param comments whether lines starting with {@code #} between records are skipped */
  CsvRecords(LineReader lines, char delimiter, boolean comments) {
    this.lines = lines;
    this.delimiter = delimiter;
    this.comments = comments;
  }

  /** Reads the next record; false at the end of the input. */
  boolean next() throws IOException {
    fields.clear();
    quoted.setLength(0);
    original.setLength(0);
    problem = null;
    String text;
    do {
      text = lines.next();
      if (text == null) {
        return false;
      }
      if (lines.problem() != null) {
        line = lines.number();
        originalText = SourceRecord.clip(text);
        problem = lines.problem();
        return true;
      }
    } while (Text.isSkippable(text, comments));
    line = lines.number();
    keep(text);
    long length = text.length();
    boolean open = parse(text, false);
    while (open) {
      String more = lines.next();
      if (more == null) {
        problem = "a quoted field opened on line " + line + " is never closed";
        break;
      }
      keep("\n");
      keep(more);
      if (lines.problem() != null) {
        problem = lines.problem() + " (line " + lines.number() + ", inside a quoted field opened on line " + line + ")";
        break;
      }
      length += more.length() + 1;
      if (length > MAX_RECORD_CHARS) {
        problem = "the record is longer than " + MAX_RECORD_CHARS + " characters (1 MiB): a quoted field opened on line "
            + line + " is still open on line " + lines.number() + " (a missing closing quote?)";
        break;
      }
      open = parse(more, true);
    }
    originalText = SourceRecord.clip(original.toString());
    return true;
  }

  /** The 1-based line where the current record starts. */
  long line() {
    return line;
  }

  /** The record's text, its lines joined by {@code \n}, clipped to {@link SourceRecord#MAX_ORIGINAL}. */
  String original() {
    return originalText;
  }

  /** The record's fields, when {@link #problem()} is {@code null}. */
  List<String> fields() {
    return fields;
  }

  /** Why the record cannot be split into fields, or {@code null}. */
  String problem() {
    return problem;
  }

  void close() throws IOException {
    lines.close();
  }

  /**
   * Splits a single line (a header), or returns {@code null} when a quoted field stays open at its
   * end; {@code problem[0]} receives a syntax error.
   */
  static List<String> splitLine(String text, char delimiter, String[] problem) {
    CsvRecords one = new CsvRecords(null, delimiter, false);
    if (one.parse(text, false)) {
      problem[0] = "a quoted field is not closed on this line";
      return null;
    }
    problem[0] = one.problem;
    return one.problem == null ? List.copyOf(one.fields) : null;
  }

  private void keep(String text) {
    int room = SourceRecord.MAX_ORIGINAL + 1 - original.length();
    if (room > 0) {
      original.append(text, 0, Math.min(room, text.length()));
    }
  }

  /**
   * Adds the fields of one physical line to the record.
   *
   * @param continuing whether the line starts inside a quoted field left open by the line before
   * @return true when a quoted field is still open at the end of the line
   */
  private boolean parse(String text, boolean continuing) {
    final int n = text.length();
    int i = 0;
    boolean inQuotes = continuing;
    while (true) {
      if (!inQuotes) {
        if (i < n && text.charAt(i) == '"') {
          inQuotes = true;
          i++;
        } else {
          // unquoted: up to the next delimiter, taken as a substring
          int stop = text.indexOf(delimiter, i);
          if (stop < 0) {
            fields.add(text.substring(i));
            return false;
          }
          fields.add(text.substring(i, stop));
          i = stop + 1;
          continue;
        }
      }
      i = readQuoted(text, i);
      if (i < 0) {
        quoted.append('\n');
        return true;
      }
      fields.add(quoted.toString());
      quoted.setLength(0);
      inQuotes = false;
      if (i == n) {
        return false;
      }
      if (text.charAt(i) != delimiter) {
        problem = "field " + fields.size() + ": unexpected " + Text.quote(String.valueOf(text.charAt(i)))
            + " after its closing quote (write a quote inside a quoted field as \"\")";
        return false;
      }
      i++;
    }
  }

  /** Reads quoted text from {@code from} into {@link #quoted}; the index after the closing quote, or -1. */
  private int readQuoted(String text, int from) {
    final int n = text.length();
    int chunk = from;
    for (int i = from; i < n; i++) {
      if (text.charAt(i) == '"') {
        quoted.append(text, chunk, i);
        if (i + 1 < n && text.charAt(i + 1) == '"') {
          quoted.append('"');
          i++;
          chunk = i + 1;
        } else {
          return i + 1;
        }
      }
    }
    quoted.append(text, chunk, n);
    return -1;
  }
}
