package org.lantern.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lantern bench}: whole-system benchmarks (JMH lives in the benchmarks module). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Whole-system benchmarks on seeded synthetic data.",
    subcommands = {
      GenCommand.class, IndexBenchCommand.class, SignalsBenchCommand.class, HttpBenchCommand.class, ReplicaBenchCommand.class,
      ReportCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: gen, index, signals, http or report");
  }
}
