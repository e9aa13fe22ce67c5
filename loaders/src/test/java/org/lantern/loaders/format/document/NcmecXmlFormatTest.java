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

class NcmecXmlFormatTest {
  private static final NcmecXmlFormat FORMAT = new NcmecXmlFormat();

  private static final String IMAGE1_NOTE =
      "NCMEC image image1; member 42 (Example Member); classification A1; timestamp 2017-10-24T15:00:00Z";
  private static final String VIDEO1_NOTE = "NCMEC video video1; member 42 (Example Member); timestamp 2017-10-24T15:00:00Z";

  /** Every record of entries.xml, in order. */
  private static final List<String> ENTRIES = List.of(
      "submit 4 md5 " + "a1".repeat(16) + " note=" + IMAGE1_NOTE + " categories=null",
      "submit 4 sha1 " + "a1".repeat(20) + " note=" + IMAGE1_NOTE + " categories=null",
      "unsupported 4 photodna",
      "submit 4 pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 note=" + IMAGE1_NOTE
          + " categories=null",
      "rejected 21 <deletedImage> 'image4' lists no <fingerprints>: NCMEC names a deleted entry by its id alone,"
          + " and Lantern retracts by hash value; retract the hashes of entry image4 of member 43 by value",
      "retract 26 md5 " + "b2".repeat(16),
      "submit 33 md5 " + "b1".repeat(16) + " note=" + VIDEO1_NOTE + " categories=null",
      "submit 33 sha1 " + "b1".repeat(20) + " note=" + VIDEO1_NOTE + " categories=null",
      "unsupported 33 tmk-pdqf",
      "retract 43 md5 " + "c3".repeat(16));

  @TempDir Path tmp;

  @Test
  void shouldTurnEachFingerprintIntoOneRecordAtTheLineOfItsEntry() throws Exception {
    List<SourceRecord> records = readAll(FORMAT, sample("ncmec-xml", "entries.xml"));

    assertThat(describe(records)).containsExactlyElementsOf(ENTRIES);
    assertThat(records.get(0).original()).isEqualTo("<image><member id=\"42\">Example Member</member>"
        + "<timestamp>2017-10-24T15:00:00Z</timestamp><id>image1</id><classification>A1</classification>"
        + "<fingerprints><md5>A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1</md5><sha1>" + "a1".repeat(20) + "</sha1>"
        + "<pdna>AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=</pdna>"
        + "<pdq>f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22</pdq></fingerprints>"
        + "<feedback lastUpdateTimestamp=\"2023-06-01T12:48:14Z\"><affirmativeFeedback type=\"Md5\""
        + " lastUpdateTimestamp=\"2023-06-01T12:48:14Z\"><members timestamp=\"2023-06-01T12:48:14Z\">"
        + "<member id=\"42\">Example Member</member></members></affirmativeFeedback></feedback></image>");
    assertThat(records.get(3).original()).isEqualTo(records.get(0).original());
    assertThat(records.get(4).original()).isEqualTo("<deletedImage><member id=\"43\">Example Member2</member>"
        + "<id>image4</id><timestamp>2017-10-24T15:10:00Z</timestamp></deletedImage>");
    assertThat(records.get(8).original()).contains("<tmk-pdqf rel=\"self\" href=\"/v2/entries/1/fingerprints/TMK_PDQF\"/>");
  }

  @Test
  void shouldRejectBadFingerprintsAndUnknownEntriesAndGoOn() throws Exception {
    assertThat(read(FORMAT, sample("ncmec-xml", "malformed-records.xml")).described()).containsExactly(
        "rejected 4 <image> 'bad-hex' <fingerprints>/<md5> is not hex: 'z' at position 1; expected 32 hex digits (md5)",
        "rejected 4 <image> 'bad-hex' <fingerprints>/<sha1> is missing or empty; expected 40 hex digits (sha1)",
        "rejected 9 <image> 'no-fingerprints' has no <fingerprints>; expected at least one of md5, sha1, pdq, pdna",
        "rejected 13 unexpected <imageEntry> in <images>; expected <image> or <deletedImage>",
        "rejected 14 <image> 'short-pdq' <fingerprints>/<pdq> has 16 characters; expected 64 hex digits (pdq)",
        "submit 18 sha1 0123456789abcdef0123456789abcdef01234567 note=NCMEC image good; member 7 (Member Seven)"
            + " categories=null");
  }

  @Test
  void xmlWithEntitiesShouldReadPredefinedEntitiesCharacterReferencesAndCdata() throws Exception {
    List<SourceRecord> records = readAll(FORMAT, sample("ncmec-xml", "entities.xml"));

    String note = "NCMEC image entity&id; member 9 (Smith & Sons <Trust> \"Safety\" 'Team' caf\u00e9 \u263a);"
        + " classification Apparent Child Pornography";
    assertThat(describe(records)).containsExactly(
        "submit 4 md5 " + "a1".repeat(16) + " note=" + note + " categories=[csam]",
        "submit 4 sha1 " + "d1".repeat(20) + " note=" + note + " categories=[csam]");
    assertThat(records.get(0).original())
        .contains("<member id=\"9\">Smith &amp; Sons &lt;Trust&gt; \"Safety\" 'Team' caf\u00e9 \u263a</member>")
        .contains("<id>entity&amp;id</id>")
        .doesNotContain("comment");
  }

  @Test
  void shouldMapOnlyAClassificationThatSaysCsamInWords() {
    assertThat(NcmecClassification.categories("Apparent Child Pornography")).containsExactly("csam");
    assertThat(NcmecClassification.categories("CSAM")).containsExactly("csam");
    assertThat(NcmecClassification.categories("A1")).isNull();
    assertThat(NcmecClassification.categories("B2")).isNull();
    assertThat(NcmecClassification.categories("Not child pornography")).isNull();
    assertThat(NcmecClassification.categories("non-CSAM")).isNull();
    assertThat(NcmecClassification.categories(null)).isNull();
  }

  @Test
  void shouldReadAByteOrderMarkAndCrlfLineEnds() throws Exception {
    assertThat(read(FORMAT, sample("ncmec-xml", "bom-crlf.xml")).described()).containsExactly(
        "submit 4 md5 " + "f1".repeat(16) + " note=NCMEC video crlf-video; member 5 (Caf\u00e9 Member) categories=null");
  }

  @Test
  void emptyDocumentShouldGiveNoRecords() throws Exception {
    DocumentSamples.Read read = read(FORMAT, sample("ncmec-xml", "empty.xml"));
    assertThat(read.failure()).isNull();
    assertThat(read.records()).isEmpty();
  }

  @Test
  void emptyFileShouldFailAsNoDocument() throws Exception {
    Path empty = Files.write(tmp.resolve("empty-file.xml"), new byte[0]);
    DocumentSamples.Read read = read(FORMAT, empty);
    assertThat(read.records()).isEmpty();
    assertThat(read.failure()).hasMessageStartingWith(empty + ": not well-formed XML at line 1");
  }

  @Test
  void documentThatStopsBeingWellFormedShouldFailWhereItBreaksAfterTheRecordsBefore() throws Exception {
    Path file = sample("ncmec-xml", "not-well-formed.xml");
    DocumentSamples.Read read = read(FORMAT, file);

    assertThat(read.described()).containsExactly(
        "submit 4 md5 " + "e1".repeat(16) + " note=NCMEC image first categories=null");
    assertThat(read.failure()).hasMessageStartingWith(file + ": not well-formed XML at line 9, column ")
        .hasMessageContaining("element type \"id\"");
  }

  @Test
  void doctypeShouldBeRefusedSoNoEntityIsEverExpanded() throws Exception {
    Path file = sample("ncmec-xml", "xxe.xml");
    DocumentSamples.Read read = read(FORMAT, file);

    assertThat(read.records()).isEmpty();
    assertThat(read.failure()).hasMessage(file + ": line 4: a <!DOCTYPE> is not accepted (DTDs and entity declarations"
        + " are refused for safety; NCMEC documents have none)");
  }

  @Test
  void billionLaughsShouldBeRefusedBeforeAnyExpansion() throws Exception {
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      doc.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    doc.append("]>\n<queryResult><images><image><id>&lol9;</id></image></images></queryResult>\n");
    Path file = Files.writeString(tmp.resolve("lolz.xml"), doc);

    DocumentSamples.Read read = read(FORMAT, file);
    assertThat(read.records()).isEmpty();
    assertThat(read.failure()).hasMessageContaining("a <!DOCTYPE> is not accepted");
  }

  @Test
  void undeclaredEntityShouldBeAWellFormednessError() throws Exception {
    Path file = Files.writeString(tmp.resolve("undeclared.xml"),
        "<queryResult>\n<images>\n<image><id>&nbsp;</id></image>\n</images>\n</queryResult>\n");
    DocumentSamples.Read read = read(FORMAT, file);
    assertThat(read.records()).isEmpty();
    assertThat(read.failure()).hasMessageStartingWith(file + ": not well-formed XML at line 3").hasMessageContaining("nbsp");
  }

  @Test
  void entryStraightUnderTheRootShouldBeReadToo() throws Exception {
    Path file = Files.writeString(tmp.resolve("flat.xml"), "<queryResult>\n<paging/>\n"
        + "<video><id>v9</id><fingerprints><md5>" + "ab".repeat(16) + "</md5></fingerprints></video>\n</queryResult>\n");
    assertThat(read(FORMAT, file).described()).containsExactly(
        "submit 3 md5 " + "ab".repeat(16) + " note=NCMEC video v9 categories=null");
  }

  /**
   * The JDK counts even "&amp;" and character references towards its per-document entity limit
   * (50 million by default, here set to 100 for the JVM); the reader lifts it, as no reference
   * can expand with DTDs refused.
   */
  @Test
  void manyPredefinedEntitiesShouldNotHitTheJdkEntityLimit() throws Exception {
    String property = "jdk.xml.totalEntitySizeLimit";
    String before = System.getProperty(property);
    System.setProperty(property, "100");
    try {
      String name = "A&amp;B&#233;".repeat(1_000);
      Path file = Files.writeString(tmp.resolve("many-entities.xml"), "<queryResult><images><image><member id=\"1\">"
          + name + "</member><id>x</id><fingerprints><md5>" + "cd".repeat(16) + "</md5></fingerprints></image>"
          + "</images></queryResult>\n");
      DocumentSamples.Read read = read(FORMAT, file);
      assertThat(read.failure()).isNull();
      assertThat(read.records()).hasSize(1);
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  @Test
  void otherRootElementShouldBeRefusedAtOnce() throws Exception {
    Path file = sample("ncmec-xml", "status.xml");
    DocumentSamples.Read read = read(FORMAT, file);
    assertThat(read.records()).isEmpty();
    assertThat(read.failure()).hasMessage(file + ": line 2: the root element is <status>; expected NCMEC's"
        + " <queryResult> (a response of the hash-sharing entries endpoint)");
  }

  @Test
  void gzipCopyShouldReadIdentically() throws Exception {
    Path plain = sample("ncmec-xml", "entries.xml");
    List<SourceRecord> expected = readAll(FORMAT, plain);
    assertThat(readAll(FORMAT, gzip(tmp, plain))).isEqualTo(expected);
  }

  @Test
  void truncatedGzipShouldFailSayingSoAfterTheEntriesBeforeTheCut() throws Exception {
    byte[] content = Files.readAllBytes(sample("ncmec-xml", "entries.xml"));
    String text = new String(content, StandardCharsets.UTF_8);
    int keep = text.indexOf("</deletedImage>\n") + "</deletedImage>\n".length(); // after image4, before image5

    Path cut = gzipCut(tmp, "cut.xml.gz", content, keep);
    DocumentSamples.Read read = readWithoutHead(FORMAT, cut);

    assertThat(read.described()).containsExactlyElementsOf(ENTRIES.subList(0, 5));
    assertTruncated(read.failure(), cut);
  }

  /** Thousands of entries, well past every buffer: all read in order, and a cut loses none before it. */
  @Test
  void largeDocumentShouldStreamEveryEntryAndACutShouldKeepAllBeforeIt() throws Exception {
    SplittableRandom random = TestSeeds.random("ncmec-large");
    HexFormat hex = HexFormat.of();
    StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n<images>\n");
    List<String> expected = new ArrayList<>();
    int cutAfter = 2_500;
    int keep = 0;
    for (int i = 1; i <= 3_000; i++) {
      byte[] md5 = new byte[16];
      random.nextBytes(md5);
      String value = hex.formatHex(md5);
      doc.append("<image><id>e").append(i).append("</id><fingerprints><md5>").append(value)
          .append("</md5></fingerprints></image>\n");
      expected.add("submit " + (i + 3) + " md5 " + value + " note=NCMEC image e" + i + " categories=null");
      if (i == cutAfter) {
        keep = doc.length(); // ASCII: characters are bytes
      }
    }
    doc.append("</images>\n</queryResult>\n");
    byte[] content = doc.toString().getBytes(StandardCharsets.US_ASCII);
    Path whole = Files.write(tmp.resolve("large.xml"), content);

    assertThat(describe(readAll(FORMAT, gzip(tmp, whole)))).as(TestSeeds.describe()).isEqualTo(expected);
    Path cutFile = gzipCut(tmp, "large-cut.xml.gz", content, keep);
    DocumentSamples.Read cut = readWithoutHead(FORMAT, cutFile);
    assertThat(cut.described()).as(TestSeeds.describe()).isEqualTo(expected.subList(0, cutAfter));
    assertTruncated(cut.failure(), cutFile);
  }
}
