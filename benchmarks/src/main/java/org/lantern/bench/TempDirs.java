package org.lantern.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories for benchmark indexes and stores: created under {@code
 * -Dlantern.bench.dir} (default: the JVM's temp directory) and deleted in tear-down.
 *
 * <p>Thread-safety: stateless.
 */
public final class TempDirs {
  private TempDirs() {}

  /** A new empty directory whose name starts with {@code prefix}. */
  public static Path create(String prefix) {
    try {
      String base = System.getProperty("lantern.bench.dir");
      if (base == null || base.isBlank()) {
        return Files.createTempDirectory(prefix);
      }
      Path parent = Path.of(base);
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** Deletes {@code dir} and everything below it; a missing directory is fine. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
