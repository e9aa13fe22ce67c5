package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  /** One record as read: where it starts, its fields (or problem), its original text. */
  private record Row(long line, List<String> fields, String problem, String original) {
    static Row ok(long line, String original, String... fields) {
      return new Row(line, List.of(fields), null, original);
    }
  }

  private static List<Row> rows(String text, char delimiter, boolean comments) throws IOException {
    CsvRecords records = new CsvRecords(
        new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), delimiter, comments);
    List<Row> out = new ArrayList<>();
    while (records.next()) {
      out.add(new Row(records.line(), records.problem() == null ? List.copyOf(records.fields()) : List.of(),
          records.problem(), records.original()));
    }
    return out;
  }

  @Test
  void shouldSplitPlainAndQuotedFields() throws Exception {
    assertThat(rows("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n,,\n\"\"\n5\" screen,z\n", ',', false))
        .containsExactly(
            Row.ok(1, "a,b,c", "a", "b", "c"),
            Row.ok(2, "\"x, y\",\"say \"\"hi\"\"\",", "x, y", "say \"hi\"", ""),
            Row.ok(3, ",,", "", "", ""),
            Row.ok(4, "\"\"", ""),
            Row.ok(5, "5\" screen,z", "5\" screen", "z")); // a quote inside an unquoted field is a character
  }

  @Test
  void shouldJoinLinesInsideQuotesAndNumberTheRecordByItsFirstLine() throws Exception {
    assertThat(rows("\"one\r\ntwo\n\nthree\",x\r\nnext,y\n", ',', false))
        .containsExactly(
            Row.ok(1, "\"one\ntwo\n\nthree\",x", "one\ntwo\n\nthree", "x"),
            Row.ok(5, "next,y", "next", "y"));
  }

  @Test
  void shouldSkipBlankLinesAndCommentsOnlyWhenAsked() throws Exception {
    assertThat(rows("\n# c\n a \n", ',', true)).containsExactly(Row.ok(3, " a ", " a "));
    assertThat(rows("\n# c\n", ',', false)).containsExactly(Row.ok(2, "# c", "# c"));
  }

  @Test
  void shouldReadTabsAsDelimitersWhenTold() throws Exception {
    assertThat(rows("a\tb,c\t\"d\te\"\n", '\t', false)).containsExactly(Row.ok(1, "a\tb,c\t\"d\te\"", "a", "b,c", "d\te"));
  }

  @Test
  void shouldRejectTextAfterAClosingQuoteAndGoOn() throws Exception {
    List<Row> rows = rows("\"a\"b,c\nd\n", ',', false);
    assertThat(rows.get(0).problem()).isEqualTo(
        "field 1: unexpected 'b' after its closing quote (write a quote inside a quoted field as \"\")");
    assertThat(rows.get(1)).isEqualTo(Row.ok(2, "d", "d"));
  }

  @Test
  void shouldRejectAQuoteThatNeverClosesAtTheEnd() throws Exception {
    List<Row> rows = rows("ok\n\"open,\nmore\n", ',', false);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).line()).isEqualTo(2);
    assertThat(rows.get(1).problem()).isEqualTo("a quoted field opened on line 2 is never closed");
    assertThat(rows.get(1).original()).isEqualTo("\"open,\nmore");
  }

  @Test
  void shouldCutARecordLongerThanTheLimitAndReadOnAfterIt() throws Exception {
    StringBuilder text = new StringBuilder("\"never closed\n");
    String filler = "f".repeat(999);
    while (text.length() < CsvRecords.MAX_RECORD_CHARS + 5_000) {
      text.append(filler).append('\n');
    }
    int fillerLines = (int) text.chars().filter(c -> c == '\n').count() - 1;
    text.append("after,1\n");
    List<Row> rows = rows(text.toString(), ',', false);
    Row cut = rows.get(0);
    assertThat(cut.line()).isEqualTo(1);
    assertThat(cut.problem()).contains("longer than 1048576 characters").contains("opened on line 1");
    assertThat(cut.original()).endsWith("...").hasSize(org.lantern.loaders.format.SourceRecord.MAX_ORIGINAL);
    // the lines after the cut are read as records of their own; nothing is skipped silently
    long resumed = rows.get(1).line();
    assertThat(resumed).isGreaterThan(1).isLessThanOrEqualTo(fillerLines + 1);
    assertThat(rows).hasSize(1 + (fillerLines + 1 - (int) resumed + 1) + 1);
    assertThat(rows.get(rows.size() - 1)).isEqualTo(Row.ok(fillerLines + 2, "after,1", "after", "1"));
  }

  @Test
  void shouldPickTheHeaderDelimiterOutsideQuotes() {
    assertThat(CsvHeader.delimiterOf("a,b,c")).isEqualTo(',');
    assertThat(CsvHeader.delimiterOf("a\tb\t\"c,d,e\"")).isEqualTo('\t');
    assertThat(CsvHeader.delimiterOf("md5;label")).isEqualTo(';');
    assertThat(CsvHeader.delimiterOf("value")).isEqualTo(',');
  }
}
