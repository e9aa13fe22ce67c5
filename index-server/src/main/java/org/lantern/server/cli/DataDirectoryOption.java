package org.lantern.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Mixin {@code --data DIR}: the data directory a command works on, {@code ./data} unless said.
 * Commands that open the exchange take it through {@link ExchangeOptions}; those that only read
 * a part of the directory (the audit log, a hash index) take it alone, and {@link #required}.
 *
 * <p>Thread-safety: one instance per command line, filled by picocli before the command runs.
 */
final class DataDirectoryOption {
  /** The data directory when {@code --data} is not given. */
  static final Path DEFAULT = Path.of("./data");

  // No picocli default: a command may need to know whether --data was given (load --server).
  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./data, except for audit and match, which need it said).")
  private Path given;

  /** The data directory: {@code --data}, or {@link #DEFAULT}. */
  Path path() {
    return given != null ? given : DEFAULT;
  }

  /**
   * The data directory, which this command needs said: commands that only read (the audit log, a
   * hash index) refuse to guess, so a missing {@code --data} fails as a missing required option.
   */
  Path required(CommandSpec command) {
    if (given == null) {
      throw new ParameterException(command.commandLine(), "Missing required option: '--data=DIR'");
    }
    return given;
  }

  /** Whether {@code --data} was given on the command line. */
  boolean given() {
    return given != null;
  }
}
