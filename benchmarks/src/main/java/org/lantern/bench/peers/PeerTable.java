package org.lantern.bench.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The peer comparison as one Markdown table per data set (file, n, width, radius): every tool's
 * row with build time, memory, p50/p99 per query and recall, and the speed-up of Lantern's best
 * exact index (lowest p50 among Lantern rows with recall 1.0) over that row, as the ratio of
 * p50s. Ratios compare rows of one run only.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.lantern.bench.peers.PeerTable results.jsonl}
 *
 * <p>Thread-safety: stateless.
 */
public final class PeerTable {
  private PeerTable() {}

  /** Prints the tables of a results file. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PeerTable RESULTS.jsonl");
      System.exit(2);
    }
    System.out.print(markdown(PeerResult.readAll(Path.of(args[0]))));
  }

  /** The results grouped by data set, one table each, in order of first appearance. */
  public static String markdown(List<PeerResult> results) {
    StringBuilder out = new StringBuilder();
    for (List<PeerResult> group : groups(results).values()) {
      PeerResult first = group.get(0);
      out.append(String.format(Locale.ROOT, "**%s**: n = %,d, %d bits, radius %d (inclusive), one thread%n%n",
          first.dataset(), first.n(), first.bits(), first.radius()));
      Optional<PeerResult> best = bestLantern(group);
      out.append("| tool | index | build s | memory MiB | p50 µs | p99 µs | recall | queries | Lantern best: p50 speed-up |\n");
      out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (PeerResult r : group) {
        String ratio = best.map(b -> String.format(Locale.ROOT, "%.1f×", r.p50Us() / b.p50Us())).orElse("—");
        out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %s | %s | %.4f | %d | %s |%n",
            r.tool(), r.index(), r.buildSeconds(), r.memoryMib(), micros(r.p50Us()), micros(r.p99Us()),
            r.recall(), r.queries(), ratio));
      }
      best.ifPresent(b -> out.append(String.format(Locale.ROOT, "%nLantern's best exact index here: %s (p50 %s µs).%n",
          b.index(), micros(b.p50Us()))));
      out.append('\n');
    }
    return out.toString();
  }

  /** Results grouped by (dataset, n, bits, radius), keeping the order of first appearance. */
  public static Map<String, List<PeerResult>> groups(List<PeerResult> results) {
    Map<String, List<PeerResult>> groups = new LinkedHashMap<>();
    for (PeerResult r : results) {
      groups.computeIfAbsent(r.dataset() + "|" + r.n() + "|" + r.bits() + "|" + r.radius(), k -> new ArrayList<>()).add(r);
    }
    return groups;
  }

  /** The Lantern row with recall 1.0 and the lowest p50, if any. */
  public static Optional<PeerResult> bestLantern(List<PeerResult> group) {
    return group.stream()
        .filter(r -> r.tool().equals("lantern") && r.recall() >= 1.0 - 1e-12)
        .min(Comparator.comparingDouble(PeerResult::p50Us));
  }

  static String micros(double us) {
    return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%.1f", us);
  }
}
