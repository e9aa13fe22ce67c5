package org.lantern.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * How much a report measures. Every JMH trial is one fork, one warm-up and two measured
 * iterations (sample time), so a cell costs its build plus a few seconds; the peers and HTTP runs
 * are bounded by time per index / per run.
 *
 * <p>QUICK is sized for about 5 minutes and FULL for about an hour on the 2-core development VM.
 *
 * <p>Thread-safety: an enum; immutable.
 */
public enum ReportProfile {
  /** About 5 minutes: scaling to 100k, radius sweep at 100k, peers at 100k, 10 s of HTTP. */
  QUICK(
      List.of(1_000, 10_000, 100_000), 100_000, 100_000,
      List.of(new PeerSet("clustered", 100_000, 2_000, 5)),
      100_000, "10s", "5s", "1s", 1, 2),
  /**
   * About an hour: scaling 1k to 10M (the BK-tree to 1M: it visits most of the tree at r = 31),
   * 64-bit scaling to 10M, radius sweep at 1M, peers on clustered PDQ at 1M and 10M and on image
   * hashes at 100k, 60 s of HTTP against 1M signals.
   */
  FULL(
      List.of(1_000, 10_000, 100_000, 1_000_000, 10_000_000), 1_000_000, 1_000_000,
      List.of(new PeerSet("clustered", 1_000_000, 3_000, 20), new PeerSet("clustered", 10_000_000, 3_000, 20),
          new PeerSet("images", 100_000, 3_000, 20)),
      1_000_000, "60s", "15s", "2s", 2, 3);

  /** Sizes of the scaling curve (256 bits, r = 31, FLAT and MIH; BKTREE up to {@link #bkTreeMax}). */
  public final List<Integer> scalingSizes;

  /** Largest n for BK-tree trials. */
  public final int bkTreeMax;

  /** n of the radius sweep and of the data set comparison. */
  public final int sweepSize;

  /** Data sets of the peer comparison. */
  public final List<PeerSet> peers;

  /** PDQ signals loaded for the HTTP run. */
  public final int httpSignals;

  /** Measured and warm-up time of the HTTP run, as {@code lantern bench http} takes them. */
  public final String httpDuration;

  public final String httpWarmup;

  /** JMH iteration time, and warm-up / measured iteration counts. */
  public final String iterationTime;

  public final int warmupIterations;

  public final int measuredIterations;

  ReportProfile(List<Integer> scalingSizes, int bkTreeMax, int sweepSize, List<PeerSet> peers,
      int httpSignals, String httpDuration, String httpWarmup, String iterationTime,
      int warmupIterations, int measuredIterations) {
    this.scalingSizes = scalingSizes;
    this.bkTreeMax = bkTreeMax;
    this.sweepSize = sweepSize;
    this.peers = peers;
    this.httpSignals = httpSignals;
    this.httpDuration = httpDuration;
    this.httpWarmup = httpWarmup;
    this.iterationTime = iterationTime;
    this.warmupIterations = warmupIterations;
    this.measuredIterations = measuredIterations;
  }

  /** The command-line form. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses quick or full. */
  public static ReportProfile fromLabel(String label) {
    for (ReportProfile p : values()) {
      if (p.label().equalsIgnoreCase(label.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown profile '" + label + "': expected quick or full");
  }

  /**
   * One data set of the peer comparison.
   *
   * @param kind a {@code lantern bench gen} kind
   * @param n stored hashes (256 bits)
   * @param queries queries (half near at 0..31 bits, half random)
   * @param seconds timed budget per index
   */
  public record PeerSet(String kind, int n, int queries, int seconds) {}
}
