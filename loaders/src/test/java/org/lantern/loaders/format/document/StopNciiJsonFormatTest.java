package org.lantern.loaders.format.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.loaders.format.document.DocumentSamples.assertTruncated;
import static org.lantern.loaders.format.document.DocumentSamples.describe;
import static org.lantern.loaders.format.document.DocumentSamples.gzip;
import static org.lantern.loaders.format.document.DocumentSamples.gzipCut;
import static org.lantern.loaders.format.document.DocumentSamples.read;
import static org.lantern.loaders.format.document.DocumentSamples.readAll;
import static org.lantern.loaders.format.document.DocumentSamples.readWithoutHead;
import static org.lantern.loaders.format.document.DocumentSamples.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.SourceRecord;

class StopNciiJsonFormatTest {
  private static final StopNciiJsonFormat FORMAT = new StopNciiJsonFormat();

  private static final String PDQ_1 = "2afc4a5c09628a7961c14d436493bba66b89b831453baa1d556ba385554daa82";
  private static final String PDQ_2 = "9def0b7dafa86a1c90f2abd78e79ceb25ec3d1a4b3d4bc7a4354baf7717ea038";

  /** Every record of pages.json (two pages, concatenated), in order. */
  private static final List<String> PAGES = List.of(
      "submit 7 pdq " + PDQ_1 + " note=StopNCII Received; cases 2; last modified 2021-07-01T19:30:04Z categories=[ncii]",
      "submit 17 pdq " + PDQ_2 + " note=StopNCII Active; cases 1; last modified 2021-07-01T21:31:11Z; regions UK;"
          + " feedback Facebook Blocked (Nude, Objectionable) categories=[ncii]",
      "submit 26 md5 0cc175b9c0f1b6a831c399e269772661 note=StopNCII Active; last modified 2021-07-01T21:31:12Z"
          + " categories=[ncii]",
      "unsupported 35 videotmk",
      "retract 36 pdq 79e07de27d7295339435d63cd31cf35a7bfa29eb2885008500a588a5ea3ae75a",
      "retract 37 md5 92eb5ffee6ae2fec3ad71c777531578f");

  @TempDir Path tmp;

  @Test
  void shouldReadEveryRecordOfConcatenatedPages() throws Exception {
    List<SourceRecord> records = readAll(FORMAT, sample("stopncii-json", "pages.json"));

    assertThat(describe(records)).containsExactlyElementsOf(PAGES);
    assertThat(records.get(2).original()).isEqualTo("{\"lastModtimestamp\":1625175072,"
        + "\"hashValue\":\"0cc175b9c0f1b6a831c399e269772661\",\"hashStatus\":\"Active\",\"caseNumbers\":[],"
        + "\"signalType\":\"VideoMD5\"}");
  }

  @Test
  void shouldReadJsonLinesOfPagesAndOfBareRecords() throws Exception {
    assertThat(read(FORMAT, sample("stopncii-json", "pages.jsonl")).described()).containsExactly(
        "submit 1 pdq " + PDQ_1 + " note=StopNCII Active; cases 1; last modified 2021-07-01T19:30:04Z categories=[ncii]",
        "retract 2 md5 4a8a08f09d37b73795649038408b5f33",
        "submit 3 pdq 95d087d087f8f41cf00771c707f713c7675d07f8c618f00ef00f07f307e37087 note=StopNCII Active; cases 1;"
            + " last modified 2021-07-01T19:30:06Z categories=[ncii]");
  }

  @Test
  void shouldRejectMalformedRecordsNamingTheFieldAndGoOn() throws Exception {
    DocumentSamples.Read read = read(FORMAT, sample("stopncii-json", "malformed.json"));

    assertThat(read.failure()).isNull();
    assertThat(read.described()).containsExactly(
        "rejected 4 field hashValue is missing or empty; expected 64 hex digits (pdq)",
        "rejected 5 field hashValue is not hex: 'g' at position 64; expected 64 hex digits (pdq)",
        "rejected 6 field hashValue has 32 characters; expected 64 hex digits (pdq)",
        "rejected 7 field hashStatus is 'Pending'; expected Active, Received, Withdrawn, Deleted or Inactive",
        "rejected 8 field hashStatus is missing; expected Active, Received, Withdrawn, Deleted or Inactive",
        "rejected 9 field signalType is missing; expected ImagePDQ or VideoMD5 (or another StopNCII signal type)",
        "rejected 10 field hashValue is a number; expected a string",
        "rejected 11 found a string in hashRecords; expected a JSON object (a record)",
        "submit 12 md5 0cc175b9c0f1b6a831c399e269772661 note=StopNCII Active categories=[ncii]",
        "rejected 15 field hashRecords is a string; expected an array of records");
    assertThat(read.records().get(0).original()).isEqualTo("{\"hashStatus\":\"Active\",\"signalType\":\"ImagePDQ\"}");
    assertThat(read.records().get(7).original()).isEqualTo("not a record");
  }

  @Test
  void shouldReadAByteOrderMarkAndCrlfLineEnds() throws Exception {
    assertThat(read(FORMAT, sample("stopncii-json", "bom-crlf.json")).described()).containsExactly(
        "submit 4 md5 4a8a08f09d37b73795649038408b5f33 note=StopNCII Active; feedback Plateforme \u00e9t\u00e9 Blocked"
            + " categories=[ncii]");
  }

  @Test
  void emptyPageAndEmptyFileShouldGiveNoRecords() throws Exception {
    DocumentSamples.Read page = read(FORMAT, sample("stopncii-json", "empty.json"));
    assertThat(page.failure()).isNull();
    assertThat(page.records()).isEmpty();

    DocumentSamples.Read file = read(FORMAT, Files.write(tmp.resolve("empty-file.json"), new byte[0]));
    assertThat(file.failure()).isNull();
    assertThat(file.records()).isEmpty();
  }

  @Test
  void textThatIsNotJsonShouldFailWhereItBreaksAfterTheRecordsBefore() throws Exception {
    Path file = sample("stopncii-json", "not-well-formed.json");
    DocumentSamples.Read read = read(FORMAT, file);

    assertThat(read.described()).containsExactly(
        "submit 2 md5 0cc175b9c0f1b6a831c399e269772661 note=StopNCII Active categories=[ncii]");
    assertThat(read.failure()).hasMessageStartingWith(file + ": not well-formed JSON at line 3, column ")
        .hasMessageEndingWith("; the records before this point were read");
  }

  @Test
  void gzipCopyShouldReadIdentically() throws Exception {
    Path plain = sample("stopncii-json", "pages.json");
    assertThat(readAll(FORMAT, gzip(tmp, plain))).isEqualTo(readAll(FORMAT, plain));
  }

  @Test
  void truncatedGzipShouldFailSayingSoAfterTheRecordsBeforeTheCut() throws Exception {
    byte[] content = Files.readAllBytes(sample("stopncii-json", "pages.json"));
    String text = new String(content, StandardCharsets.UTF_8);
    int keep = text.indexOf("\"VideoMD5\"}\n") + "\"VideoMD5\"}\n".length(); // after the third record

    Path cut = gzipCut(tmp, "cut.json.gz", content, keep);
    DocumentSamples.Read read = readWithoutHead(FORMAT, cut);

    assertThat(read.described()).containsExactlyElementsOf(PAGES.subList(0, 3));
    assertTruncated(read.failure(), cut);
    assertThat(read.failure()).hasMessageContaining("at line 27;");
  }

  /** Thousands of records in one page, well past every buffer: all read, and a cut loses none before it. */
  @Test
  void largePageShouldStreamEveryRecordAndACutShouldKeepAllBeforeIt() throws Exception {
    SplittableRandom random = TestSeeds.random("stopncii-large");
    HexFormat hex = HexFormat.of();
    StringBuilder doc = new StringBuilder("{\"count\": 3000, \"hashRecords\": [\n");
    List<String> expected = new ArrayList<>();
    int cutAfter = 2_500;
    int keep = 0;
    for (int i = 1; i <= 3_000; i++) {
      byte[] pdq = new byte[32];
      random.nextBytes(pdq);
      String value = hex.formatHex(pdq);
      doc.append(i == 1 ? "" : ",\n").append("{\"signalType\": \"ImagePDQ\", \"hashValue\": \"").append(value)
          .append("\", \"hashStatus\": \"Active\"}");
      expected.add("submit " + (i + 1) + " pdq " + value + " note=StopNCII Active categories=[ncii]");
      if (i == cutAfter) {
        keep = doc.length();
      }
    }
    doc.append("\n]}\n");
    byte[] content = doc.toString().getBytes(StandardCharsets.US_ASCII);
    Path whole = Files.write(tmp.resolve("large.json"), content);

    assertThat(describe(readAll(FORMAT, gzip(tmp, whole)))).as(TestSeeds.describe()).isEqualTo(expected);
    Path cutFile = gzipCut(tmp, "large-cut.json.gz", content, keep);
    DocumentSamples.Read cut = readWithoutHead(FORMAT, cutFile);
    assertThat(cut.described()).as(TestSeeds.describe()).isEqualTo(expected.subList(0, cutAfter));
    assertTruncated(cut.failure(), cutFile);
  }

  @Test
  void recordLargerThanTheLimitShouldBeSkippedAndRejected() throws Exception {
    String huge = "x".repeat(org.lantern.json.JsonDocuments.MAX_RECORD_CHARS + 10);
    Path file = Files.writeString(tmp.resolve("huge.json"), "{\"hashRecords\": [\n{\"signalType\": \"VideoMD5\","
        + " \"junk\": [\"" + huge + "\"], \"more\": {\"a\": [1, 2]}},\n"
        + "{\"signalType\": \"VideoMD5\", \"hashValue\": \"0cc175b9c0f1b6a831c399e269772661\", \"hashStatus\": \"Active\"}\n]}\n");

    assertThat(read(FORMAT, file).described()).containsExactly(
        "rejected 2 the object is larger than 1048576 characters of JSON; a hash record is far smaller, so it was skipped",
        "submit 3 md5 0cc175b9c0f1b6a831c399e269772661 note=StopNCII Active categories=[ncii]");
  }
}
