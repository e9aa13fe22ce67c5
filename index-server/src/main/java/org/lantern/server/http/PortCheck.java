package org.lantern.server.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tells at once, in one line, that the address to listen on is taken. Helidon logs a failed bind
 * as a long stack trace and returns a server that is not running; checking first keeps the
 * answer short and lets {@code lantern serve} exit before it opens (and locks) the data directory.
 *
 * <p>Thread-safety: stateless.
 */
final class PortCheck {
  private PortCheck() {}

  /** @throws IllegalStateException when {@code host:port} cannot be bound now (port 0 always can) */
  static void requireFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Helidon binds: a port in TIME_WAIT is free
      probe.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      String reason = String.valueOf(e.getMessage());
      throw new IllegalStateException(
          reason.toLowerCase(java.util.Locale.ROOT).contains("in use") ? inUse(host, port) : "cannot listen on " + host + ":" + port + ": " + reason);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
  }

  static String inUse(String host, int port) {
    return "cannot listen on " + host + ":" + port + ": the address is already in use"
        + " (another server runs there?); choose another with --port, or --port 0 for any free one";
  }
}
