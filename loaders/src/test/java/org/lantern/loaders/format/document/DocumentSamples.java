package org.lantern.loaders.format.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/** Sample files of the document formats, read the way {@code lantern load} reads them. */
final class DocumentSamples {
  private DocumentSamples() {}

  /** {@code src/test/resources/formats/<format>/<file>}. */
  static Path sample(String format, String file) {
    URL url = DocumentSamples.class.getResource("/formats/" + format + "/" + file);
    if (url == null) {
      throw new IllegalArgumentException("no sample formats/" + format + "/" + file);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a load gets from {@code file}: its records up to the end, or up to the failure. */
  record Read(List<SourceRecord> records, IOException failure) {
    List<String> described() {
      return describe(records);
    }
  }

  /** Opens like the load pipeline does (open, peek at the head, then read) and reads to the end or the first failure. */
  static Read read(InputFormat format, Path file) throws IOException {
    return read(format, file, true);
  }

  /**
   * Reads without peeking at the head first, for truncated gzip files smaller than the head: there
   * {@link InputSource#head} itself fails (with the raw {@code EOFException}) before any reader is
   * opened, which is the pipeline's business, not the reader's.
   */
  static Read readWithoutHead(InputFormat format, Path file) throws IOException {
    return read(format, file, false);
  }

  private static Read read(InputFormat format, Path file, boolean head) throws IOException {
    InputSource source = InputSource.of(file);
    List<SourceRecord> records = new ArrayList<>();
    try (InputStream in = source.open()) {
      if (head) {
        source.head(in);
      }
      try (RecordReader reader = format.open(source, in, FormatOptions.defaults())) {
        for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
          records.add(record);
        }
      } catch (IOException e) {
        return new Read(records, e);
      }
    }
    return new Read(records, null);
  }

  /** Reads {@code file} and fails the test if the reader throws. */
  static List<SourceRecord> readAll(InputFormat format, Path file) throws IOException {
    Read read = read(format, file);
    if (read.failure() != null) {
      throw new AssertionError("reading " + file + " failed after " + read.records().size() + " records", read.failure());
    }
    return read.records();
  }

  /**
   * Checks that reading {@code file} ended because its gzip stream is cut short, with a message
   * that names the file and says that the records before the cut were read.
   */
  static void assertTruncated(IOException failure, Path file) {
    assertThat(failure).isNotNull()
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining("truncated")
        .hasMessageEndingWith("; the records before this point were read");
  }

  /** A gzip-compressed copy of {@code file} in {@code dir}, named {@code <name>.gz}. */
  static Path gzip(Path dir, Path file) throws IOException {
    Path out = dir.resolve(file.getFileName() + ".gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
      gz.write(Files.readAllBytes(file));
    }
    return out;
  }

  /**
   * A gzip file of {@code content} cut right after the compressed form of its first {@code keep}
   * bytes: a sync flush after them makes exactly those bytes decompressible from the cut file,
   * which then ends without the rest of the stream or its trailer.
   */
  static Path gzipCut(Path dir, String name, byte[] content, int keep) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int cut;
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, true)) {
      gz.write(content, 0, keep);
      gz.flush();
      cut = bytes.size();
      gz.write(content, keep, content.length - keep);
    }
    Path out = dir.resolve(name);
    Files.write(out, Arrays.copyOf(bytes.toByteArray(), cut));
    return out;
  }

  /**
   * One line per record with every field but {@code original}: {@code "submit 4 md5 <hex> note=...
   * categories=[csam]"}, {@code "retract 26 md5 <hex>"}, {@code "rejected 21 <reason>"}, {@code
   * "unsupported 4 photodna"}.
   */
  static List<String> describe(List<SourceRecord> records) {
    List<String> out = new ArrayList<>();
    for (SourceRecord record : records) {
      out.add(switch (record) {
        case SourceRecord.Submit submit -> {
          SignalSubmission s = submit.submission();
          if (s.expires() != null || s.derivedFrom() != null || s.visibility() != null) {
            throw new AssertionError("a reader left a command-line field set: " + s);
          }
          yield "submit " + submit.line() + " " + s.type() + " " + s.value() + " note=" + s.note()
              + " categories=" + s.categories();
        }
        case SourceRecord.Retract retract -> "retract " + retract.line() + " " + retract.type() + " " + retract.value();
        case SourceRecord.Rejected rejected -> "rejected " + rejected.line() + " " + rejected.reason();
        case SourceRecord.Unsupported unsupported -> "unsupported " + unsupported.line() + " " + unsupported.type();
      });
    }
    return out;
  }
}
