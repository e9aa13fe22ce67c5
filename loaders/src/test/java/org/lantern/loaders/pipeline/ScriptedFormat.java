package org.lantern.loaders.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * A test format whose lines say which record to produce, so pipeline tests control every kind:
 * {@code +type value [category]} a submit, {@code -type value} a retraction, {@code !reason} a
 * record the reader rejects, {@code ?type} an unsupported hash. Blank lines are skipped.
 */
final class ScriptedFormat implements InputFormat {
  static final ScriptedFormat INSTANCE = new ScriptedFormat();

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public String description() {
    return "test lines: +type value [category] | -type value | !reason | ?type";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    return 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    return new RecordReader() {
      long line;

      @Override
      public SourceRecord next() throws IOException {
        for (String text = lines.readLine(); text != null; text = lines.readLine()) {
          line++;
          if (text.isBlank()) {
            continue;
          }
          String body = text.substring(1);
          String[] f = body.split(" ");
          switch (text.charAt(0)) {
            case '+' -> {
              List<String> categories = f.length > 2 ? List.of(f[2]) : null;
              return new SourceRecord.Submit(line, text, new SignalSubmission(f[0], f[1], categories, null, null, null, null));
            }
            case '-' -> {
              return new SourceRecord.Retract(line, text, f[0], f[1]);
            }
            case '!' -> {
              return new SourceRecord.Rejected(line, text, body);
            }
            case '?' -> {
              return new SourceRecord.Unsupported(line, text, body);
            }
            default -> throw new IOException("line " + line + ": not a scripted record: " + text);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }
}
