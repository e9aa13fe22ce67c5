package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/** Sample files under {@code src/test/resources/formats}, and short ways to state expected records. */
final class Samples {
  static final String P1 = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";
  static final String P2 = "b0a10efd71cc3f429413d48d0ffffe12e34e0e17ada952a9d29684210aa9e5af";
  static final String P3 = "adad5a64b5a142e55362a09057dacd5ae63b847fc23794b766b319361fc93188";
  static final String P4 = "a5f4a457a48995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b0bfc4f05";
  static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  private Samples() {}

  static Path path(String format, String file) {
    try {
      var url = Samples.class.getResource("/formats/" + format + "/" + file);
      if (url == null) {
        throw new IllegalArgumentException("no sample " + format + "/" + file);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static FormatOptions defaults() {
    return FormatOptions.defaults();
  }

  static FormatOptions type(SignalType type) {
    return new FormatOptions(type, Map.of(), FormatOptions.DEFAULT_MIN_QUALITY, true);
  }

  static FormatOptions columns(SignalType type, Map<String, String> columns) {
    return new FormatOptions(type, columns, FormatOptions.DEFAULT_MIN_QUALITY, true);
  }

  /** Every record of a sample file, through {@link InputSource} as {@code lantern load} opens it. */
  static List<SourceRecord> read(InputFormat format, Path file, FormatOptions options) throws IOException {
    InputSource source = InputSource.of(file);
    try (InputStream in = source.open(); RecordReader reader = format.open(source, in, options)) {
      return drain(reader);
    }
  }

  static List<SourceRecord> read(InputFormat format, String file, FormatOptions options) throws IOException {
    return read(format, path(format.name(), file), options);
  }

  /** Every record of some text, as if it were a file called {@code name}. */
  static List<SourceRecord> readText(InputFormat format, String name, String text, FormatOptions options)
      throws IOException {
    InputSource source = InputSource.ofStream(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    try (InputStream in = source.open(); RecordReader reader = format.open(source, in, options)) {
      return drain(reader);
    }
  }

  static List<SourceRecord> drain(RecordReader reader) throws IOException {
    List<SourceRecord> out = new ArrayList<>();
    for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
      out.add(r);
    }
    return out;
  }

  static SourceRecord.Submit submit(long line, String original, String type, String value) {
    return submit(line, original, new SignalSubmission(type, value, null, null, null, null, null));
  }

  static SourceRecord.Submit submit(long line, String original, String type, String value, List<String> categories,
      String note) {
    return submit(line, original, new SignalSubmission(type, value, categories, note, null, null, null));
  }

  static SourceRecord.Submit submit(long line, String original, String type, String value, List<String> categories,
      String note, Instant expires) {
    return submit(line, original, new SignalSubmission(type, value, categories, note, expires, null, null));
  }

  static SourceRecord.Submit submit(long line, String original, SignalSubmission submission) {
    return new SourceRecord.Submit(line, original, submission);
  }

  /** A rejection at {@code line} of {@code original} whose reason contains every fragment. */
  static Rejection rejected(long line, String original, String... fragments) {
    return new Rejection(line, original, List.of(fragments));
  }

  record Rejection(long line, String original, List<String> fragments) {}

  /**
   * Checks records one by one: a {@link SourceRecord} must be equal, a {@link Rejection} matches a
   * {@link SourceRecord.Rejected} at its line with its original and reason fragments.
   */
  static void assertRecords(List<SourceRecord> actual, Object... expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.length); i++) {
      SourceRecord got = actual.get(i);
      if (expected[i] instanceof Rejection want) {
        assertThat(got).as("record %d: %s", i, got).isInstanceOf(SourceRecord.Rejected.class);
        SourceRecord.Rejected rejected = (SourceRecord.Rejected) got;
        assertThat(rejected.line()).as("line of record %d: %s", i, got).isEqualTo(want.line());
        assertThat(rejected.original()).as("original of record %d", i).isEqualTo(want.original());
        for (String fragment : want.fragments()) {
          assertThat(rejected.reason()).as("reason of record %d", i).contains(fragment);
        }
      } else {
        assertThat(got).as("record %d", i).isEqualTo(expected[i]);
      }
    }
    assertThat(actual).as("records: %s", actual).hasSize(expected.length);
  }
}
