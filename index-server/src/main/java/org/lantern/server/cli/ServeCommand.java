package org.lantern.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.PrivateFiles;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Participant;
import org.lantern.core.participant.Role;
import org.lantern.server.compat.CompatConfig;
import org.lantern.server.http.LanternServer;
import org.lantern.server.http.ServerLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern serve}: the exchange on the network. On a fresh data directory it creates the
 * participant {@code admin} with every role and prints its API key once (also written to {@code
 * DATA/admin.key}, readable by its owner only), so that a new exchange is usable at once. Stops
 * gracefully on SIGTERM or Ctrl-C: no new connections, in-flight requests finish, the exchange
 * closes cleanly.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the exchange's HTTP API (see /openapi.yaml) on a data directory.",
      "",
      "On a data directory where no participant can administer (a fresh one, or one filled by",
      "'lantern load' first), it creates the participant 'admin' with every role and prints its",
      "API key once; the key is also in DATA/admin.key, readable by its owner only.",
      "While it runs, it holds the data directory: other commands on it say how to do the same",
      "through the server (its address is in DATA/server.url).",
      "",
      "Example: lantern serve --data ./data --port 8080",
      "         curl -H \"Authorization: Bearer $(cat data/admin.key)\" \\",
      "              http://127.0.0.1:8080/v1/match/pdq/<hex>"
    })
final class ServeCommand implements Callable<Integer> {
  static final String ADMIN = "admin";
  static final String ADMIN_KEY_FILE = "admin.key";

  @Spec CommandSpec spec;

  @Mixin ExchangeOptions exchangeOptions;

  @Mixin ListenOptions listen;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(names = "--accept-broken-audit",
      description = "Start even though the audit log's chain is broken or no longer holds its last verified point"
          + " (cut back or rewritten). Without it the server refuses to start on a broken log. The acceptance is"
          + " recorded in the log (audit_broken_accepted), and is needed at every start until the log is restored"
          + " or archived.")
  boolean acceptBrokenAudit;

  @Override
  public Integer call() throws Exception {
    ListenOptions.checkPort(port);
    Path data = exchangeOptions.path();
    if (org.lantern.server.replica.ReplicaState.isReplica(data)) {
      throw new IllegalArgumentException(data + " holds a replica (" + org.lantern.server.replica.ReplicaState.FILE
          + "): start it with lantern replica; writes taken here would never reach the exchange it follows");
    }
    Properties properties = exchangeOptions.properties();
    ExchangeConfig exchangeConfig = ExchangeConfig.fromProperties(data, properties);
    List<String> warnings = PrivateFiles.create(data); // 0700 before the access log or anything else is in it
    LanternServer server = LanternServer.start(listen.host, port, ServerLimits.fromProperties(properties), listen.accessLog(data),
        CompatConfig.fromProperties(properties));
    Exchange exchange = ServerLaunch.openBehind(server, () -> Exchange.open(exchangeConfig, acceptBrokenAudit));
    CreatedAdmin created = bootstrapAdmin(exchange, data);
    ServerLaunch.printWarnings(spec.commandLine().getErr(), warnings, exchange);
    server.exchangeOpened(exchange);

    var out = spec.commandLine().getOut();
    out.println("Lantern exchange on " + listen.url(server.port()) + " with data in " + data
        + " (" + exchange.storedSignals() + " signals" + (exchange.recovered() ? ", recovered after an unclean stop" : "") + ")");
    if (created != null) {
      out.println("Created participant '" + created.id() + "' with every role. Its API key, shown once (also in "
          + data.resolve(ADMIN_KEY_FILE) + ", owner-only):");
      out.println(created.key());
    }
    ServerRecord.write(data, listen.localUrl(server.port()));
    out.println("API description: " + listen.url(server.port()) + "/openapi.yaml; Ctrl-C stops.");
    out.flush();

    ServerLaunch.onSignal(() -> {
      server.stop(); // in-flight requests finish first
      exchange.close();
      ServerRecord.remove(data);
    });
    ServerLaunch.awaitSignal();
    return 0;
  }

  /**
   * When no participant can administer the exchange (none with the admin role that is active and
   * holds an active key: a fresh directory, or one filled by {@code lantern load} first), adds one
   * with every role and a key, writes the key to {@code DATA/admin.key} (rw-------) and returns
   * it with the participant's id; {@code null} otherwise. The participant is {@code admin}, or when that id is taken by a
   * participant that cannot administer, the first free {@code admin-N}. Done as the local
   * operator (whoever can start the server on this directory), so that the audit log records who
   * created the admin and its key, like any later participant change.
   */
  static CreatedAdmin bootstrapAdmin(Exchange exchange, Path data) throws IOException {
    String id = adminToCreate(exchange.participants().list());
    if (id == null) {
      return null;
    }
    Caller operator = Caller.localOperator();
    exchange.administration().add(operator, id, "Exchange administrator", EnumSet.allOf(Role.class));
    String key = exchange.administration().createKey(operator, id).secret();
    Path file = data.resolve(ADMIN_KEY_FILE);
    Files.deleteIfExists(file);
    // Created with owner-only permissions, never readable by others even for an instant.
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    return new CreatedAdmin(id, key);
  }

  /** An admin participant {@link #bootstrapAdmin} created, and its API key. */
  record CreatedAdmin(String id, String key) {}

  /** The id of the admin participant to create, or {@code null} when one can already administer. */
  static String adminToCreate(java.util.List<Participant> participants) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (Participant p : participants) {
      taken.add(p.id());
      if (p.roles().contains(Role.ADMIN) && !p.suspended() && p.keys().stream().anyMatch(Participant.ApiKeyInfo::active)) {
        return null;
      }
    }
    String id = ADMIN;
    for (int n = 2; taken.contains(id); n++) {
      id = ADMIN + "-" + n;
    }
    return id;
  }
}
