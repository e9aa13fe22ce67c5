package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.SourceRecord;

class LineReaderTest {
  /** One line as read: its number, text and problem. */
  private record Line(long number, String text, String problem) {}

  private static List<Line> lines(byte[] bytes) throws IOException {
    return lines(new ByteArrayInputStream(bytes));
  }

  private static List<Line> lines(InputStream in) throws IOException {
    List<Line> out = new ArrayList<>();
    try (LineReader reader = new LineReader(in)) {
      for (String text = reader.next(); text != null; text = reader.next()) {
        out.add(new Line(reader.number(), text, reader.problem()));
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldSplitOnLineFeedsAndDropTheCarriageReturnBeforeThem() throws Exception {
    assertThat(lines(utf8("a\r\nb\n\r\nc\rd\n\nlast")))
        .containsExactly(
            new Line(1, "a", null),
            new Line(2, "b", null),
            new Line(3, "", null),
            new Line(4, "c\rd", null), // a lone CR does not end a line
            new Line(5, "", null),
            new Line(6, "last", null));
  }

  @Test
  void shouldSkipAByteOrderMarkOnlyAtTheStart() throws Exception {
    assertThat(lines(utf8("\uFEFFone\n\uFEFFtwo\n")))
        .containsExactly(new Line(1, "one", null), new Line(2, "\uFEFFtwo", null));
    assertThat(lines(utf8("\uFEFF"))).containsExactly(new Line(1, "", null));
  }

  @Test
  void shouldReadNothingFromAnEmptyStreamAndNoExtraLineAfterAFinalNewline() throws Exception {
    assertThat(lines(new byte[0])).isEmpty();
    assertThat(lines(utf8("x\n"))).containsExactly(new Line(1, "x", null));
  }

  @Test
  void shouldDecodeUtf8AndNameTheFirstBadByte() throws Exception {
    byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0xA9, '\n', 'b', 'a', 'd', (byte) 0xC3, '(', '\n', 'n', 'e', 'x', 't'};
    List<Line> lines = lines(bytes);
    assertThat(lines.get(0)).isEqualTo(new Line(1, "ok é", null));
    assertThat(lines.get(1).text()).isEqualTo("bad\uFFFD(");
    assertThat(lines.get(1).problem()).contains("not valid UTF-8").contains("byte 4").contains("0xc3");
    assertThat(lines.get(2)).isEqualTo(new Line(3, "next", null));
  }

  @Test
  void shouldRejectAnOverlongLineWithoutHoldingItAndReadOn() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("first\n"));
    out.writeBytes(utf8("x".repeat(LineReader.MAX_LINE_BYTES + 10) + "\n"));
    out.writeBytes(utf8("y".repeat(LineReader.MAX_LINE_BYTES) + "\n")); // exactly the limit: read whole
    out.writeBytes(utf8("z".repeat(3 * LineReader.MAX_LINE_BYTES))); // over the limit, at the end
    List<Line> lines = lines(out.toByteArray());
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(new Line(1, "first", null));
    assertThat(lines.get(1).number()).isEqualTo(2);
    assertThat(lines.get(1).problem()).contains("longer than 1048576 bytes");
    assertThat(lines.get(1).text()).hasSize(SourceRecord.MAX_ORIGINAL + 1); // enough for clip() to mark the cut
    assertThat(lines.get(2)).isEqualTo(new Line(3, "y".repeat(LineReader.MAX_LINE_BYTES), null));
    assertThat(lines.get(3).number()).isEqualTo(4);
    assertThat(lines.get(3).problem()).contains("longer than");
  }

  /** Lines of random lengths and characters, fed in random-sized reads, come out as written. */
  @Test
  void shouldReassembleLinesAcrossBufferAndReadBoundaries() throws Exception {
    SplittableRandom random = TestSeeds.random("line-reader-boundaries");
    String[] alphabet = {"a", "0", " ", ",", "é", "€", "😀", "\r"};
    for (int round = 0; round < TestSeeds.iterations(5); round++) {
      List<String> expected = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int count = random.nextInt(1, 1500);
      for (int i = 0; i < count; i++) {
        StringBuilder line = new StringBuilder();
        int length = random.nextInt(50) == 0 ? random.nextInt(70_000, 150_000) : random.nextInt(0, 200);
        while (line.length() < length) {
          line.append(alphabet[random.nextInt(alphabet.length)]);
        }
        while (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
          line.setLength(line.length() - 1); // a CR at the end is the terminator's, not the line's
        }
        expected.add(line.toString());
        text.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
      }
      InputStream trickle = new TrickleStream(utf8(text.toString()), random.split());
      List<Line> read = lines(trickle);
      assertThat(read).as(TestSeeds.describe()).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(read.get(i)).as("line %d, %s", i + 1, TestSeeds.describe()).isEqualTo(new Line(i + 1, expected.get(i), null));
      }
    }
  }

  /** Returns between 1 and 100,000 bytes per read, as network and gzip streams do. */
  private static final class TrickleStream extends ByteArrayInputStream {
    private final SplittableRandom random;

    TrickleStream(byte[] bytes, SplittableRandom random) {
      super(bytes);
      this.random = random;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, random.nextInt(1, 100_000)));
    }
  }
}
