package org.lantern.server.cli;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
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

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a participant.")
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
    public Integer call() throws java.io.IOException {
      Set<Role> set = EnumSet.noneOf(Role.class);
      for (String r : roles) {
        set.add(Role.fromLabel(r));
      }
      try (Exchange exchange = data.open()) {
        print(spec.commandLine().getOut(), exchange.addParticipant(Caller.localOperator(), id, name, set));
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists participants and their keys.")
  static final class ListAll implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Override
    public Integer call() throws java.io.IOException {
      try (Exchange exchange = data.open()) {
        for (Participant p : exchange.listParticipants(Caller.localOperator())) {
          print(spec.commandLine().getOut(), p);
        }
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspends a participant: it can do nothing until reactivated.")
  static final class Suspend implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws java.io.IOException {
      try (Exchange exchange = data.open()) {
        print(spec.commandLine().getOut(), exchange.setSuspended(Caller.localOperator(), id, true));
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "reactivate", mixinStandardHelpOptions = true, description = "Lifts a suspension.")
  static final class Reactivate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws java.io.IOException {
      try (Exchange exchange = data.open()) {
        print(spec.commandLine().getOut(), exchange.setSuspended(Caller.localOperator(), id, false));
      }
      spec.commandLine().getOut().flush();
      return 0;
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
    public Integer call() throws java.io.IOException {
      Participants.NewKey key;
      try (Exchange exchange = data.open()) {
        key = exchange.createKey(Caller.localOperator(), id);
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
    public Integer call() throws java.io.IOException {
      boolean revoked;
      try (Exchange exchange = data.open()) {
        revoked = exchange.revokeKey(Caller.localOperator(), id, keyId);
      }
      spec.commandLine().getOut().println(revoked ? "revoked " + keyId : keyId + " was already revoked");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
