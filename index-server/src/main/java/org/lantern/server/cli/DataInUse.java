package org.lantern.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;

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
   * {@link Exchange#open}, with the message for a held directory replaced by the next step.
   *
   * @param command the command as typed, e.g. {@code lantern load}
   * @param viaServer how to do the same through the server, with {@code URL} and {@code KEY} in
   *     place of its address and an API key
   */
  static Exchange open(ExchangeConfig config, String command, String viaServer) {
    try {
      return Exchange.open(config);
    } catch (IllegalStateException e) {
      if (e.getMessage() == null || !e.getMessage().contains(HELD)) {
        throw e;
      }
      throw new IllegalStateException(explain(config.dataDir(), command, viaServer), e);
    }
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
