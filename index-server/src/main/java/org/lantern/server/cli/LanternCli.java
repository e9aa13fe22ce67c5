package org.lantern.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.lantern.core.store.StoreFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lantern} command line. Each subcommand is a small class; this one wires them and
 * turns expected failures (bad arguments, unreadable files, damaged data directories) into one
 * line on stderr and exit status 2 — never a stack trace.
 *
 * <p>Thread-safety: one command line per {@link #run} call; calls share nothing.
 */
@Command(
    name = "lantern",
    mixinStandardHelpOptions = true,
    version = "Lantern 0.1.0",
    description = {
      "Lantern: an open signal exchange against child sexual abuse online.",
      "Perceptual-hash similarity search over a persistent, off-heap index.",
      "A match is a lead for investigation, not evidence."
    },
    subcommands = {
      ServeCommand.class, LoadCommand.class, MatchCommand.class, HashCommand.class, SignalsCommand.class,
      ParticipantsCommand.class, AuditCommand.class, BenchCommand.class
    })
public final class LanternCli implements Runnable {
  /** Exit status for bad input (rejected lines, malformed queries, bad arguments). */
  static final int EXIT_BAD_INPUT = 2;

  /**
   * Lucene logs through java.util.logging, at INFO on every start; a command's output is its
   * answer, so only warnings get through. Held here because JUL keeps loggers weakly.
   */
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");
  /** Helidon announces its features and channels at INFO; {@code serve} prints its own line. */
  private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve, load, match, hash, signals, participants, audit or bench");
  }

  public static void main(String[] args) {
    LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
    HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
    PrintWriter out = new PrintWriter(new java.io.BufferedWriter(
        new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16));
    PrintWriter err = new PrintWriter(System.err, true);
    int status = run(args, out, err);
    out.flush();
    System.exit(status);
  }

  /** Runs the command line with the given output streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new LanternCli());
    LoadCommand.listFormats(commandLine.getSubcommands().get("load").getCommandSpec());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (isExpected(exception)) {
            // The full command ("lantern participants list"), so the message says which one failed.
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(exception));
            return EXIT_BAD_INPUT;
          }
          throw exception;
        });
    return commandLine.execute(args);
  }

  private static boolean isExpected(Exception e) {
    return e instanceof IllegalArgumentException
        || e instanceof org.lantern.core.participant.AccessDeniedException
        || e instanceof IllegalStateException
        || e instanceof StoreFormatException
        || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  private static String describe(Exception e) {
    if (e instanceof org.lantern.core.signal.SignalRejectedException rejected) {
      return rejected.field() + ": " + rejected.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
      return e.getMessage() + ": " + unchecked.getCause().getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
