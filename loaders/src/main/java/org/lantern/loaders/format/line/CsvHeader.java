package org.lantern.loaders.format.line;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The header row of a CSV or TSV file: its column names, where it was, and the delimiter it
 * uses. Blank lines and {@code #} comment lines before it are skipped (the PDQ reference CSVs
 * start with comments); after it, {@code #} is data.
 *
 * <p>Thread-safety: immutable.
 *
 * @param names the column names, trimmed, in file order
 * @param line the 1-based line of the header
 * @param delimiter {@code ,}, {@code \t} or {@code ;}: whichever the header line holds most of
 *     outside quotes ({@code ,} when it holds none)
 */
record CsvHeader(List<String> names, long line, char delimiter) {
  private static final char[] DELIMITERS = {',', '\t', ';'};

  /**
   * Reads the header from the start of {@code lines}; {@code null} for an input with no line but
   * blanks and comments.
   *
   * @throws IllegalArgumentException when the header line cannot be read or split
   */
  static CsvHeader read(LineReader lines, String sourceName) throws IOException {
    for (String text = lines.next(); text != null; text = lines.next()) {
      if (lines.problem() != null) {
        throw new IllegalArgumentException(sourceName + ":" + lines.number() + ": header: " + lines.problem());
      }
      if (Text.isSkippable(text, true)) {
        continue;
      }
      char delimiter = delimiterOf(text);
      String[] problem = new String[1];
      List<String> names = CsvRecords.splitLine(text, delimiter, problem);
      if (names == null) {
        throw new IllegalArgumentException(sourceName + ":" + lines.number() + ": header: " + problem[0]);
      }
      return new CsvHeader(names.stream().map(String::strip).toList(), lines.number(), delimiter);
    }
    return null;
  }

  /** The delimiter of a header line: the most frequent of {@code , \t ;} outside quotes. */
  static char delimiterOf(String header) {
    int[] counts = new int[DELIMITERS.length];
    boolean inQuotes = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        inQuotes = !inQuotes;
      } else if (!inQuotes) {
        for (int d = 0; d < DELIMITERS.length; d++) {
          if (c == DELIMITERS[d]) {
            counts[d]++;
          }
        }
      }
    }
    int best = 0;
    for (int d = 1; d < DELIMITERS.length; d++) {
      if (counts[d] > counts[best]) {
        best = d;
      }
    }
    return DELIMITERS[best];
  }

  /** The index of the column called {@code name}, ignoring case, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }

  /** The column names for messages: {@code [a, b, c]}. */
  String describe() {
    return names.toString();
  }

  /**
   * The reason a row with {@code count} fields does not fit this header, naming the columns it
   * lacks; {@code null} when it fits.
   */
  String fieldCountProblem(int count) {
    if (count == names.size()) {
      return null;
    }
    if (count > names.size()) {
      return "the row has " + count + " fields, the header (line " + line + ") has " + names.size()
          + " (an unquoted field holding a '" + printable(delimiter) + "'?)";
    }
    return "the row has " + count + " fields, the header (line " + line + ") has " + names.size()
        + ": no value for " + String.join(", ", names.subList(count, names.size()).stream().map(Text::quote).toList());
  }

  private static String printable(char c) {
    return c == '\t' ? "\\t" : String.valueOf(c);
  }
}
