package org.lantern.loaders.format.line;

import java.io.InputStream;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code pdq-tool}: the output of Meta's PDQ reference hashers ({@code pdq-photo-hasher}, C++ and
 * Java), one image per line, in either of its two shapes:
 *
 * <ul>
 *   <li>plain: {@code <hash>,<quality>,<filename>};
 *   <li>{@code --details}: {@code hash=<hash>,norm=<n>,delta=<d>,quality=<q>[,dims=<h*w>],filename=<f>}.
 *       Keys other than {@code hash}, {@code quality}, {@code filename} are ignored.
 * </ul>
 * The file name is last and read to the end of the line, since the tools do not quote it and it
 * may hold commas. Every hash is PDQ ({@code --type} does not apply).
 *
 * <p>A row whose quality is below {@link FormatOptions#minQuality()} is rejected: such images are
 * too featureless for their hash to mean much (pytx uses 50 too). So is a {@code --pdqdih
 * --details} transform line ({@code xform=rot90}): it has no quality, and it is a hash of a
 * rotated or mirrored copy rather than of the file; the line with {@code quality=} above it is the
 * one loaded. The file name becomes the note unless {@link FormatOptions#keepPaths()} is off.
 * Blank lines and {@code #} comments are skipped.
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class PdqToolFormat implements InputFormat {
  private static final int MAX_QUALITY = 100;

  @Override
  public String name() {
    return "pdq-tool";
  }

  @Override
  public String description() {
    return "PDQ reference hasher output: '<hash>,<quality>,<file>' or 'hash=...,quality=...,filename=...'";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    HeadSample sample = HeadSample.of(head, true);
    // the tools print no header: a CSV with a header row above such rows is a CSV
    if (sample.headerlessAndMostly(line -> line.startsWith("hash=") && line.contains(","))) {
      return Scores.PDQ_TOOL_DETAILS;
    }
    return sample.headerlessAndMostly(PdqToolFormat::looksPlain) ? Scores.PDQ_TOOL_PLAIN : 0;
  }

  /** {@code <64 hex>,<1 to 3 digits>,...}. */
  private static boolean looksPlain(String line) {
    int c1 = line.indexOf(',');
    int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    return c1 == 64 && c2 > c1 + 1 && c2 <= c1 + 4 && Text.isHex(line.substring(0, c1))
        && Text.isDigits(line.substring(c1 + 1, c2));
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    return new Reader(new LineReader(content), options.minQuality(), options.keepPaths());
  }

  private static final class Reader extends LineRecordReader {
    private final int minQuality;
    private final boolean keepPaths;

    Reader(LineReader lines, int minQuality, boolean keepPaths) {
      super(lines, true);
      this.minQuality = minQuality;
      this.keepPaths = keepPaths;
    }

    @Override
    SourceRecord parse(long line, String text) {
      String trimmed = text.strip();
      int comma = trimmed.indexOf(',');
      boolean keyValue = trimmed.substring(0, comma < 0 ? trimmed.length() : comma).indexOf('=') >= 0;
      Row row = keyValue ? details(trimmed) : plain(trimmed);
      String original = SourceRecord.clip(text);
      if (row.problem != null) {
        return new SourceRecord.Rejected(line, original, row.problem);
      }
      if (row.hash.isEmpty()) {
        return new SourceRecord.Rejected(line, original, "hash is empty");
      }
      String qualityProblem = checkQuality(row.quality);
      if (qualityProblem != null) {
        return new SourceRecord.Rejected(line, original, qualityProblem);
      }
      String note = keepPaths && row.file != null && !row.file.isBlank() ? row.file : null;
      return new SourceRecord.Submit(
          line, original, new SignalSubmission(SignalType.PDQ.label(), row.hash, null, note, null, null, null));
    }

    private String checkQuality(String text) {
      if (!Text.isDigits(text) || text.length() > 3 || Integer.parseInt(text) > MAX_QUALITY) {
        return "quality: expected a whole number from 0 to 100, got " + Text.quote(text);
      }
      int quality = Integer.parseInt(text);
      if (quality < minQuality) {
        return "quality " + quality + " is below --min-quality " + minQuality;
      }
      return null;
    }

    /** {@code <hash>,<quality>,<filename>}; the name is optional and may hold commas. */
    private static Row plain(String text) {
      int c1 = text.indexOf(',');
      if (c1 < 0) {
        return Row.bad("expected '<hash>,<quality>,<filename>', got no comma (for bare hashes use --format hex)");
      }
      int c2 = text.indexOf(',', c1 + 1);
      String quality = c2 < 0 ? text.substring(c1 + 1) : text.substring(c1 + 1, c2);
      return new Row(text.substring(0, c1).strip(), quality.strip(), c2 < 0 ? null : text.substring(c2 + 1), null);
    }

    /** {@code key=value} pairs; {@code filename=} takes the rest of the line. */
    private static Row details(String text) {
      String hash = null;
      String quality = null;
      String file = null;
      String xform = null;
      int at = 0;
      while (at < text.length()) {
        if (text.startsWith("filename=", at)) {
          file = text.substring(at + "filename=".length());
          break;
        }
        int comma = text.indexOf(',', at);
        int stop = comma < 0 ? text.length() : comma;
        int eq = text.indexOf('=', at);
        if (eq < 0 || eq > stop) {
          return Row.bad("expected key=value pairs separated by commas, got " + Text.quote(text.substring(at, stop)));
        }
        String key = text.substring(at, eq).strip();
        String val = text.substring(eq + 1, stop).strip();
        switch (key) {
          case "hash" -> hash = val;
          case "quality" -> quality = val;
          case "xform" -> xform = val;
          default -> { } // norm, delta, dims, orig, rot90, ...: not needed to load the hash
        }
        at = stop + 1;
      }
      if (hash == null) {
        return Row.bad("no hash= field");
      }
      if (quality == null) {
        return Row.bad(xform != null
            ? "xform=" + xform + ": a --pdqdih transform line has no quality and hashes a rotated or mirrored copy; "
                + "the hash=...,quality= line of the same file is the one loaded"
            : "no quality= field");
      }
      return new Row(hash, quality, file, null);
    }

    /** One parsed line, or the reason it cannot be parsed. */
    private record Row(String hash, String quality, String file, String problem) {
      static Row bad(String problem) {
        return new Row(null, null, null, problem);
      }
    }
  }
}
