package org.lantern.loaders.format.line;

import java.io.IOException;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * The loop shared by formats with one record per line: skips blank lines (and {@code #} comments
 * where the format has them), turns a line {@link LineReader} could not read exactly (too long,
 * not UTF-8) into a rejected record, and hands every other line to {@link #parse}. So every line
 * that is not blank or a comment yields exactly one record.
 *
 * <p>Thread-safety: not thread-safe; one thread reads.
 */
abstract class LineRecordReader implements RecordReader {
  private final LineReader lines;
  private final boolean comments;

  /** @param comments whether a line whose first non-blank character is {@code #} is skipped */
  LineRecordReader(LineReader lines, boolean comments) {
    this.lines = lines;
    this.comments = comments;
  }

  @Override
  public final SourceRecord next() throws IOException {
    for (String text = lines.next(); text != null; text = lines.next()) {
      String problem = lines.problem();
      if (problem != null) {
        return new SourceRecord.Rejected(lines.number(), SourceRecord.clip(text), problem);
      }
      if (!Text.isSkippable(text, comments)) {
        return parse(lines.number(), text);
      }
    }
    return null;
  }

  /**
   * The record of one line that is neither blank nor a comment.
   *
   * @param text the line as in the file, without its terminator (clip it for {@code original})
   */
  abstract SourceRecord parse(long line, String text);

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
