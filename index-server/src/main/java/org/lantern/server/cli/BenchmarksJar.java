package org.lantern.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code benchmarks/target/benchmarks.jar} of a checkout, for {@code lantern bench}: found beside
 * the application jar ({@code ROOT/index-server/target/lantern.jar}), and built with the checkout's
 * Maven wrapper when it is missing or older than a source of the modules it bundles.
 *
 * <p>Thread-safety: immutable; building is not safe to run twice at once on one checkout.
 */
final class BenchmarksJar {
  /** What the benchmarks jar is built from: newer files here make it stale. */
  private static final List<String> SOURCES = List.of("pom.xml", "benchmarks/pom.xml", "benchmarks/src/main",
      "index-core/pom.xml", "index-core/src", "loaders/pom.xml", "loaders/src/main", "index-server/pom.xml",
      "index-server/src/main");

  private final Path checkout;

  BenchmarksJar(Path checkout) {
    this.checkout = checkout;
  }

  Path path() {
    return checkout.resolve("benchmarks/target/benchmarks.jar");
  }

  /** The checkout this jar was built in, or {@code null} when it is not in one. */
  static Path checkout() {
    try {
      Path jar = Path.of(BenchmarksJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // ROOT/index-server/target/lantern.jar, or ROOT/index-server/target/classes when run from the build
      Path module = jar.getParent() == null ? null : jar.getParent().getParent();
      Path root = module == null ? null : module.getParent();
      return root != null && Files.isRegularFile(root.resolve("benchmarks/pom.xml")) ? root : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Builds the jar (quietly: the log is shown only when the build fails) when it is missing or stale. */
  void buildIfStale(PrintWriter err) throws IOException, InterruptedException {
    if (!stale()) {
      return;
    }
    err.println("lantern bench: building benchmarks/target/benchmarks.jar (first run, or the sources changed) ...");
    err.flush();
    Path log = Files.createTempFile("lantern-bench-build", ".log");
    int status = new ProcessBuilder(checkout.resolve("mvnw").toString(), "-q", "-B", "-pl", "benchmarks", "-am",
        "package", "-DskipTests").directory(checkout.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start().waitFor();
    if (status != 0) {
      List<String> lines = Files.readAllLines(log);
      lines.subList(0, Math.max(0, lines.size() - 40)).clear();
      lines.forEach(err::println);
      throw new IllegalStateException("building the benchmarks jar failed (exit " + status + "); the log: " + log);
    }
    Files.delete(log);
  }

  /** Whether the jar is missing or older than a source of the modules it bundles. */
  private boolean stale() throws IOException {
    Path jar = path();
    if (!Files.exists(jar)) {
      return true;
    }
    FileTime built = Files.getLastModifiedTime(jar);
    for (String source : SOURCES) {
      Path path = checkout.resolve(source);
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(path)) {
        if (files.anyMatch(p -> newer(p, built))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean newer(Path p, FileTime than) {
    try {
      return Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(than) > 0;
    } catch (IOException e) {
      return true;
    }
  }
}
