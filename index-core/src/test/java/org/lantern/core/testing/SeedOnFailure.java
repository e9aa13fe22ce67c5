package org.lantern.core.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the run's seed under every failed test, so that any randomized failure can be replayed
 * even when its assertion message forgot {@link TestSeeds#describe}. Registered for every test of
 * every module by JUnit's extension auto-detection (the parent pom turns it on; the service file
 * travels in index-core's test-jar).
 *
 * <p>Thread-safety: stateless.
 */
public final class SeedOnFailure implements TestWatcher {
  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.err.println("FAILED " + context.getDisplayName() + " in " + context.getRequiredTestClass().getName()
        + ": " + TestSeeds.describe());
  }
}
