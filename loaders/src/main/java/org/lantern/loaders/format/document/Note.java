package org.lantern.loaders.format.document;

/**
 * Builds the note of a signal from a source's metadata: {@code "NCMEC image 12; member 42 (Example
 * Member); classification A1"}. Parts are joined with {@code "; "}, each value is cut to {@value
 * #MAX_PART} characters and the whole note to {@value #MAX_NOTE}, well under the exchange's limit
 * (2,000 by default), so that metadata can never be the reason a signal is refused.
 *
 * <p>Thread-safety: not thread-safe; one per note.
 */
final class Note {
  static final int MAX_PART = 200;
  static final int MAX_NOTE = 1_000;

  private final StringBuilder text = new StringBuilder(96);

  /** A note starting with {@code head} (no separator before it). */
  Note(String head) {
    text.append(head);
  }

  /** Appends {@code "; label value"}; does nothing when {@code value} is null or blank. */
  Note add(String label, String value) {
    if (value != null && !value.isBlank()) {
      text.append("; ").append(label).append(' ').append(clip(value.strip()));
    }
    return this;
  }

  /** Appends {@code " value"} to the last part; does nothing when {@code value} is null or blank. */
  Note append(String value) {
    if (value != null && !value.isBlank()) {
      text.append(' ').append(clip(value.strip()));
    }
    return this;
  }

  private static String clip(String value) {
    String oneLine = value.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_PART ? oneLine : oneLine.substring(0, MAX_PART - 3) + "...";
  }

  @Override
  public String toString() {
    return text.length() <= MAX_NOTE ? text.toString() : text.substring(0, MAX_NOTE - 3) + "...";
  }
}
