package org.lantern.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.lantern.server.http.AccessLog;
import picocli.CommandLine.Option;

/**
 * Mixin {@code --host HOST --access-log FILE}: where a server command listens and what it logs
 * per request. The port is each command's own option (its default differs: 8080 for an exchange,
 * 8081 for a replica, so both run side by side on one machine).
 *
 * <p>Thread-safety: one instance per command line, filled by picocli before the command runs.
 */
final class ListenOptions {
  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "Access log: a file, '-' for stderr, or 'off' (default: DATA/access.log).")
  String accessLog;

  /** Refuses a port outside 0..65535 (0: any free port). */
  static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
  }

  /** The access log: {@code --access-log}, else {@code DATA/access.log}. */
  AccessLog accessLog(Path data) throws IOException {
    return AccessLog.parse(accessLog == null ? data.resolve("access.log").toString() : accessLog);
  }

  /** The base URL the server listens on, as a user on this machine would type it. */
  String url(int port) {
    return "http://" + forUrl(host) + ":" + port;
  }

  /** The base URL a local client reaches the server at (the loopback address for a wildcard host). */
  String localUrl(int port) {
    return "http://" + forUrl(host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host) + ":" + port;
  }

  private static String forUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
