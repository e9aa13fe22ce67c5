package org.lantern.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lantern.bench.report.ReportMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lantern bench report}: runs the benchmark report ({@link ReportMain}): JMH, {@code
 * benchmarks/peers/run-peers.sh} and {@code ./lantern bench http}, then writes {@code
 * benchmarks/RESULTS.md} and {@code benchmarks/plots/}. It needs a checkout: the one this jar was
 * built in ({@value BenchCli#ROOT_PROPERTY}, set by {@code lantern bench}), or {@code --root}.
 *
 * <p>Thread-safety: one instance per command line.
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
    Path checkout = root != null ? root : BenchCli.checkout();
    if (checkout == null || !Files.isRegularFile(checkout.resolve("benchmarks/peers/run-peers.sh"))) {
      throw new ParameterException(spec.commandLine(), "--root: "
          + (checkout == null ? "cannot tell where the checkout is" : checkout + " is not a Lantern checkout")
          + "; give --root DIR (the report runs JMH and scripts from the source tree)");
    }
    List<String> args = new ArrayList<>(List.of("--profile", profile.toLowerCase(Locale.ROOT), "--root", checkout.toString()));
    if (skip != null) {
      args.addAll(List.of("--skip", skip));
    }
    spec.commandLine().getOut().flush();
    ReportMain.main(args.toArray(String[]::new));
    return 0;
  }
}
