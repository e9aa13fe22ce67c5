package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.Formats;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@link Formats#detect} on every sample file, plain and gzip-compressed, and reading through
 * gzip: the same records, and a truncated stream reported as such after the records before the
 * cut.
 */
class LineFormatsDetectionTest {
  /**
   * Samples that are not detected as the format of their folder, and what they are detected as
   * ({@code null}: nothing is sure enough; {@code --format} is needed). Malformed samples have so
   * many bad lines that their format's shape is no longer the rule.
   */
  private static final Map<String, String> DETECTED_OTHERWISE = new java.util.HashMap<>();

  static {
    DETECTED_OTHERWISE.put("hex/malformed.txt", null);
    DETECTED_OTHERWISE.put("pytx-local/malformed.txt", null);
    DETECTED_OTHERWISE.put("pdq-tool/malformed.txt", "csv"); // comma-separated text, nothing more specific
  }

  /** Options that let every sample open (a type for the TE rows whose name does not say it, etc.). */
  private static final Map<String, FormatOptions> OPTIONS =
      Map.of(
          "te-simple/rows-bom-crlf.txt", Samples.type(SignalType.PDQ),
          "csv/signals.csv",
              Samples.columns(SignalType.MD5, Map.of("value", "md5", "category", "label", "note", "comment", "expires", "until")),
          "csv/malformed.csv", Samples.columns(null, Map.of("value", "hash", "type", "kind", "category", "label")),
          "csv/pdq-with-header.csv", Samples.columns(SignalType.PDQ, Map.of("value", "hash")),
          "csv/digits-with-header.csv", Samples.columns(SignalType.MD5, Map.of("value", "md5")));

  @TempDir Path tmp;

  /** The line formats' sample directories (the document formats test their own). */
  private static final java.util.Set<String> LINE_FORMATS =
      java.util.Set.of("hex", "pytx-local", "pytx-csv", "te-simple", "pdq-tool", "csv", "jsonl");

  static Stream<String> samples() throws IOException {
    Path root = Samples.path("hex", "good.txt").getParent().getParent();
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> LINE_FORMATS.contains(root.relativize(p).getName(0).toString()))
          .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
    }
    out.sort(null);
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldDetectEverySamplePlainAndCompressed(String sample) throws Exception {
    Path plain = sample(sample);
    Path gzip = gzip(plain, tmp.resolve(plain.getFileName() + ".gz"));
    String expected = DETECTED_OTHERWISE.containsKey(sample) ? DETECTED_OTHERWISE.get(sample) : folder(sample);
    for (Path file : List.of(plain, gzip)) {
      InputSource source = InputSource.of(file);
      try (InputStream in = source.open()) {
        byte[] head = source.head(in);
        if (expected == null) {
          assertThatThrownBy(() -> Formats.detect(source, head)).as(file.toString())
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("--format");
        } else {
          assertThat(Formats.detect(source, head).name()).as(file.toString()).isEqualTo(expected);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void shouldReadTheSameRecordsThroughGzip(String sample) throws Exception {
    Path plain = sample(sample);
    Path gzip = gzip(plain, tmp.resolve(plain.getFileName() + ".gz"));
    InputFormat format = Formats.byName(folder(sample));
    FormatOptions options = OPTIONS.getOrDefault(sample, FormatOptions.defaults());
    List<SourceRecord> expected = Samples.read(format, plain, options);
    assertThat(expected).isNotEmpty();
    assertThat(Samples.read(format, gzip, options)).isEqualTo(expected);
  }

  @Test
  void shouldReportATruncatedGzipStreamAfterTheRecordsBeforeTheCut() throws Exception {
    StringBuilder text = new StringBuilder();
    int lines = 40_000; // ~2.6 MB decompressed: the cut falls well after the 64 KiB head
    for (int i = 0; i < lines; i++) {
      text.append(String.format("%064x", (long) i * 0x9E3779B97F4A7C15L)).append('\n');
    }
    Path plain = tmp.resolve("hashes.txt");
    Files.writeString(plain, text, StandardCharsets.US_ASCII);
    byte[] whole = Files.readAllBytes(gzip(plain, tmp.resolve("whole.txt.gz")));
    Path cut = tmp.resolve("cut.txt.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

    InputSource source = InputSource.of(cut);
    List<SourceRecord> read = new ArrayList<>();
    try (InputStream in = source.open()) {
      InputFormat format = Formats.detect(source, source.head(in));
      assertThat(format.name()).isEqualTo("hex");
      try (RecordReader reader = format.open(source, in, FormatOptions.defaults())) {
        for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
          read.add(r);
        }
        fail("a truncated stream must not end quietly; read " + read.size() + " records");
      } catch (IOException e) {
        assertThat(e).hasMessageContaining("truncated").hasMessageContaining(cut.toString());
      }
    }
    List<SourceRecord> all = Samples.read(new HexListFormat(), plain, FormatOptions.defaults());
    // every whole line that could be decompressed before the cut came out, in order
    int wholeLinesBeforeCut = wholeLinesBeforeCut(cut);
    assertThat(wholeLinesBeforeCut).isBetween(lines / 4, lines - 1);
    assertThat(read).isEqualTo(all.subList(0, wholeLinesBeforeCut));
  }

  @Test
  void shouldReportAGzipStreamCutInItsHeader() throws Exception {
    byte[] bytes = Files.readAllBytes(gzip(sample("hex/good.txt"), tmp.resolve("good.txt.gz")));
    Path cut = tmp.resolve("header-only.txt.gz");
    Files.write(cut, Arrays.copyOf(bytes, 6));
    assertThatThrownBy(() -> InputSource.of(cut).open())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldReportACorruptGzipStream() throws Exception {
    Path plain = sample("hex/good.txt");
    byte[] bytes = Files.readAllBytes(gzip(plain, tmp.resolve("good.txt.gz")));
    for (int i = 12; i < bytes.length - 8; i++) {
      bytes[i] ^= (byte) 0x5A; // scramble the deflate data, keep header and trailer
    }
    Path bad = tmp.resolve("bad.txt.gz");
    Files.write(bad, bytes);
    assertThatThrownBy(() -> Samples.read(new HexListFormat(), bad, FormatOptions.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("gzip stream is corrupt");
  }

  /** Decompresses byte by byte up to the cut and counts the line ends seen. */
  private static int wholeLinesBeforeCut(Path gzip) throws IOException {
    int count = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip))) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          count++;
        }
      }
      throw new AssertionError("the cut stream decompressed to its end");
    } catch (EOFException expected) {
      return count;
    }
  }

  private static String folder(String sample) {
    return sample.substring(0, sample.indexOf('/'));
  }

  private static Path sample(String sample) {
    return Samples.path(folder(sample), sample.substring(sample.indexOf('/') + 1));
  }

  private static Path gzip(Path from, Path to) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
      Files.copy(from, out);
    }
    return to;
  }
}
