package org.lantern.loaders.format.line;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lantern.loaders.format.InputSource;

/**
 * The first lines of an input, for format detection: decoded from {@link InputSource#head}, with
 * blank lines (and, if asked, {@code #} comments) left out, and without a last line that the
 * {@link InputSource#HEAD_BYTES} limit may have cut.
 *
 * <p>Thread-safety: immutable.
 */
final class HeadSample {
  /** Lines looked at; enough to tell formats apart, few enough to be quick. */
  static final int MAX_LINES = 50;

  /** Share of the sampled lines that must have a format's shape: tolerates a few bad lines. */
  private static final double MOSTLY = 0.8;

  private final List<String> lines;

  private HeadSample(List<String> lines) {
    this.lines = lines;
  }

  static HeadSample of(byte[] head, boolean skipComments) {
    int from = 0;
    if (head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
      from = 3;
    }
    int to = head.length;
    if (head.length >= InputSource.HEAD_BYTES) {
      // the limit may have cut the last line: keep whole lines only
      while (to > from && head[to - 1] != '\n') {
        to--;
      }
    }
    String text = new String(head, from, to - from, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length() && lines.size() < MAX_LINES) {
      int nl = text.indexOf('\n', start);
      int stop = nl < 0 ? text.length() : nl;
      String line = text.substring(start, stop);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!Text.isSkippable(line, skipComments)) {
        lines.add(line);
      }
      start = stop + 1;
    }
    return new HeadSample(lines);
  }

  /** The sampled lines, in order. */
  List<String> lines() {
    return lines;
  }

  /** The first sampled line, or {@code null} when the head has none. */
  String first() {
    return lines.isEmpty() ? null : lines.get(0);
  }

  /** True when there is a line and at least 80% of the sampled lines pass {@code shape}. */
  boolean mostly(Predicate<String> shape) {
    return mostly(lines, shape);
  }

  /**
   * {@link #mostly} and the first line passes too: for formats without a header row, so that a
   * CSV whose rows happen to look like theirs is not taken for them because of its rows alone.
   */
  boolean headerlessAndMostly(Predicate<String> shape) {
    return !lines.isEmpty() && shape.test(lines.get(0).strip()) && mostly(shape);
  }

  /** The same test over {@code sample}, e.g. the lines after a header. */
  static boolean mostly(List<String> sample, Predicate<String> shape) {
    if (sample.isEmpty()) {
      return false;
    }
    int matching = 0;
    for (String line : sample) {
      if (shape.test(line.strip())) {
        matching++;
      }
    }
    return matching >= MOSTLY * sample.size();
  }
}
