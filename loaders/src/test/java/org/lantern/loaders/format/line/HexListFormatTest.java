package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.P2;
import static org.lantern.loaders.format.line.Samples.P3;
import static org.lantern.loaders.format.line.Samples.P4;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.readText;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalType;

class HexListFormatTest {
  private final HexListFormat format = new HexListFormat();

  @Test
  void shouldInferTypesFromLengthAndSkipBlanksAndComments() throws Exception {
    String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    assertRecords(read(format, "good.txt", Samples.defaults()),
        submit(2, P1, "pdq", P1),
        submit(3, P2.toUpperCase(Locale.ROOT), "pdq", P2.toUpperCase(Locale.ROOT)),
        submit(5, MD5, "md5", MD5),
        submit(6, "   " + sha1 + "\t", "sha1", sha1),
        submit(8, P3, "pdq", P3));
  }

  @Test
  void shouldRejectEachMalformedLineWithItsReasonAndGoOn() throws Exception {
    String badHex = P1.substring(0, 62) + "zz";
    assertRecords(read(format, "malformed.txt", Samples.defaults()),
        submit(1, P1, "pdq", P1),
        rejected(2, badHex, "hash: character 63 ('z') is not a hex digit"),
        rejected(3, "00ff00ff00ff00ff", HexListFormat.AMBIGUOUS_16),
        rejected(4, "abc123", "got 6"),
        rejected(5, "pdq " + P1, "several words", "pytx-local"),
        submit(6, MD5, "md5", MD5),
        rejected(7, "bad \uFFFD byte", "not valid UTF-8", "byte 5"));
  }

  @Test
  void shouldTakeTheTypeFromOptionsForSixteenDigitHashes() throws Exception {
    assertRecords(read(format, "sixteen.txt", Samples.type(SignalType.PHASH)),
        submit(1, "00ff00ff00ff00ff", "phash", "00ff00ff00ff00ff"),
        submit(2, "98893570108d24f8", "phash", "98893570108d24f8"));
    assertRecords(read(format, "sixteen.txt", Samples.defaults()),
        rejected(1, "00ff00ff00ff00ff", "--type phash|dhash"),
        rejected(2, "98893570108d24f8", "--type phash|dhash"));
  }

  @Test
  void shouldLetTheGivenTypeOverrideTheLength() throws Exception {
    assertRecords(readText(format, "x.txt", P1 + "\n" + MD5 + "\n", Samples.type(SignalType.SHA256)),
        submit(1, P1, "sha256", P1),
        submit(2, MD5, "sha256", MD5)); // the exchange refuses the wrong length, naming the value
  }

  @Test
  void shouldStripBomAndCarriageReturns() throws Exception {
    assertRecords(read(format, "bom-crlf.txt", Samples.defaults()),
        submit(1, P2, "pdq", P2),
        submit(4, MD5, "md5", MD5),
        submit(5, P4, "pdq", P4));
  }

  @Test
  void shouldRefuseATypeThatIsNotAHash() {
    assertThatThrownBy(() -> readText(format, "x.txt", P1, Samples.type(SignalType.URL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--type url")
        .hasMessageContaining("pytx-local");
  }
}
