package org.lantern.bench.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The process's memory as the kernel counts it ({@code /proc/self/status}: resident total,
 * anonymous, file-backed) and the JVM heap in use. Off-heap index files are file-backed resident
 * pages; the heap is anonymous.
 *
 * @param rssKb resident set size in KiB (-1 where /proc is missing)
 * @param anonKb anonymous resident KiB (heap, direct buffers, JIT, ...)
 * @param fileKb file-backed resident KiB (memory-mapped index files, the JDK's own files)
 * @param heapUsedBytes JVM heap in use after a GC
 */
record ProcessMemory(long rssKb, long anonKb, long fileKb, long heapUsedBytes) {
  static ProcessMemory sample() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = -1;
    long anon = -1;
    long file = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kb(line);
        } else if (line.startsWith("RssAnon:")) {
          anon = kb(line);
        } else if (line.startsWith("RssFile:")) {
          file = kb(line);
        }
      }
    } catch (IOException e) {
      // not Linux: report the heap only
    }
    return new ProcessMemory(rss, anon, file, heap);
  }

  /** Minor and major page faults of this process so far ({@code /proc/self/stat}), or -1s. */
  static long[] pageFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[7]), Long.parseLong(fields[9])}; // minflt, majflt
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  String describe() {
    return String.format(Locale.ROOT,
        "resident %.0f MiB (anonymous %.0f MiB, file-backed %.0f MiB); heap used %.0f MiB",
        rssKb / 1024.0, anonKb / 1024.0, fileKb / 1024.0, heapUsedBytes / 1048576.0);
  }
}
