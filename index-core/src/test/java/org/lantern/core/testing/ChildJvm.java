package org.lantern.core.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM for the kill tests: the same java, the project's JVM flags
 * (passed to tests as the system property {@code lantern.jvm.flags}, analytics off included),
 * the test's class path, and a main class. The kill tests SIGKILL such a child at random moments
 * and check what it acknowledged; a child lives a second or two, so it starts with C1 only and the
 * serial GC, which shortens the start and changes nothing about what a kill can interrupt.
 *
 * <p>Thread-safety: stateless.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java <flags> -Xmx<heap> -cp <test class path> <main> <args...>}. */
  public static List<String> command(String heap, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : System.getProperty("lantern.jvm.flags", "").split(" ")) {
      if (!flag.isBlank()) {
        command.add(flag);
      }
    }
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-Xmx" + heap);
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path") + File.pathSeparator);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
