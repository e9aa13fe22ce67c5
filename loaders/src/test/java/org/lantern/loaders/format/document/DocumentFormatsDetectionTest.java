package org.lantern.loaders.format.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.loaders.format.document.DocumentSamples.gzip;
import static org.lantern.loaders.format.document.DocumentSamples.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lantern.loaders.format.Formats;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.images.ImageDirectoryFormat;

class DocumentFormatsDetectionTest {
  private static final List<InputFormat> MINE =
      List.of(new NcmecXmlFormat(), new StopNciiJsonFormat(), new TatJsonFormat(), new ImageDirectoryFormat());

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "ncmec-xml, entries.xml",
    "ncmec-xml, malformed-records.xml",
    "ncmec-xml, entities.xml",
    "ncmec-xml, empty.xml",
    "ncmec-xml, not-well-formed.xml",
    "ncmec-xml, xxe.xml",
    "ncmec-xml, status.xml",
    "ncmec-xml, bom-crlf.xml",
    "stopncii-json, pages.json",
    "stopncii-json, pages.jsonl",
    "stopncii-json, malformed.json",
    "stopncii-json, empty.json",
    "stopncii-json, not-well-formed.json",
    "stopncii-json, bom-crlf.json",
    "tat-json, hash-list.json",
    "tat-json, pages.jsonl",
    "tat-json, malformed.json",
    "tat-json, bom-crlf.json",
  })
  void detectShouldPickTheFormatOfEachSamplePlainAndCompressed(String format, String file) throws Exception {
    Path plain = sample(format, file);
    assertThat(detect(plain).name()).isEqualTo(format);
    // The compressed copy keeps the name with ".gz": detection sees the decompressed head.
    assertThat(detect(gzip(tmp, plain)).name()).isEqualTo(format);
  }

  @Test
  void documentFormatsShouldScoreZeroOnHexLinesCsvAndOtherText() {
    List<String> notMine = List.of(
        "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n0cc175b9c0f1b6a831c399e269772661\n",
        "pdq f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n",
        "type,value,category\nmd5,0cc175b9c0f1b6a831c399e269772661,csam\n",
        "\uFEFFsignal_type,signal_value,tags\npdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,\n",
        "hash\tquality\nf8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\t100\n",
        "",
        "{\"some\": \"other json\"}\n");
    for (String text : notMine) {
      byte[] head = text.getBytes(StandardCharsets.UTF_8);
      for (String name : List.of("hashes.txt", "hashes.csv", "hashes.tsv", "hashes.json")) {
        for (InputFormat format : MINE) {
          assertThat(format.detect(name, head, false)).as(format.name() + " on " + name + ": " + text).isZero();
        }
      }
    }
  }

  @Test
  void otherXmlShouldScoreLowForNcmecOnlySoItsReaderCanNameTheRoot() {
    byte[] head = "<?xml version=\"1.0\"?>\n<rss><channel/></rss>\n".getBytes(StandardCharsets.UTF_8);
    assertThat(new NcmecXmlFormat().detect("feed.xml", head, false)).isEqualTo(30);
    assertThat(new StopNciiJsonFormat().detect("feed.xml", head, false)).isZero();
    assertThat(new TatJsonFormat().detect("feed.xml", head, false)).isZero();
  }

  @Test
  void onlyTheImagesFormatShouldClaimADirectory() throws Exception {
    assertThat(Formats.detect(InputSource.of(tmp), new byte[0]).name()).isEqualTo("images");
    for (InputFormat format : MINE) {
      assertThat(format.detect(tmp.getFileName().toString(), new byte[0], true))
          .as(format.name()).isEqualTo(format.name().equals("images") ? 90 : 0);
    }
    assertThat(new ImageDirectoryFormat().detect("photo.jpg", new byte[] {(byte) 0xff, (byte) 0xd8}, false)).isZero();
  }

  @Test
  void registryShouldListEachDocumentFormatOnceWithAOneLineDescription() {
    Set<String> names = new HashSet<>();
    for (InputFormat format : Formats.all()) {
      assertThat(names.add(format.name())).as("duplicate format name " + format.name()).isTrue();
    }
    for (InputFormat format : MINE) {
      assertThat(Formats.byName(format.name().toUpperCase())).isInstanceOf(format.getClass());
      assertThat(format.description()).isNotBlank().doesNotContain("\n");
    }
  }

  private static InputFormat detect(Path file) throws IOException {
    InputSource source = InputSource.of(file);
    try (InputStream in = source.open()) {
      return Formats.detect(source, source.head(in));
    }
  }
}
