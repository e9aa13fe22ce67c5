package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.P2;
import static org.lantern.loaders.format.line.Samples.P3;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.SourceRecord;

class PytxLocalFormatTest {
  private final PytxLocalFormat format = new PytxLocalFormat();

  @Test
  void shouldMapPytxTypeNamesToLanternLabels() throws Exception {
    String upper = MD5.toUpperCase(Locale.ROOT);
    assertRecords(read(format, "good.txt", Samples.defaults()),
        submit(2, "pdq " + P1, "pdq", P1),
        submit(3, "md5 " + MD5, "md5", MD5),
        submit(4, "video_md5 " + upper, "md5", upper),
        submit(6, "url https://example.com/some/path?q=1", "url", "https://example.com/some/path?q=1"),
        // the value is the rest of the line, trimmed: inner spaces are the text's own
        submit(7, "raw_text   buy   cheap  stuff here  ", "keyword", "buy   cheap  stuff here"),
        submit(8, "PDQ\t" + P2, "pdq", P2));
  }

  @Test
  void shouldCountUnsupportedTypesApartAndRejectUnknownOnes() throws Exception {
    assertRecords(read(format, "malformed.txt", Samples.defaults()),
        submit(1, "pdq " + P1, "pdq", P1),
        new SourceRecord.Unsupported(2, "photodna AAAAAQAAAAIAAAAD", "photodna"),
        rejected(3, "flickr_tag something", "type: unknown signal type 'flickr_tag'", "expected one of", "raw_text"),
        submit(4, P1, "pdq", P1), // a bare hash among typed lines, as the hex format reads it
        submit(5, "url https://example.org/", "url", "https://example.org/"),
        rejected(6, "pdq", "hash: character 1 ('p') is not a hex digit"));
  }

  @Test
  void shouldStripBomAndCarriageReturnsAndKeepUtf8() throws Exception {
    assertRecords(read(format, "bom-crlf.txt", Samples.defaults()),
        submit(1, "pdq " + P3, "pdq", P3),
        submit(4, "keyword café crème", "keyword", "café crème"));
  }

  @Test
  void everyMappedTypeShouldBeALanternLabel() {
    for (String name : PytxTypes.accepted().split(", ")) {
      String label = PytxTypes.lanternLabel(name);
      assertThat(SignalType.fromLabel(label).label()).as(name).isEqualTo(label);
    }
  }
}
