package org.lantern.bench;

/**
 * Guards that run in every benchmark's trial set-up, so a fork started without the Lantern JVM
 * flags (for example through {@code org.openjdk.jmh.Main} instead of {@link BenchMain}) fails at
 * once instead of measuring a misconfigured JVM or letting Chronicle phone home.
 *
 * <p>Thread-safety: stateless.
 */
public final class ForkChecks {
  private ForkChecks() {}

  /**
   * @throws IllegalStateException if {@code -Dchronicle.analytics.disable=true} is not set
   */
  public static void requireLanternFlags() {
    if (!Boolean.getBoolean("chronicle.analytics.disable")) {
      throw new IllegalStateException(
          "this JVM lacks -Dchronicle.analytics.disable=true: run the benchmarks through "
              + "org.lantern.bench.BenchMain (java -jar benchmarks.jar), which adds the Lantern "
              + "JVM flags to every fork");
    }
  }
}
