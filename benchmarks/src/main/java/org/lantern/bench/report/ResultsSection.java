package org.lantern.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the generated part of {@code RESULTS.md}: everything between {@value #BEGIN} and {@value
 * #END} is replaced, nothing outside them is touched. Without markers, the section and its markers
 * are appended at the end, so hand-written sections above always survive a report.
 *
 * <p>Thread-safety: stateless; not safe against two reports writing the same file at once.
 */
public final class ResultsSection {
  public static final String BEGIN = "<!-- report:begin -->";

  public static final String END = "<!-- report:end -->";

  private ResultsSection() {}

  /** {@code document} with the generated section set to {@code body}. */
  public static String replace(String document, String body) {
    String section = BEGIN + "\n" + body.stripTrailing() + "\n" + END;
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 && end < 0) {
      String base = document.isEmpty() || document.endsWith("\n") ? document : document + "\n";
      return base + "\n" + section + "\n";
    }
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("RESULTS.md has a broken report section: " + BEGIN
          + " and " + END + " must both appear, in that order");
    }
    return document.substring(0, begin) + section + document.substring(end + END.length());
  }

  /** Rewrites {@code file}'s generated section (atomically: a temporary file, then a move). */
  public static void write(Path file, String body) throws IOException {
    String document = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "RESULTS", ".tmp");
    Files.writeString(tmp, replace(document, body), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
