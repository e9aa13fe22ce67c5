package org.lantern.loaders.format;

import org.lantern.core.exchange.SignalSubmission;

/**
 * One record read from an input file, in file order: a signal to share, a signal to withdraw, a
 * record that cannot be loaded (with the reason), or a hash of a type Lantern does not hold.
 *
 * <p>{@code line} is the 1-based line where the record starts in the (decompressed) input, or,
 * for a directory of images, the 1-based position of the file in the directory's sorted walk.
 * {@code original} is the record's text as it appears in the input (one line, or the element of
 * an XML/JSON document, clipped by the reader to {@link #MAX_ORIGINAL} characters), so that a
 * rejected record can be fixed and loaded again.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface SourceRecord {
  /** Longest {@link #original()} a reader keeps; longer text is cut and ends with "...". */
  int MAX_ORIGINAL = 4096;

  long line();

  String original();

  /** A signal to submit. Fields the file does not carry are {@code null}; the pipeline fills them from the command line. */
  record Submit(long line, String original, SignalSubmission submission) implements SourceRecord {}

  /** A signal the source withdraws (an NCMEC {@code <deletedImage>}, a StopNCII hash no longer active). */
  record Retract(long line, String original, String type, String value) implements SourceRecord {}

  /** A record that cannot be loaded: {@code reason} says which field and what was expected. */
  record Rejected(long line, String original, String reason) implements SourceRecord {}

  /**
   * A hash of a type Lantern does not store (PhotoDNA, say): counted in the summary under its
   * type, not an error and not one of the records read.
   */
  record Unsupported(long line, String original, String type) implements SourceRecord {}

  /** Cuts {@code text} to {@link #MAX_ORIGINAL} characters. */
  static String clip(String text) {
    return text.length() <= MAX_ORIGINAL ? text : text.substring(0, MAX_ORIGINAL - 3) + "...";
  }
}
