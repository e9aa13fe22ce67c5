package org.lantern.server.http;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is configured: Lantern routes libraries' logs itself (logback for
 * SLF4J, java.util.logging levels set by the command line), and without a provider Helidon prints
 * "There is no Helidon logging implementation on classpath" on every {@code serve}. Found through
 * {@code META-INF/services}.
 *
 * <p>Thread-safety: stateless.
 */
public final class QuietHelidonLogging implements LoggingProvider {
  @Override
  public void initialization() {
    // nothing to set up: see the class comment
  }

  @Override
  public void runTime() {
    // nothing to set up at run time either
  }
}
