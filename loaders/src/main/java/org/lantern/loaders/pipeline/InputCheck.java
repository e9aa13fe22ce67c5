package org.lantern.loaders.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.Formats;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;

/**
 * The check a load makes before it loads anything: every input exists, can be read, has a format
 * that can be told (or is forced), and that format accepts it (a type in its name, a header). All
 * problems are reported together, so that one run shows everything to fix, and a load with any
 * unusable input loads nothing (a half-loaded set of files is the worse outcome: the user cannot
 * tell what is in). Standard input is not checked here: reading it to check would consume it.
 *
 * <p>Thread-safety: stateless.
 */
public final class InputCheck {
  private InputCheck() {}

  /**
   * One message per unusable input ({@code FILE: why}), in input order; empty when every input
   * can be loaded.
   *
   * @param forced the format {@code --format} forces, or {@code null} to detect each input's
   */
  public static List<String> problems(List<InputSource> inputs, InputFormat forced, FormatOptions options) {
    List<String> problems = new ArrayList<>();
    for (InputSource input : inputs) {
      String problem = problem(input, forced, options);
      if (problem != null) {
        problems.add(problem.startsWith(input.name()) ? problem : input.name() + ": " + problem);
      }
    }
    return problems;
  }

  private static String problem(InputSource input, InputFormat forced, FormatOptions options) {
    Path path = input.path();
    if (path == null) {
      return null;
    }
    if (!Files.exists(path)) {
      return "no such file or directory";
    }
    if (!Files.isReadable(path)) {
      return "cannot be read (permission denied)";
    }
    try (InputStream content = input.isDirectory() ? null : input.open()) {
      InputFormat format = forced != null ? forced : Formats.detect(input, content == null ? new byte[0] : input.head(content));
      try (RecordReader reader = format.open(input, content, options)) {
        return null; // opened: its records are checked one by one while loading
      }
    } catch (IOException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }
}
