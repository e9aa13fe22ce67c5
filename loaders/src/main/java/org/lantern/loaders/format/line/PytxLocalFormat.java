package org.lantern.loaders.format.line;

import java.io.InputStream;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code pytx-local}: the signal files of python-threatexchange's local-file exchange, one
 * {@code <type> <value>} per line ({@code pdq f8f8...}, {@code url https://...}, {@code raw_text
 * some phrase}). As in pytx, the type ends at the first white space and the value is the rest of
 * the line, trimmed, so text values keep their inner spaces. Type names are mapped by {@link
 * PytxTypes}. Blank lines and {@code #} comments are skipped.
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class PytxLocalFormat implements InputFormat {
  @Override
  public String name() {
    return "pytx-local";
  }

  @Override
  public String description() {
    return "python-threatexchange local file: '<type> <value>' per line, e.g. 'pdq f8f8...', 'url https://...'";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    return HeadSample.of(head, true).mostly(PytxLocalFormat::looksTyped) ? Scores.PYTX_LOCAL : 0;
  }

  /** A known type name, white space, and something. */
  private static boolean looksTyped(String line) {
    int space = Text.indexOfWhitespace(line, 0);
    if (space <= 0 || line.substring(space).isBlank()) {
      return false;
    }
    String name = line.substring(0, space);
    return PytxTypes.lanternLabel(name) != null || PytxTypes.isUnsupported(name);
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    return new Reader(new LineReader(content));
  }

  private static final class Reader extends LineRecordReader {
    Reader(LineReader lines) {
      super(lines, true);
    }

    @Override
    SourceRecord parse(long line, String text) {
      String original = SourceRecord.clip(text);
      String trimmed = text.strip();
      int space = Text.indexOfWhitespace(trimmed, 0);
      if (space < 0) {
        return new SourceRecord.Rejected(line, original,
            "expected '<type> <value>', got one word (for bare hex hashes use --format hex)");
      }
      String name = trimmed.substring(0, space);
      String value = trimmed.substring(space).strip();
      String label = PytxTypes.lanternLabel(name);
      if (label == null) {
        if (PytxTypes.isUnsupported(name)) {
          return new SourceRecord.Unsupported(line, original, PytxTypes.normalise(name));
        }
        return new SourceRecord.Rejected(line, original, PytxTypes.unknown("type", name));
      }
      return new SourceRecord.Submit(line, original, new SignalSubmission(label, value, null, null, null, null, null));
    }
  }
}
