package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.readText;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;

class GenericCsvFormatTest {
  private final GenericCsvFormat format = new GenericCsvFormat();

  private static final Map<String, String> CASE_SYSTEM =
      Map.of("value", "md5", "category", "label", "note", "comment", "expires", "until");

  @Test
  void shouldMapColumnsAndReadQuotedFields() throws Exception {
    String second = "0cc175b9c0f1b6a831c399e269772661,\"csam, grooming\",\"a comment with \"\"quotes\"\", commas\n"
        + "and a line break\",2027-06-30";
    assertRecords(read(format, "signals.csv", Samples.columns(SignalType.MD5, CASE_SYSTEM)),
        submit(5, MD5 + ",csam,plain row,2027-01-01T00:00:00Z", "md5", MD5, List.of("csam"), "plain row",
            Instant.parse("2027-01-01T00:00:00Z")),
        submit(6, second, "md5", "0cc175b9c0f1b6a831c399e269772661", List.of("csam", "grooming"),
            "a comment with \"quotes\", commas\nand a line break", Instant.parse("2027-06-30T00:00:00Z")),
        submit(8, "92eb5ffee6ae2fec3ad71c777531578f,,,", "md5", "92eb5ffee6ae2fec3ad71c777531578f"),
        rejected(9, "4a8a08f09d37b73795649038408b5f33,trade,,not-a-date", "expires (column 'until')", "'not-a-date'"));
  }

  @Test
  void shouldReadTsvWithFieldsNamedLikeSignalFieldsWithoutAMap() throws Exception {
    assertRecords(read(format, "typed.tsv", Samples.defaults()),
        submit(2, "pdq\t" + P1 + "\tcsam\tfrom triage", "pdq", P1, List.of("csam"), "from triage"),
        submit(3, "url\thttps://example.com/a,b\tgrooming\t", "url", "https://example.com/a,b", List.of("grooming"), null),
        submit(4, "keyword\t\"quoted\ttab\"\tsextortion\tx", "keyword", "quoted\ttab", List.of("sextortion"), "x"));
  }

  @Test
  void shouldRejectMalformedRowsNamingTheColumn() throws Exception {
    FormatOptions options = Samples.columns(null, Map.of("value", "hash", "type", "kind", "category", "label"));
    assertRecords(read(format, "malformed.csv", options),
        submit(2, MD5 + ",md5,csam", "md5", MD5, List.of("csam"), null),
        rejected(3, MD5 + ",md5", "the row has 2 fields, the header (line 1) has 3: no value for 'label'"),
        rejected(4, MD5 + ",md5,csam,extra", "the row has 4 fields"),
        rejected(5, ",md5,csam", "value (column 'hash') is empty"),
        rejected(6, MD5 + ",,csam", "type (column 'kind') is empty"),
        rejected(7, MD5 + ",md5,\"csam\"x", "field 3: unexpected 'x' after its closing quote"),
        rejected(8, "\"unclosed,md5,csam", "a quoted field opened on line 8 is never closed"));
  }

  /** Rows shaped like PDQ-tool or TE rows under a header row are CSV rows (detection agrees). */
  @Test
  void shouldReadRowsThatLookLikeOtherFormatsUnderAHeader() throws Exception {
    assertEveryRowLoads("pdq-with-header.csv", Samples.columns(SignalType.PDQ, Map.of("value", "hash", "note", "image")),
        "pdq", 3, 3);
    assertEveryRowLoads("digits-with-header.csv", Samples.columns(SignalType.MD5, Map.of("value", "md5", "note", "tags")),
        "md5", 2, 4);
  }

  /** Each line from {@code firstRow} on is a row: field 1 is the value, field {@code noteField} (1-based) the note. */
  private void assertEveryRowLoads(String file, FormatOptions options, String type, int firstRow, int noteField)
      throws Exception {
    List<String> lines = Files.readAllLines(Samples.path("csv", file));
    List<Object> expected = new ArrayList<>();
    for (int i = firstRow - 1; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(",");
      expected.add(submit(i + 1, lines.get(i), type, fields[0], null, fields[noteField - 1]));
    }
    assertRecords(read(format, file, options), expected.toArray());
  }

  @Test
  void shouldFallBackToTheGivenTypeForAnEmptyTypeCell() throws Exception {
    FormatOptions options = Samples.columns(SignalType.SHA1, Map.of("value", "hash", "type", "kind"));
    assertRecords(readText(format, "x.csv", "hash,kind\nabc,\ndef,md5\n", options),
        submit(2, "abc,", "sha1", "abc"),
        submit(3, "def,md5", "md5", "def"));
  }

  @Test
  void shouldStripBomAndCarriageReturns() throws Exception {
    assertRecords(read(format, "bom-crlf.csv", Samples.defaults()),
        submit(2, MD5 + ",md5", "md5", MD5),
        submit(4, "\"multi\nline\",keyword", "keyword", "multi\nline"));
  }

  @Test
  void shouldRefuseAMappingToAnAbsentHeaderNamingTheHeadersFound() {
    assertThatThrownBy(() -> read(format, "signals.csv", Samples.columns(SignalType.MD5, Map.of("value", "sha"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--map value=sha")
        .hasMessageContaining("[md5, label, comment, until]");
  }

  @Test
  void shouldRefuseAFileWithoutTypeOrValue() {
    assertThatThrownBy(() -> read(format, "signals.csv", Samples.columns(null, Map.of("value", "md5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no type column and no --type");
    assertThatThrownBy(() -> read(format, "signals.csv", Samples.type(SignalType.MD5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no value column")
        .hasMessageContaining("[md5, label, comment, until]");
    assertThatThrownBy(() -> read(format, "signals.csv", Samples.columns(SignalType.MD5, Map.of("hash", "md5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field 'hash'");
  }
}
