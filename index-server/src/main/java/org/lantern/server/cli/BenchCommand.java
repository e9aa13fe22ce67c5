package org.lantern.server.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lantern bench ...}: the whole-system benchmarks. They are not in this jar — they and
 * their synthetic data sets belong to the benchmarks module, which nothing depends on — so this
 * command runs them from the checkout's {@code benchmarks/target/benchmarks.jar} ({@link
 * BenchmarksJar}, built first when missing or stale), in a child JVM with this JVM's options (the
 * launcher's flags and {@code LANTERN_JAVA_OPTS}, so figures are measured as before) and in the
 * current directory (so relative paths mean what they say). Every argument after {@code bench},
 * {@code --help} included, is the benchmarks' own command line ({@code org.lantern.bench.cli.BenchCli}).
 *
 * <p>Thread-safety: one instance per command line.
 */
@Command(
    name = "bench",
    description = {
      "Whole-system benchmarks on seeded synthetic data (lantern bench --help lists them).",
      "(run from benchmarks/target/benchmarks.jar, built on first use; 'lantern bench --help')."
    })
final class BenchCommand implements Callable<Integer> {
  /** The benchmarks' main class in the benchmarks jar. */
  static final String MAIN = "org.lantern.bench.cli.BenchCli";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    Path checkout = BenchmarksJar.checkout();
    if (checkout == null) {
      throw new IllegalStateException("the benchmarks run from a Lantern checkout (benchmarks/ beside index-server/), "
          + "and this jar is not in one: run ./lantern bench from the checkout");
    }
    BenchmarksJar jar = new BenchmarksJar(checkout);
    jar.buildIfStale(err);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-Dchronicle.analytics.disable=true"); // never phones home, whatever the parent had
    command.add("-Dlantern.root=" + checkout);
    command.addAll(List.of("-cp", jar.path().toString(), MAIN));
    command.addAll(args);
    spec.commandLine().getOut().flush();
    err.flush();
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
