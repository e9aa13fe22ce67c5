package org.lantern.server.http;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts, instead of logging, what Helidon reports when a client drops its connection: a short
 * read while a request line or header was coming in, a reset, a broken pipe, a socket the
 * connection guard closed. Helidon logs each with a stack trace (18 lines per dropped socket,
 * 36,000 lines when 2,000 clients left at once); they are expected events, visible as {@code
 * lantern_client_disconnects_total} in {@code /metrics}. Anything else Helidon logs is kept.
 *
 * <p>Thread-safety: thread-safe; installed once per JVM (Helidon's loggers are global).
 */
final class ClientDisconnects implements Filter {
  private static final AtomicLong COUNT = new AtomicLong();
  private static final List<String> HELIDON_LOGGERS = List.of(
      "io.helidon.webserver.ConnectionHandler",
      "io.helidon.webserver.http1.Http1Connection",
      "io.helidon.webserver.ServerListener",
      "io.helidon.webserver.http1.Http1ServerResponse");
  /** Strong references: JUL holds loggers weakly, and a collected logger loses its filter. */
  private static final List<Logger> FILTERED = HELIDON_LOGGERS.stream().map(Logger::getLogger).toList();

  static {
    ClientDisconnects filter = new ClientDisconnects();
    for (Logger logger : FILTERED) {
      logger.setFilter(filter);
    }
  }

  private ClientDisconnects() {}

  /** Makes sure the filter is installed (class initialisation does it once). */
  static void install() {
    // the static initialiser has run
  }

  /** Client disconnects seen since the JVM started. */
  static long count() {
    return COUNT.get();
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (isDisconnect(record.getThrown())) {
      COUNT.incrementAndGet();
      return false;
    }
    return true;
  }

  static boolean isDisconnect(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof DataReader.InsufficientDataAvailableException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof IOException io) {
        String m = String.valueOf(io.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("connection reset") || m.contains("broken pipe") || m.contains("socket closed")
            || m.contains("connection abort")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
