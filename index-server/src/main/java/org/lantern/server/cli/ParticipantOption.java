package org.lantern.server.cli;

import org.lantern.core.exchange.Exchange;
import org.lantern.core.participant.Caller;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Mixin {@code --as PARTICIPANT}: who a command acts as on a data directory. Optional in the
 * grammar; commands that cannot act as the local operator call {@link #require} before anything
 * else, which fails exactly as a missing required option does.
 *
 * <p>Thread-safety: one instance per command line, filled by picocli before the command runs.
 */
final class ParticipantOption {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--as", paramLabel = "PARTICIPANT",
      description = "Act as this participant (registered and active). Default: the local operator, who sees "
          + "everything; to add or retract signals a participant is needed.")
  String id;

  /** The caller for {@code --as}: the registered, active participant, or the local operator without it. */
  Caller caller(Exchange exchange) {
    return id == null ? Caller.localOperator() : registered(exchange, id);
  }

  /** Refuses a command line without {@code --as}, for commands that need a participant. */
  void require() {
    if (id == null) {
      throw new ParameterException(command.commandLine(), "Missing required option: '--as=PARTICIPANT'");
    }
  }

  /** The registered, active participant {@code id}, or a message that says how to add it. */
  static Caller registered(Exchange exchange, String id) {
    return exchange.participants().caller(id).orElseThrow(() -> new IllegalArgumentException(
        "no active participant '" + id + "' in this data directory (add one: lantern participants add "
            + id + " --roles contributor,reader)"));
  }
}
