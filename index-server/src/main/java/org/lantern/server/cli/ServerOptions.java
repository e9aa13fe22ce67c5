package org.lantern.server.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Mixin {@code --server URL --key KEY}: a running Lantern server a command works through instead
 * of a data directory, and the API key that says who the command is there.
 *
 * <p>Thread-safety: one instance per command line, filled by picocli before the command runs.
 */
final class ServerOptions {
  /** The environment variable read when {@code --key} is not given. */
  static final String KEY_VARIABLE = "LANTERN_KEY";

  @Option(names = "--server", paramLabel = "URL",
      description = "Work through a running server instead, e.g. http://localhost:8080.")
  URI server;

  @Option(names = "--key", paramLabel = "KEY",
      description = "API key for --server (default: the " + KEY_VARIABLE + " environment variable).")
  String key;

  /** Whether {@code --server} was given. */
  boolean given() {
    return server != null;
  }

  /** The API key: {@code --key}, else the environment's; refused when neither says one. */
  String apiKey() {
    String apiKey = key != null ? key : System.getenv(KEY_VARIABLE);
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("--server needs an API key: --key KEY or the " + KEY_VARIABLE
          + " environment variable");
    }
    return apiKey;
  }
}
