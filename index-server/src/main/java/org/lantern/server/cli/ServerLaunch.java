package org.lantern.server.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.lantern.core.exchange.Exchange;
import org.lantern.server.http.LanternServer;

/**
 * The start and stop that {@code serve} and {@code replica} share (each makes its data directory
 * owner-only first, with {@link org.lantern.core.exchange.PrivateFiles}). The HTTP server
 * listens before the exchange opens, so that a port in use fails before any work and {@code
 * /health} answers 503 while a large directory opens; if the exchange cannot open, the server is
 * stopped again. A stop (SIGTERM, Ctrl-C) runs the command's shutdown once, on the JVM's shutdown
 * hook: in-flight requests finish before the exchange closes.
 *
 * <p>Thread-safety: the static methods are called from the command's thread; the shutdown runs
 * at most once, on whichever thread asks first.
 */
final class ServerLaunch {
  private ServerLaunch() {}

  /** Opens the exchange behind an already listening {@code server}; stops the server if it cannot. */
  static Exchange openBehind(LanternServer server, Supplier<Exchange> open) {
    try {
      return open.get();
    } catch (RuntimeException | Error e) {
      server.stop();
      throw e;
    }
  }

  /** Prints the warnings of the directory's creation and of the exchange's open as {@code warning: ...}. */
  static void printWarnings(PrintWriter err, List<String> directory, Exchange exchange) {
    for (String warning : directory) {
      err.println("warning: " + warning);
    }
    for (String warning : exchange.warnings()) {
      err.println("warning: " + warning);
    }
    err.flush();
  }

  /**
   * Runs {@code shutdown} once on SIGTERM or Ctrl-C, and also when the command calls the returned
   * runnable first (a replica whose exchange refused its key stops by itself; the hook then finds
   * nothing left to do).
   */
  static Runnable onSignal(Runnable shutdown) {
    AtomicBoolean done = new AtomicBoolean();
    Runnable once = () -> {
      if (done.compareAndSet(false, true)) {
        shutdown.run();
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(once, "lantern-shutdown"));
    return once;
  }

  /** Parks the command's thread for good: the JVM exits when the shutdown hook is done. */
  static void awaitSignal() throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }
}
