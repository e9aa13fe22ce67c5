package org.lantern.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lantern.bench.peers.PeerResult;
import org.lantern.bench.peers.PeerTable;

/**
 * Turns measured results into the report: the Markdown section of {@code RESULTS.md} and its PNG
 * plots. It only formats; {@link ReportMain} runs the measurements.
 *
 * <p>Thread-safety: not thread-safe; one per report.
 */
public final class ReportBody {
  /** The PDQ goal against FAISS MultiHash in HMA's configuration at 10M (issue 8). */
  public static final double GOAL_RATIO = 20;

  private final StringBuilder md = new StringBuilder();
  private final Path plots;
  private final String plotLink;

  /**
   * @param plots the directory the PNGs go to
   * @param plotLink how the Markdown refers to that directory, relative to RESULTS.md
   */
  public ReportBody(Path plots, String plotLink) {
    this.plots = plots;
    this.plotLink = plotLink;
  }

  /** The title, machine and command. */
  public ReportBody header(ReportProfile profile, Machine start, Machine end, String command) {
    md.append("## Generated report (`lantern bench report --profile ").append(profile.label()).append("`)\n\n");
    md.append("Written by `").append(command).append("`; do not edit between the markers, run it again.\n\n");
    md.append(String.format(Locale.ROOT, "- Date: %s to %s (UTC)%n", start.time(), end.time()));
    md.append(String.format(Locale.ROOT, "- Machine: %d cores, %s, %s; %s%n", start.cores(), start.memory(), start.cpu(), start.jdk()));
    md.append(String.format(Locale.ROOT, "- Load average (1, 5, 15 min): %s at the start, %s at the end"
        + " (other work on the machine shows up here: compare ratios within this run only)%n%n",
        start.loadAverage(), end.loadAverage()));
    return this;
  }

  /** A paragraph of free text. */
  public ReportBody text(String paragraph) {
    md.append(paragraph.strip()).append("\n\n");
    return this;
  }

  /**
   * The scaling curve: p50 (and p99) of {@code QueryBenchmark.range} against n, one series per
   * width and index, as a table and a log-log plot.
   */
  public ReportBody scaling(List<JmhPoint> points) throws IOException {
    Map<String, List<double[]>> p50 = series(points, "n");
    if (p50.isEmpty()) {
      return this;
    }
    md.append("### Latency against n (the scaling curve) — `QueryBenchmark.range`\n\n");
    table(points, "n", "n");
    Charts.lineChart(plots.resolve("latency-vs-n.png"), "Range query latency against n (p50, one thread)",
        "n (stored hashes)", "p50 latency (µs)", p50, true, true);
    md.append("![latency against n](").append(plotLink).append("/latency-vs-n.png)\n\n");
    return this;
  }

  /** Latency against radius at one n, one series per index. */
  public ReportBody radius(List<JmhPoint> points) throws IOException {
    Map<String, List<double[]>> p50 = series(points, "radius");
    if (p50.isEmpty()) {
      return this;
    }
    md.append("### Latency against radius — `QueryBenchmark.range`\n\n");
    table(points, "radius", "radius");
    Charts.lineChart(plots.resolve("latency-vs-radius.png"), "Range query latency against radius (p50, one thread)",
        "radius (bits, inclusive)", "p50 latency (µs)", p50, false, true);
    md.append("![latency against radius](").append(plotLink).append("/latency-vs-radius.png)\n\n");
    return this;
  }

  /** Latency per data set kind at one n. */
  public ReportBody datasets(List<JmhPoint> points) {
    if (points.isEmpty()) {
      return this;
    }
    md.append("### Latency per data set — `QueryBenchmark.range`\n\n");
    table(points, "dataset", "data set");
    return this;
  }

  /**
   * The peer comparison: the tables, one bar chart per data set, and the goal statement for PDQ
   * r ≤ 31 (Lantern's best exact index against FAISS MultiHash in HMA's configuration and against
   * FAISS flat).
   */
  public ReportBody peers(List<PeerResult> results) throws IOException {
    if (results.isEmpty()) {
      return this;
    }
    md.append("### Peer comparison (FAISS, same files, one thread)\n\n");
    md.append(PeerTable.markdown(results));
    for (List<PeerResult> group : PeerTable.groups(results).values()) {
      PeerResult first = group.get(0);
      String name = "peers-" + stem(first.dataset()) + ".png";
      List<String> labels = new ArrayList<>();
      double[] values = new double[group.size()];
      for (int i = 0; i < group.size(); i++) {
        labels.add(group.get(i).tool() + " " + group.get(i).index());
        values[i] = group.get(i).p50Us();
      }
      Charts.barChart(plots.resolve(name), String.format(Locale.ROOT, "p50 per query, %s, n = %,d, r = %d",
          first.dataset(), first.n(), first.radius()), "p50 latency (µs, log)", labels, values, true);
      md.append("![peers ").append(first.dataset()).append("](").append(plotLink).append('/').append(name).append(")\n\n");
    }
    md.append(goals(results));
    return this;
  }

  /** The goal statement: one line per PDQ r = 31 data set, and the verdict at 10M. */
  static String goals(List<PeerResult> results) {
    StringBuilder out = new StringBuilder("**Goal (PDQ, r ≤ 31): Lantern's best exact index ≥ "
        + (int) GOAL_RATIO + "× faster (p50) than FAISS MultiHash in HMA's configuration at 10M, recall 1.0.**\n\n");
    boolean measuredAt10M = false;
    for (List<PeerResult> group : PeerTable.groups(results).values()) {
      PeerResult first = group.get(0);
      if (first.bits() != 256 || first.radius() != 31) {
        continue;
      }
      Optional<PeerResult> best = PeerTable.bestLantern(group);
      Optional<PeerResult> hma = group.stream().filter(r -> r.tool().equals("faiss") && r.index().contains("(HMA)")).findFirst();
      Optional<PeerResult> flat = group.stream().filter(r -> r.tool().equals("faiss") && r.index().equals("IndexBinaryFlat")).findFirst();
      if (best.isEmpty() || hma.isEmpty()) {
        out.append(String.format(Locale.ROOT, "- %s, n = %,d: not comparable (no exact Lantern row or no FAISS MultiHash row)%n",
            first.dataset(), first.n()));
        continue;
      }
      double vsHma = hma.get().p50Us() / best.get().p50Us();
      String vsFlat = flat.map(f -> String.format(Locale.ROOT, "%.1f×", f.p50Us() / best.get().p50Us())).orElse("not measured");
      out.append(String.format(Locale.ROOT, "- %s, n = %,d: %s p50 %s µs (recall %.4f) — %.1f× FAISS MultiHash HMA (p50 %s µs, recall %.4f), %s FAISS flat%n",
          first.dataset(), first.n(), best.get().index(), fmt(best.get().p50Us()), best.get().recall(), vsHma,
          fmt(hma.get().p50Us()), hma.get().recall(), vsFlat));
      if (first.n() >= 10_000_000) {
        measuredAt10M = true;
        out.append(String.format(Locale.ROOT, "  - **at 10M: goal %s** (%.1f× against the %d× goal)%n",
            vsHma >= GOAL_RATIO && best.get().recall() >= 1.0 ? "met" : "not met", vsHma, (int) GOAL_RATIO));
      }
    }
    if (!measuredAt10M) {
      out.append("- 10M was not measured in this run (the quick profile stops lower): the goal is not assessed here.\n");
    }
    return out.append('\n').toString();
  }

  /** The HTTP run's output, verbatim. */
  public ReportBody http(String command, String output) {
    md.append("### HTTP lookup API under load (`lantern bench http`, loopback)\n\n");
    md.append("`").append(command).append("`\n\n```\n").append(output.strip()).append("\n```\n\n");
    return this;
  }

  /** The Markdown so far. */
  public String markdown() {
    return md.toString();
  }

  /** Series label → (x, p50) points, x from parameter {@code axis}; one series per bits × index. */
  private static Map<String, List<double[]>> series(List<JmhPoint> points, String axis) {
    Map<String, List<double[]>> series = new TreeMap<>();
    for (JmhPoint p : points) {
      String x = p.param(axis, null);
      if (x == null || Double.isNaN(p.p50())) {
        continue;
      }
      double value = axis.equals("radius") && x.equals("default") ? (p.param("bits", "256").equals("256") ? 31 : 8) : Double.parseDouble(x);
      series.computeIfAbsent(label(p), k -> new ArrayList<>()).add(new double[] {value, p.p50()});
    }
    return series;
  }

  private static String label(JmhPoint p) {
    String substrings = p.param("mihSubstrings", "auto");
    return p.param("bits", "?") + "-bit " + p.param("index", "?")
        + (p.param("index", "").equals("MIH") && !substrings.equals("auto") ? " (" + substrings + " substrings)" : "");
  }

  /** A table: one row per value of {@code axis}, one column pair (p50 / p99, µs) per series. */
  private void table(List<JmhPoint> points, String axis, String heading) {
    Map<String, Map<String, JmhPoint>> rows = new LinkedHashMap<>();
    TreeSet<String> columns = new TreeSet<>();
    List<JmhPoint> sorted = new ArrayList<>(points);
    sorted.sort((a, b) -> compareAxis(a.param(axis, ""), b.param(axis, "")));
    for (JmhPoint p : sorted) {
      String column = label(p);
      columns.add(column);
      rows.computeIfAbsent(p.param(axis, "?"), k -> new LinkedHashMap<>()).put(column, p);
    }
    md.append("| ").append(heading);
    for (String c : columns) {
      md.append(" | ").append(c).append(" p50 / p99 µs");
    }
    md.append(" |\n|---");
    md.append("|---:".repeat(columns.size())).append("|\n");
    for (Map.Entry<String, Map<String, JmhPoint>> row : rows.entrySet()) {
      md.append("| ").append(axisValue(row.getKey()));
      for (String c : columns) {
        JmhPoint p = row.getValue().get(c);
        md.append(" | ").append(p == null ? "—" : fmt(p.p50()) + " / " + fmt(p.p99()));
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  private static int compareAxis(String a, String b) {
    boolean an = a.matches("\\d+");
    boolean bn = b.matches("\\d+");
    if (an && bn) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return an == bn ? a.compareTo(b) : an ? -1 : 1;
  }

  private static String axisValue(String value) {
    return value.matches("\\d{4,}") ? String.format(Locale.ROOT, "%,d", Long.parseLong(value)) : value;
  }

  static String fmt(double micros) {
    if (Double.isNaN(micros)) {
      return "—";
    }
    return micros >= 100 ? String.format(Locale.ROOT, "%,.0f", micros) : String.format(Locale.ROOT, "%.1f", micros);
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
