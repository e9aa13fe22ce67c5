package org.lantern.loaders.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lantern.loaders.format.document.NcmecXmlFormat;
import org.lantern.loaders.format.document.StopNciiJsonFormat;
import org.lantern.loaders.format.document.TatJsonFormat;
import org.lantern.loaders.format.images.ImageDirectoryFormat;
import org.lantern.loaders.format.line.GenericCsvFormat;
import org.lantern.loaders.format.line.HexListFormat;
import org.lantern.loaders.format.line.JsonLinesFormat;
import org.lantern.loaders.format.line.PdqToolFormat;
import org.lantern.loaders.format.line.PytxCsvFormat;
import org.lantern.loaders.format.line.PytxLocalFormat;
import org.lantern.loaders.format.line.TeSimpleFormat;

/**
 * The formats {@code lantern load} reads, and detection: the format most sure of an input's name
 * and first bytes reads it, and {@code --format} overrides.
 *
 * <p>Thread-safety: immutable.
 */
public final class Formats {
  private static final List<InputFormat> ALL =
      List.of(
          // line formats (issue 7, part A)
          new HexListFormat(),
          new PytxLocalFormat(),
          new PytxCsvFormat(),
          new TeSimpleFormat(),
          new PdqToolFormat(),
          new GenericCsvFormat(),
          new JsonLinesFormat(),
          // document formats (issue 7, part B)
          new NcmecXmlFormat(),
          new StopNciiJsonFormat(),
          new TatJsonFormat(),
          new ImageDirectoryFormat());

  private Formats() {}

  /** Every format, in the order {@code --help} lists them. */
  public static List<InputFormat> all() {
    return ALL;
  }

  /** The format called {@code name}; the error lists the names there are. */
  public static InputFormat byName(String name) {
    for (InputFormat format : ALL) {
      if (format.name().equals(name.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; expected one of " + names());
  }

  /**
   * The format of an input, from its name and first bytes.
   *
   * @throws IllegalArgumentException when no format recognises it, or two are equally sure
   */
  public static InputFormat detect(InputSource source, byte[] head) {
    InputFormat best = null;
    int bestScore = 0;
    List<String> tied = new ArrayList<>();
    for (InputFormat format : ALL) {
      int score = format.detect(source.logicalName(), head, source.isDirectory());
      if (score > bestScore) {
        best = format;
        bestScore = score;
        tied.clear();
        tied.add(format.name());
      } else if (score == bestScore && score > 0) {
        tied.add(format.name());
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "cannot tell the format of " + source.name() + "; say which with --format (one of " + names() + ")");
    }
    if (tied.size() > 1) {
      throw new IllegalArgumentException(
          source.name() + " could be any of " + tied + "; say which with --format");
    }
    return best;
  }

  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (InputFormat format : ALL) {
      names.add(format.name());
    }
    return names;
  }
}
