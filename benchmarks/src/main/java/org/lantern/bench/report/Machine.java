package org.lantern.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a reader needs to judge a figure: the machine's cores, memory, CPU model and load at the
 * time, the JDK and the date. Read from {@code /proc} (Linux); fields that cannot be read say so.
 *
 * <p>Thread-safety: immutable.
 *
 * @param cores available processors
 * @param memory total memory, e.g. "23.4 GiB"
 * @param cpu the CPU model name
 * @param loadAverage the 1, 5 and 15 minute load averages
 * @param jdk the running JDK's vendor and version
 * @param time when sampled, UTC, seconds
 */
public record Machine(int cores, String memory, String cpu, String loadAverage, String jdk, Instant time) {
  /** The machine now. */
  public static Machine sample() {
    return new Machine(Runtime.getRuntime().availableProcessors(), readMemory(), readCpu(), readLoad(),
        System.getProperty("java.vendor") + " " + Runtime.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String readMemory() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1048576.0);
      }
    }
    return "unknown (no /proc/meminfo)";
  }

  private static String readCpu() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown (no model name in /proc/cpuinfo)";
  }

  private static String readLoad() {
    java.util.List<String> lines = lines("/proc/loadavg");
    if (lines.isEmpty()) {
      return "unknown";
    }
    String[] fields = lines.get(0).split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static java.util.List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return java.util.List.of();
    }
  }
}
