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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.loaders.format.SourceRecord;

class TatJsonFormatTest {
  private static final TatJsonFormat FORMAT = new TatJsonFormat();
  private static final String TAT = "note=Tech Against Terrorism hash list; ";

  /** Every record of hash-list.json, in order. */
  private static final List<String> HASH_LIST = List.of(
      "submit 2 md5 0cc175b9c0f1b6a831c399e269772661 " + TAT + "id 2819; ideology islamist; file type mp4;"
          + " created 2025-03-03 23:05:22,587; updated 2024-01-10T15:37:20Z categories=null",
      "submit 3 sha1 86f7e437faa5a7fce15d1ddcb9eaeaea377667b8 " + TAT + "id 2820; ideology far-right; file type jpg;"
          + " updated 2024-01-10T15:37:20Z categories=null",
      "submit 4 sha256 ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb " + TAT
          + "id 2821; ideology islamist; file type pdf categories=null",
      "submit 5 pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 " + TAT
          + "id 2822; ideology islamist; file type gif categories=null",
      "unsupported 6 ssdeep",
      "retract 7 md5 92eb5ffee6ae2fec3ad71c777531578f");

  @TempDir Path tmp;

  @Test
  void shouldReadEveryEntryOfTheListFile() throws Exception {
    List<SourceRecord> records = readAll(FORMAT, sample("tat-json", "hash-list.json"));

    assertThat(describe(records)).containsExactlyElementsOf(HASH_LIST);
    assertThat(records.get(2).original()).isEqualTo("{\"id\":2821,"
        + "\"hash_digest\":\"ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\","
        + "\"algorithm\":\"SHA-256\",\"ideology\":\"islamist\",\"file_type\":\"pdf\"}");
  }

  @Test
  void shouldReadApiPagesAsJsonLines() throws Exception {
    assertThat(read(FORMAT, sample("tat-json", "pages.jsonl")).described()).containsExactly(
        "submit 1 md5 0cc175b9c0f1b6a831c399e269772661 " + TAT + "id 2819; ideology islamist; file type mp4;"
            + " updated 2024-01-10T15:37:20Z categories=null",
        "retract 1 md5 92eb5ffee6ae2fec3ad71c777531578f",
        "submit 2 pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 " + TAT
            + "id 2821; ideology islamist; file type png; updated 2024-01-10T15:37:21Z categories=null");
  }

  @Test
  void shouldRejectMalformedEntriesNamingTheFieldAndGoOn() throws Exception {
    DocumentSamples.Read read = read(FORMAT, sample("tat-json", "malformed.json"));

    assertThat(read.failure()).isNull();
    assertThat(read.described()).containsExactly(
        "rejected 2 field hash_digest is missing or empty; expected 32 hex digits (md5)",
        "rejected 3 field hash_digest has 30 characters; expected 32 hex digits (md5)",
        "rejected 4 field deleted is a string; expected true or false",
        "rejected 5 field algorithm is missing; expected MD5, SHA1, SHA256 or PDQ (or another algorithm name)",
        "rejected 6 field algorithm is a number; expected a string",
        "submit 7 md5 0cc175b9c0f1b6a831c399e269772661 " + TAT + "id 6; ideology islamist categories=null",
        "rejected 8 found a number in the top-level array; expected a JSON object (a page with results, or a record)");
    assertThat(read.records().get(6).original()).isEqualTo("42");
  }

  @Test
  void shouldReadAByteOrderMarkAndCrlfLineEnds() throws Exception {
    assertThat(read(FORMAT, sample("tat-json", "bom-crlf.json")).described()).containsExactly(
        "submit 2 sha1 86f7e437faa5a7fce15d1ddcb9eaeaea377667b8 " + TAT + "id 77; ideology far-right; file type jpg"
            + " categories=null");
  }

  @Test
  void emptyListShouldGiveNoRecords() throws Exception {
    DocumentSamples.Read read = read(FORMAT, sample("tat-json", "empty.json"));
    assertThat(read.failure()).isNull();
    assertThat(read.records()).isEmpty();
  }

  @Test
  void gzipCopyShouldReadIdentically() throws Exception {
    Path plain = sample("tat-json", "hash-list.json");
    assertThat(readAll(FORMAT, gzip(tmp, plain))).isEqualTo(readAll(FORMAT, plain));
  }

  @Test
  void truncatedGzipShouldFailSayingSoAfterTheRecordsBeforeTheCut() throws Exception {
    byte[] content = Files.readAllBytes(sample("tat-json", "hash-list.json"));
    String text = new String(content, StandardCharsets.UTF_8);
    int keep = text.indexOf("\n", text.indexOf("\"id\": 2822")) + 1; // after the fourth entry

    Path cut = gzipCut(tmp, "cut.json.gz", content, keep);
    DocumentSamples.Read read = readWithoutHead(FORMAT, cut);

    assertThat(read.described()).containsExactlyElementsOf(HASH_LIST.subList(0, 4));
    assertTruncated(read.failure(), cut);
  }
}
