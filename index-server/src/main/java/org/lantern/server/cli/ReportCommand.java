package org.lantern.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lantern bench report}: runs the benchmark report of the benchmarks module in a child JVM
 * ({@code org.lantern.bench.report.ReportMain} in {@code benchmarks/target/benchmarks.jar}, built
 * first when missing or older than the sources). The server module does not depend on JMH; the
 * report needs a checkout (it runs JMH, {@code benchmarks/peers/run-peers.sh} and {@code
 * ./lantern bench http}) and writes {@code benchmarks/RESULTS.md} and {@code benchmarks/plots/}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a benchmark profile (JMH, FAISS peers, HTTP load) and writes benchmarks/RESULTS.md and plots.",
      "",
      "Example: lantern bench report --profile quick"
    })
final class ReportCommand implements Callable<Integer> {
  private static final String MAIN = "org.lantern.bench.report.ReportMain";

  @Spec CommandSpec spec;

  @Option(names = "--profile", defaultValue = "quick",
      description = "quick (about 5 minutes) or full (about an hour) (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--skip", paramLabel = "PARTS", description = "Comma-separated parts to leave out: jmh, peers, http.")
  String skip;

  @Option(names = "--root", paramLabel = "DIR", description = "The Lantern checkout (default: the one this jar was built in).")
  Path root;

  @Override
  public Integer call() throws Exception {
    if (!profile.equalsIgnoreCase("quick") && !profile.equalsIgnoreCase("full")) {
      throw new ParameterException(spec.commandLine(), "--profile: expected quick or full, got '" + profile + "'");
    }
    Path checkout = root != null ? root : defaultRoot();
    if (checkout == null || !Files.isRegularFile(checkout.resolve("benchmarks/peers/run-peers.sh"))) {
      throw new ParameterException(spec.commandLine(), "--root: "
          + (checkout == null ? "cannot tell where the checkout is" : checkout + " is not a Lantern checkout")
          + "; give --root DIR (the report runs JMH and scripts from the source tree)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path jar = checkout.resolve("benchmarks/target/benchmarks.jar");
    if (stale(checkout, jar)) {
      out.println("report: building benchmarks/target/benchmarks.jar ...");
      out.flush();
      int status = new ProcessBuilder(checkout.resolve("mvnw").toString(), "-q", "-B", "-pl", "benchmarks", "-am",
          "package", "-DskipTests").directory(checkout.toFile()).inheritIO().start().waitFor();
      if (status != 0) {
        throw new IllegalStateException("building the benchmarks jar failed (exit " + status + ")");
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jarFlags(jar));
    command.add("-Dchronicle.analytics.disable=true");
    command.addAll(List.of("-cp", jar.toString(), MAIN, "--profile", profile.toLowerCase(java.util.Locale.ROOT),
        "--root", checkout.toString()));
    if (skip != null) {
      command.addAll(List.of("--skip", skip));
    }
    return new ProcessBuilder(command).directory(checkout.toFile()).inheritIO().start().waitFor();
  }

  /** The checkout this jar was built in: {@code ROOT/index-server/target/lantern.jar}. */
  private static Path defaultRoot() {
    try {
      Path jar = Path.of(ReportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = jar.getParent();
      return target == null || target.getParent() == null ? null : target.getParent().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Whether the jar is missing or older than a source of the modules it bundles. */
  private static boolean stale(Path checkout, Path jar) throws IOException {
    if (!Files.exists(jar)) {
      return true;
    }
    FileTime built = Files.getLastModifiedTime(jar);
    for (String module : List.of("benchmarks/src/main", "index-core/src/main", "benchmarks/pom.xml", "index-core/pom.xml", "pom.xml")) {
      Path path = checkout.resolve(module);
      if (!Files.exists(path)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(path)) {
        boolean newer = files.anyMatch(p -> {
          try {
            return Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(built) > 0;
          } catch (IOException e) {
            return true;
          }
        });
        if (newer) {
          return true;
        }
      }
    }
    return false;
  }

  /** The JVM flags the benchmarks jar carries (its filtered {@code lantern-jvm.flags}). */
  private static List<String> jarFlags(Path jar) throws IOException {
    List<String> flags = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      var entry = file.getEntry("lantern-jvm.flags");
      if (entry == null) {
        throw new IllegalStateException(jar + " has no lantern-jvm.flags: rebuild it with ./mvnw -pl benchmarks -am package");
      }
      try (InputStream in = file.getInputStream(entry);
           BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            flags.addAll(List.of(line.strip().split("\\s+")));
          }
        }
      }
    }
    return flags;
  }
}
