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
 * PytxTypes}. A line of one bare hex hash is read as the {@code hex} format reads it (Lantern's
 * own hash lists mix both forms). Blank lines and {@code #} comments are skipped.
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
    // Bare hashes may stand among the typed lines (as Lantern's own lists have them); an input of
    // bare hashes only is the hex format's, which scores higher.
    HeadSample sample = HeadSample.of(head, true);
    return sample.mostly(line -> looksTyped(line) || Text.isHex(line)) && !sample.mostly(Text::isHex) ? Scores.PYTX_LOCAL : 0;
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
    return new Reader(new LineReader(content), options.bareType() == null ? null : options.bareType().label());
  }

  private static final class Reader extends LineRecordReader {
    private final String bareType; // for bare hex lines; null: from their length

    Reader(LineReader lines, String bareType) {
      super(lines, true);
      this.bareType = bareType;
    }

    @Override
    SourceRecord parse(long line, String text) {
      String original = SourceRecord.clip(text);
      String trimmed = text.strip();
      int space = Text.indexOfWhitespace(trimmed, 0);
      if (space < 0) {
        return HexListFormat.parseBare(line, text, bareType); // a bare hash, as the hex format reads it
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
