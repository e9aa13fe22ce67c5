package org.lantern.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lantern index ...}: engineers' tools that work on a data directory's hash indexes
 * directly, below the exchange (no participants, no visibility, no audit).
 *
 * <p>Thread-safety: one command per instance.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Engineers' tools on the raw hash indexes (below the exchange; not audited).",
    subcommands = {IndexMatchCommand.class})
final class IndexCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: match");
  }
}
