package org.lantern.loaders.format.line;

import java.io.InputStream;
import java.util.Map;
import org.lantern.json.JsonInputException;
import org.lantern.json.JsonObjects;
import org.lantern.json.SignalJsonCodec;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code jsonl}: JSON Lines, one signal object per line in the shape the HTTP API takes:
 *
 * <pre>{"type":"pdq","value":"…","categories":["csam"],"note":"…","expires":"2027-01-01T00:00:00Z",
 * "derived_from":["…"],"visibility":"all"}</pre>
 *
 * {@code type} and {@code value} are required; the rest may be absent or {@code null}, and are
 * then filled from the command line. An explicit {@code "categories": []} or {@code "visibility":
 * "all"} is kept as written (none; every participant) and overrides it; {@code "visibility": null}
 * or {@code []} is rejected (it says nobody clearly). {@code expires} also takes a date ({@link
 * Expiry}). The shape is read by {@link SignalJsonCodec}, as the server reads it.
 *
 * <p>The fields the exchange writes about a stored signal ({@code id}, {@code contributor},
 * {@code created}, {@code updated}, {@code sequence}) are ignored, so that a signal listing can
 * be loaded again; its {@code status} is read: {@code active} loads, {@code retracted} becomes a
 * withdrawal ({@link SourceRecord.Retract}), {@code expired} is rejected. Any other field is
 * rejected by name, so that a misspelt {@code categorie} does not silently drop categories.
 *
 * <p>A line that is not one JSON object (bad syntax, a duplicate key, a field of the wrong type,
 * text after the object) is rejected with the field or the column; the next line is read as
 * usual. Blank lines are skipped; JSON has no comments, so a {@code #} line is rejected.
 *
 * <p>Thread-safety: immutable; each reader is for one thread. The parser factory is thread-safe.
 */
public final class JsonLinesFormat implements InputFormat {
  /** {@code expires} as an instant, a time with an offset or a date ({@link Expiry}). */
  private static final SignalJsonCodec.Expiry EXPIRY = new SignalJsonCodec.Expiry(Expiry.EXPECTED, Expiry::parse);

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String description() {
    return "JSON Lines: {\"type\":..,\"value\":..,\"categories\":[..],\"note\":..,\"expires\":..} per line";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    boolean named = logicalName.endsWith(".jsonl") || logicalName.endsWith(".ndjson");
    boolean objects = HeadSample.of(head, false).mostly(line -> line.startsWith("{") && line.endsWith("}"));
    if (named && objects) {
      return Scores.JSONL_NAME_AND_LINES;
    }
    return named ? Scores.JSONL_NAME : objects ? Scores.JSONL_LINES : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    return new Reader(new LineReader(content));
  }

  private static final class Reader extends LineRecordReader {
    Reader(LineReader lines) {
      super(lines, false);
    }

    @Override
    SourceRecord parse(long line, String text) {
      String original = SourceRecord.clip(text);
      try {
        Map<String, Object> object = JsonObjects.LINES.parse(text, null);
        SignalJsonCodec.Listed listed = SignalJsonCodec.readListed(object, "", EXPIRY);
        String status = listed.status();
        if (status == null || status.equals("active")) {
          return new SourceRecord.Submit(line, original, listed.submission());
        }
        return switch (status) {
          case "retracted" -> new SourceRecord.Retract(line, original, listed.submission().type(), listed.submission().value());
          case "expired" -> new SourceRecord.Rejected(line, original, "status: an expired signal is not loaded again");
          default -> new SourceRecord.Rejected(line, original,
              "status: expected active, retracted or expired, got " + Text.quote(status));
        };
      } catch (JsonInputException e) {
        return new SourceRecord.Rejected(line, original, e.getMessage());
      }
    }
  }
}
