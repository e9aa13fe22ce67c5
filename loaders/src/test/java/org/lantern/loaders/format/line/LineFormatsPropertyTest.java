package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * Nothing is dropped silently: for random mixes of good lines, bad lines, blank lines and
 * comments, with LF or CRLF endings, an optional byte-order mark and an optional final newline,
 * every line that is not blank (nor a comment, in formats that have comments) yields exactly one
 * record, in order, at its own line number, with the line as its original.
 *
 * <p>For the CSV-based formats the bad lines hold no {@code "}: an opening quote joins lines into
 * one record by design, which {@code CsvRecordsTest} covers.
 */
class LineFormatsPropertyTest {
  /** How to make lines for one format. */
  record Case(InputFormat format, String fileName, String header, boolean comments, boolean quotesAllowed,
      Function<SplittableRandom, String> good) {
    @Override
    public String toString() {
      return format.name();
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(new HexListFormat(), "h.txt", null, true, true, r -> hex(r, r.nextBoolean() ? 64 : 32)),
        new Case(new PytxLocalFormat(), "l.txt", null, true, true,
            r -> switch (r.nextInt(4)) {
              case 0 -> "pdq " + hex(r, 64);
              case 1 -> "url https://example.com/" + r.nextInt(1000);
              case 2 -> "photodna " + hex(r, 40); // unsupported: a record too
              default -> "raw_text some words " + r.nextInt(100);
            }),
        new Case(new TeSimpleFormat(), "simple.pdq.te", null, true, false,
            r -> hex(r, 64) + "," + r.nextLong(1, Long.MAX_VALUE) + ",2020-07-01T18:31:15+0000,tag" + r.nextInt(9)),
        new Case(new PdqToolFormat(), "p.txt", null, true, true,
            r -> r.nextBoolean()
                ? hex(r, 64) + "," + r.nextInt(101) + ",img" + r.nextInt(99) + ".jpg"
                : "hash=" + hex(r, 64) + ",norm=128,quality=" + r.nextInt(101) + ",filename=a,b.jpg"),
        new Case(new PytxCsvFormat(), "d.csv", "collab,signal_type,signal_str,category,tags", false, false,
            r -> "Sample," + (r.nextBoolean() ? "pdq," + hex(r, 64) : "md5," + hex(r, 32)) + ",POSITIVE_CLASS,t"),
        new Case(new GenericCsvFormat(), "g.csv", "type,value,category", false, false,
            r -> "md5," + hex(r, 32) + ",csam"),
        new Case(new JsonLinesFormat(), "j.jsonl", null, false, true,
            r -> "{\"type\":\"pdq\",\"value\":\"" + hex(r, 64) + "\",\"categories\":[\"csam\"]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRecordLineShouldYieldExactlyOneRecordAtItsLineNumber(Case c) {
    qt().withExamples(TestSeeds.iterations(60))
        .withFixedSeed(TestSeeds.seed("line-formats-" + c.format().name()))
        .forAll(longs().all(), integers().between(0, 250))
        .checkAssert((seed, count) -> check(c, new SplittableRandom(seed), count));
  }

  private static void check(Case c, SplittableRandom random, int count) {
    List<String> lines = new ArrayList<>();
    if (c.header() != null) {
      lines.add(c.header());
    }
    for (int i = 0; i < count; i++) {
      lines.add(switch (random.nextInt(6)) {
        case 0 -> random.nextBoolean() ? "" : " \t ";
        case 1 -> (random.nextBoolean() ? "# " : "  #") + junk(random, c.quotesAllowed());
        case 2, 3 -> junk(random, c.quotesAllowed());
        default -> c.good().apply(random);
      });
    }
    boolean crlf = random.nextBoolean();
    boolean bom = random.nextBoolean();
    StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
    for (int i = 0; i < lines.size(); i++) {
      text.append(lines.get(i));
      if (i < lines.size() - 1 || random.nextBoolean()) {
        text.append(crlf ? "\r\n" : "\n");
      }
    }
    List<Long> expectedLines = new ArrayList<>();
    for (int i = c.header() == null ? 0 : 1; i < lines.size(); i++) {
      String stripped = lines.get(i).strip();
      if (!stripped.isEmpty() && !(c.comments() && stripped.startsWith("#"))) {
        expectedLines.add(i + 1L);
      }
    }
    List<SourceRecord> records = read(c, text.toString());
    String context = c.format().name() + " over " + lines + ", crlf " + crlf + ", bom " + bom + "; " + TestSeeds.describe();
    assertThat(records.stream().map(SourceRecord::line).toList()).as(context).isEqualTo(expectedLines);
    for (SourceRecord r : records) {
      assertThat(r.original()).as(context).isEqualTo(SourceRecord.clip(lines.get((int) r.line() - 1)));
    }
  }

  private static List<SourceRecord> read(Case c, String text) {
    InputSource source = InputSource.ofStream(c.fileName(), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    FormatOptions options = FormatOptions.defaults();
    try (var in = source.open(); RecordReader reader = c.format().open(source, in, options)) {
      return Samples.drain(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A line of random characters, likely malformed for any format; never a line break. */
  private static String junk(SplittableRandom random, boolean quotes) {
    String alphabet = "abcxyz019 ,=#{}[]:\t;é€😀" + (quotes ? "\"" : "");
    int[] codePoints = alphabet.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(0, 80);
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return out.toString();
  }

  private static String hex(SplittableRandom random, int digits) {
    StringBuilder out = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }
}
