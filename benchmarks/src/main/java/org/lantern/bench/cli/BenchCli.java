package org.lantern.bench.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.lantern.server.cli.LanternCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lantern bench}: the whole-system benchmarks on seeded synthetic data ({@code
 * org.lantern.core.synth}, from index-core's test-jar). They live here, in the benchmarks module,
 * not in the product: {@code lantern bench ...} in the application jar finds {@code
 * benchmarks/target/benchmarks.jar} in its checkout, builds it when stale, and runs this class in
 * a child JVM with the same JVM options, so the commands read exactly as documented.
 *
 * <p>Thread-safety: one command line per {@link #main} call.
 */
@Command(
    name = "lantern bench",
    mixinStandardHelpOptions = true,
    version = "Lantern 0.1.0",
    description = "Whole-system benchmarks on seeded synthetic data.",
    subcommands = {
      GenCommand.class, IndexBenchCommand.class, SignalsBenchCommand.class, HttpBenchCommand.class, ReportCommand.class
    })
public final class BenchCli implements Runnable {
  /** The checkout the benchmarks jar belongs to, set by the {@code lantern bench} launcher. */
  static final String ROOT_PROPERTY = "lantern.root";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: gen, index, signals, http or report");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.BufferedWriter(
        new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
    PrintWriter err = new PrintWriter(System.err, true);
    int status = run(args, out, err);
    out.flush();
    System.exit(status);
  }

  /** Runs the command line with the given output streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return LanternCli.execute(new CommandLine(new BenchCli()), args, out, err);
  }

  /** The checkout: {@value #ROOT_PROPERTY}, else the one this jar was built in ({@code ROOT/benchmarks/target/*.jar}). */
  static Path checkout() {
    String given = System.getProperty(ROOT_PROPERTY);
    if (given != null) {
      return Path.of(given);
    }
    try {
      Path jar = Path.of(BenchCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = jar.getParent();
      return target == null || target.getParent() == null ? null : target.getParent().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
