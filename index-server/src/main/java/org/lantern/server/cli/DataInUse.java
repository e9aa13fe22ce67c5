package org.lantern.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Opens the exchange of a data directory for a command, and when another process holds it (a
 * running {@code lantern serve}, or another command), says what to do next: the same thing
 * through the server's HTTP API (its address comes from {@link ServerRecord}), or how to stop it.
 *
 * <p>Thread-safety: stateless.
 */
final class DataInUse {
  /** What {@link Exchange#open} says when the directory's lock is held. */
  private static final String HELD = "is already open by another exchange";

  private DataInUse() {}

  /**
   * {@link Exchange#open}, with the message for a held directory replaced by the next step for
   * {@code command} (the command being run).
   */
  static Exchange open(ExchangeConfig config, CommandSpec command) {
    try {
      return Exchange.open(config);
    } catch (IllegalStateException e) {
      if (e.getMessage() == null || !e.getMessage().contains(HELD)) {
        throw e;
      }
      throw new IllegalStateException(explain(config.dataDir(), command.qualifiedName(), viaServer(command)), e);
    }
  }

  /** The same thing through the server, with {@code URL} and {@code KEY} in place. */
  static String viaServer(CommandSpec command) {
    String name = command.qualifiedName();
    if (name.equals("lantern load")) {
      List<String> args = new ArrayList<>(List.of("lantern", "load", "--server", "URL", "--key", "KEY"));
      List<String> given = command.commandLine().getParseResult() == null
          ? List.of() : command.commandLine().getParseResult().originalArgs();
      for (int i = given.indexOf("load") + 1; i < given.size(); i++) {
        String arg = given.get(i);
        if (arg.equals("--data") || arg.equals("--as") || arg.equals("--config")) {
          i++; // with --server, the server's directory and the key's participant apply
        } else if (!arg.startsWith("--data=") && !arg.startsWith("--as=") && !arg.startsWith("--config=")) {
          args.add(arg);
        }
      }
      return String.join(" ", args);
    }
    if (name.equals("lantern match")) {
      return "curl -H \"Authorization: Bearer KEY\" URL/v1/match/pdq/HEX (or POST URL/v1/match/hashes, URL/v1/match/image)";
    }
    if (name.startsWith("lantern participants")) {
      return "curl -H \"Authorization: Bearer KEY\" URL/v1/admin/participants"
          + " (POST {\"id\",\"name\",\"roles\"} there to add one; .../ID/keys, .../ID/suspend: see the README)";
    }
    if (name.startsWith("lantern signals")) {
      return "curl -H \"Authorization: Bearer KEY\" URL/v1/signals ... (every call: URL/openapi.yaml)";
    }
    return "its HTTP API (every call: URL/openapi.yaml)";
  }

  static String explain(Path data, String command, String viaServer) {
    var server = ServerRecord.read(data);
    if (server.isEmpty()) {
      return data + " is open in another process (another lantern command, or a server started before this"
          + " version): wait for it to finish or stop it, then run " + command + " again";
    }
    String url = server.get().url();
    Path keyFile = data.resolve(ServeCommand.ADMIN_KEY_FILE);
    String key = Files.isReadable(keyFile) ? "\"$(cat " + keyFile + ")\"" : "YOUR_API_KEY";
    return data + " is held by the server at " + url + " (pid " + server.get().pid() + ")." + System.lineSeparator()
        + "  Do it through the server: " + viaServer.replace("URL", url).replace("KEY", key) + System.lineSeparator()
        + "  or stop the server (Ctrl-C where it runs, or kill " + server.get().pid() + ") and run " + command + " again.";
  }
}
