package org.lantern.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.Participants;
import org.lantern.core.participant.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern participants ...}: the vetted members of an exchange and their API keys, edited
 * on the data directory. A new key is printed once; only its hash is kept.
 */
@Command(
    name = "participants",
    mixinStandardHelpOptions = true,
    description = "Adds, lists and suspends participants; creates and revokes their API keys.",
    subcommands = {
      ParticipantsCommand.Add.class,
      ParticipantsCommand.ListAll.class,
      ParticipantsCommand.Suspend.class,
      ParticipantsCommand.Reactivate.class,
      ParticipantsCommand.KeyCreate.class,
      ParticipantsCommand.KeyRevoke.class
    })
final class ParticipantsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: add, list, suspend, reactivate, key-create or key-revoke");
  }

  /** Opens the exchange, makes one change as the local operator and prints the participant it returns. */
  static int printAfter(CommandSpec spec, ExchangeOptions data, BiFunction<Exchange, Caller, Participant> change)
      throws IOException {
    try (Exchange exchange = data.open()) {
      print(spec.commandLine().getOut(), change.apply(exchange, Caller.localOperator()));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  static void print(PrintWriter out, Participant p) {
    StringBuilder roles = new StringBuilder();
    for (Role r : p.roles()) {
      roles.append(roles.isEmpty() ? "" : ",").append(r.label());
    }
    long activeKeys = p.keys().stream().filter(Participant.ApiKeyInfo::active).count();
    out.printf("%s\t%s\t%s\t%s\t%d active key(s)%n", p.id(), p.displayName(), roles, p.suspended() ? "suspended" : "active", activeKeys);
    for (Participant.ApiKeyInfo key : p.keys()) {
      out.printf("  key %s created %s%s%n", key.keyId(), key.created(), key.active() ? "" : ", revoked " + key.revoked());
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {
        "Adds a participant.",
        "",
        "With the admin role it makes an administrator offline (the server stopped), e.g. for a",
        "directory whose admin key was lost: lantern participants add boss --roles admin,contributor,reader",
        "then lantern participants key-create boss (prints its key once)."
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(paramLabel = "ID", description = "Participant id (1-64 of [A-Za-z0-9._-]).")
    String id;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the id).")
    String name;

    @Option(names = "--roles", split = ",", paramLabel = "ROLES", defaultValue = "reader",
        description = "contributor, reader, admin (comma-separated; default: ${DEFAULT-VALUE}).")
    List<String> roles;

    @Override
    public Integer call() throws IOException {
      Set<Role> set = EnumSet.noneOf(Role.class);
      for (String r : roles) {
        set.add(Role.fromLabel(r));
      }
      return printAfter(spec, data, (exchange, operator) -> exchange.administration().add(operator, id, name, set));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists participants and their keys.")
  static final class ListAll implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Override
    public Integer call() throws IOException {
      try (Exchange exchange = data.open()) {
        for (Participant p : exchange.administration().list(Caller.localOperator())) {
          print(spec.commandLine().getOut(), p);
        }
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code suspend} and {@code reactivate}: one change, with the opposite flag. */
  abstract static class SuspensionChange implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(paramLabel = "ID")
    String id;

    /** Whether the participant is to be suspended (or reactivated). */
    abstract boolean suspend();

    @Override
    public Integer call() throws IOException {
      return printAfter(spec, data, (exchange, operator) -> exchange.administration().setSuspended(operator, id, suspend()));
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspends a participant: it can do nothing until reactivated.")
  static final class Suspend extends SuspensionChange {
    @Override
    boolean suspend() {
      return true;
    }
  }

  @Command(name = "reactivate", mixinStandardHelpOptions = true, description = "Lifts a suspension.")
  static final class Reactivate extends SuspensionChange {
    @Override
    boolean suspend() {
      return false;
    }
  }

  @Command(name = "key-create", mixinStandardHelpOptions = true,
      description = "Creates an API key and prints it once (only its hash is kept: store it now).")
  static final class KeyCreate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws IOException {
      Participants.NewKey key;
      try (Exchange exchange = data.open()) {
        key = exchange.administration().createKey(Caller.localOperator(), id);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(key.secret());
      out.flush();
      spec.commandLine().getErr().println("key " + key.keyId() + " for " + id + ": shown once, store it now");
      return 0;
    }
  }

  @Command(name = "key-revoke", mixinStandardHelpOptions = true, description = "Revokes an API key at once.")
  static final class KeyRevoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "KEY_ID")
    String keyId;

    @Override
    public Integer call() throws IOException {
      boolean revoked;
      try (Exchange exchange = data.open()) {
        revoked = exchange.administration().revokeKey(Caller.localOperator(), id, keyId);
      }
      spec.commandLine().getOut().println(revoked ? "revoked " + keyId : keyId + " was already revoked");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
