package org.lantern.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.FeedPage;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalType;
import org.lantern.core.synth.SyntheticSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lantern bench signals}: the exchange's whole write and text-lookup paths, through the
 * facade, on seeded synthetic signals, one thread:
 *
 * <ol>
 *   <li>submit throughput: {@code --mixed} signals of all ten types in equal shares, in batches of
 *       {@code --batch};
 *   <li>URL lookups: {@code --urls} URL signals on {@code --hosts} hosts, then {@code
 *       --url-queries} lookups, a quarter each exact, deeper path under a stored URL (prefix),
 *       other path on a stored host (host), unknown host (miss);
 *   <li>text scans: {@code --keywords} keyword signals, then {@code --scans} scans of {@code
 *       --text-bytes} messages of filler words with a few keyword variants in them.
 * </ol>
 */
@Command(
    name = "signals",
    mixinStandardHelpOptions = true,
    description = {
      "Times submits (mixed types), URL lookups and keyword text scans through the exchange facade.",
      "",
      "Example: lantern bench signals --mixed 200000 --urls 1000000 --keywords 100000"
    })
final class SignalsBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Five contributors the batches rotate over; lookups run as the first. */
  private final Caller[] contributors = new Caller[5];

  @Option(names = "--mixed", defaultValue = "200000", description = "Mixed-type signals to submit (default: ${DEFAULT-VALUE}).")
  int mixed;

  @Option(names = "--batch", defaultValue = "1000", description = "Signals per submit batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--urls", defaultValue = "1000000", description = "URL signals stored before the URL lookups (default: ${DEFAULT-VALUE}).")
  int urls;

  @Option(names = "--hosts", defaultValue = "50000", description = "Distinct hosts of the URL signals (default: ${DEFAULT-VALUE}).")
  int hosts;

  @Option(names = "--url-queries", defaultValue = "20000", description = "Timed URL lookups (default: ${DEFAULT-VALUE}).")
  int urlQueries;

  @Option(names = "--keywords", defaultValue = "100000", description = "Keyword signals stored before the scans (default: ${DEFAULT-VALUE}).")
  int keywords;

  @Option(names = "--scans", defaultValue = "2000", description = "Timed text scans (default: ${DEFAULT-VALUE}).")
  int scans;

  @Option(names = "--text-bytes", defaultValue = "10240", description = "Size of each scanned message (default: ${DEFAULT-VALUE}).")
  int textBytes;

  @Option(names = "--feed", defaultValue = "true", negatable = true,
      description = "Read the mixed signals back through the delta feed and apply them to a replica (default: ${DEFAULT-VALUE}).")
  boolean feed;

  @Option(names = "--seed", defaultValue = "42", description = "Data seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data", paramLabel = "DIR", description = "Use this (empty) directory and keep it (default: a temporary one, deleted).")
  Path data;

  @Override
  public Integer call() throws IOException {
    if (mixed < 0 || batch < 1 || urls < 0 || hosts < 1 || urlQueries < 0 || keywords < 0 || scans < 0 || textBytes < 1) {
      throw new IllegalArgumentException("counts must be >= 0, --batch, --hosts and --text-bytes >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean temporary = data == null;
    Path dir = temporary ? Files.createTempDirectory("lantern-bench-signals-") : data;
    if (!temporary && Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " is not empty; give an empty or new directory");
        }
      }
    }
    ExchangeConfig config =
        ExchangeConfig.defaults(dir)
            .withSizes(Math.max(1 << 16, (mixed + urls + keywords) / 2), Math.max(1 << 16, mixed / 10 + 1))
            .withIntervals(Duration.ZERO, Duration.ofSeconds(1));
    try (Exchange exchange = Exchange.open(config)) {
      for (int p = 0; p < 5; p++) {
        exchange.participants().add("p" + p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
        contributors[p] = exchange.participants().caller("p" + p).orElseThrow();
      }
      out.printf(Locale.ROOT, "data: %s%n", dir);
      submitMixed(exchange, out);
      feed(exchange, out, dir);
      urlLookups(exchange, out);
      textScans(exchange, out);
      out.printf(Locale.ROOT, "memory at end: %s%n", ProcessMemory.sample().describe());
    } finally {
      if (temporary) {
        IndexBenchCommand.deleteRecursively(dir);
      }
    }
    out.flush();
    return 0;
  }

  private void submitMixed(Exchange exchange, PrintWriter out) {
    if (mixed == 0) {
      return;
    }
    SyntheticSignals synthetic = new SyntheticSignals(seed, hosts);
    SignalType[] types = SignalType.values();
    Histogram batchMicros = new Histogram(3_600_000_000L, 3);
    long rejected = 0;
    long start = System.nanoTime();
    for (int done = 0; done < mixed; done += batch) {
      int count = Math.min(batch, mixed - done);
      List<SignalSubmission> submissions = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        SignalType type = types[(done + i) % types.length];
        submissions.add(SignalSubmission.of(type.label(), synthetic.value(type), "csam"));
      }
      long t0 = System.nanoTime();
      for (SubmitResult r : exchange.submit(contributors[(done / batch) % 5], submissions)) {
        rejected += r.accepted() ? 0 : 1;
      }
      batchMicros.recordValue((System.nanoTime() - t0) / 1_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "submit: %d mixed signals (10 types) in batches of %d: %.2f s, %,.0f signals/s; rejected %d%n",
        mixed, batch, seconds, mixed / seconds, rejected);
    out.printf(Locale.ROOT, "submit batch ms: p50 %.1f  p99 %.1f  max %.1f%n",
        batchMicros.getValueAtPercentile(50) / 1e3, batchMicros.getValueAtPercentile(99) / 1e3, batchMicros.getMaxValue() / 1e3);
  }

  /**
   * The delta feed: reads every change since cursor 0 as a participant, in pages of 1,000, then
   * applies the same pages to a replica exchange in a second directory.
   */
  private void feed(Exchange exchange, PrintWriter out, Path dir) throws IOException {
    if (mixed == 0 || !feed) {
      return;
    }
    Caller follower = contributors[0];
    List<List<FeedPage.Entry>> pages = new ArrayList<>();
    long entries = 0;
    long start = System.nanoTime();
    long cursor = 0;
    while (true) {
      FeedPage page = exchange.deltaFeed().updates(follower, cursor, 1000);
      pages.add(page.entries());
      entries += page.entries().size();
      cursor = page.nextCursor();
      if (!page.more()) {
        break;
      }
    }
    double readSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "feed read: %d signals in pages of 1000 in %.2f s, %,.0f signals/s%n", entries, readSeconds, entries / readSeconds);
    Path replicaDir = Files.createTempDirectory(dir.getParent(), "lantern-bench-replica-");
    try (Exchange replica = Exchange.open(ExchangeConfig.defaults(replicaDir)
        .withSizes(Math.max(1 << 16, mixed / 2), Math.max(1 << 16, mixed / 10 + 1))
        .withIntervals(Duration.ZERO, Duration.ofSeconds(1)))) {
      replica.participants().add("replicator", null, EnumSet.of(Role.ADMIN));
      Caller replicator = replica.participants().caller("replicator").orElseThrow();
      long t0 = System.nanoTime();
      for (List<FeedPage.Entry> page : pages) {
        replica.replicate(replicator, page);
      }
      double applySeconds = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT, "feed applied to a replica (stored and indexed there): %.2f s, %,.0f signals/s%n",
          applySeconds, entries / applySeconds);
    } finally {
      IndexBenchCommand.deleteRecursively(replicaDir);
    }
    out.flush();
  }

  private void urlLookups(Exchange exchange, PrintWriter out) {
    if (urls == 0 || urlQueries == 0) {
      return;
    }
    SyntheticSignals synthetic = new SyntheticSignals(seed ^ 0x75726CL, hosts);
    SplittableRandom random = new SplittableRandom(seed ^ 0x71756572L);
    int keep = Math.min(urls, 4 * urlQueries);
    List<String> stored = new ArrayList<>(keep);
    long start = System.nanoTime();
    List<SignalSubmission> submissions = new ArrayList<>(batch);
    for (int i = 0; i < urls; i++) {
      String url = synthetic.url();
      if (stored.size() < keep && random.nextInt(Math.max(1, urls / keep)) == 0) {
        stored.add(url);
      }
      submissions.add(SignalSubmission.of("url", url, "csam"));
      if (submissions.size() == batch || i == urls - 1) {
        exchange.submit(contributors[(i / batch) % 5], submissions);
        submissions.clear();
      }
    }
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "url signals: %d on %d hosts loaded in %.2f s (%,.0f/s)%n", urls, hosts, loadSeconds, urls / loadSeconds);
    String[] queries = urlQueries(stored, synthetic, random, urlQueries);
    int[] kinds = new int[4];
    // Warm-up on other queries of the same mix, three times as many as the timed ones: the JIT
    // compiles the lookup path and the process maps the index pages it touches, as a running
    // server would have done long before; timed queries are not repeats of warm-up ones.
    for (String warm : urlQueries(stored, synthetic, random, 3 * urlQueries)) {
      exchange.matchUrl(contributors[0], warm, 10);
    }
    Histogram micros = new Histogram(3_600_000_000L, 3);
    long matched = 0;
    for (int q = 0; q < urlQueries; q++) {
      long t0 = System.nanoTime();
      int found = exchange.matchUrl(contributors[0], queries[q], 10).matches().size();
      micros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
      matched += found > 0 ? 1 : 0;
      kinds[q % 4] += found > 0 ? 1 : 0;
    }
    out.printf(Locale.ROOT, "url lookup us (%d queries: exact, prefix, host, miss in equal shares; limit 10): "
        + "p50 %d  p90 %d  p99 %d  p99.9 %d  max %d  mean %.1f%n",
        urlQueries, micros.getValueAtPercentile(50), micros.getValueAtPercentile(90), micros.getValueAtPercentile(99),
        micros.getValueAtPercentile(99.9), micros.getMaxValue(), micros.getMean());
    out.printf(Locale.ROOT, "url queries with matches: %d (exact %d, prefix %d, host %d, miss %d)%n",
        matched, kinds[0], kinds[1], kinds[2], kinds[3]);
    auditCost(out, micros.getMean());
  }

  /** {@code count} URL queries: a quarter each exact, prefix, same-host and unknown-host. */
  private static String[] urlQueries(List<String> stored, SyntheticSignals synthetic, SplittableRandom random, int count) {
    String[] queries = new String[count];
    for (int q = 0; q < count; q++) {
      String base = stored.get(random.nextInt(stored.size()));
      String noQuery = base.contains("?") ? base.substring(0, base.indexOf('?')) : base;
      queries[q] =
          switch (q % 4) {
            case 0 -> base; // exact
            case 1 -> noQuery + "/" + synthetic.letters(6) + ".jpg"; // under a stored path: prefix
            case 2 -> noQuery.substring(0, noQuery.indexOf('/', 8)) + "/other/" + synthetic.letters(5); // same host
            default -> "https://unknown-" + synthetic.letters(8) + ".example/" + synthetic.letters(4); // miss
          };
    }
    return queries;
  }

  /**
   * What the audit log costs a lookup: the URL lookups above already append one entry each; here
   * the same kind of entry (one query, ten matched ids) is appended alone to a fresh log, and its
   * mean cost is set against the lookup's mean.
   */
  private void auditCost(PrintWriter out, double lookupMeanMicros) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lantern-bench-audit-");
      List<String> ids = new ArrayList<>();
      SyntheticSignals synthetic = new SyntheticSignals(seed, hosts);
      for (int i = 0; i < 10; i++) {
        ids.add(synthetic.letters(26));
      }
      AuditEvent event = AuditEvent.lookup("p0", "match_urls", List.of("url"), 1, ids);
      try (AuditLog log = AuditLog.open(dir, java.time.Clock.systemUTC())) {
        int n = Math.max(urlQueries, 20_000);
        for (int i = 0; i < n / 4; i++) { // warm-up
          log.append(event);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          log.append(event);
        }
        double appendMicros = (System.nanoTime() - t0) / 1e3 / n;
        double share = appendMicros / Math.max(1e-9, lookupMeanMicros - appendMicros);
        out.printf(Locale.ROOT, "audit append (lookup entry, 10 matched ids): %.2f us mean; the URL lookup mean %.1f us includes one, "
            + "so auditing costs %.1f %% of lookup throughput%n", appendMicros, lookupMeanMicros, 100 * share);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try {
          IndexBenchCommand.deleteRecursively(dir);
        } catch (IOException ignored) {
          // a temporary directory left behind is harmless
        }
      }
    }
  }

  private void textScans(Exchange exchange, PrintWriter out) {
    if (keywords == 0 || scans == 0) {
      return;
    }
    SyntheticSignals synthetic = new SyntheticSignals(seed ^ 0x6B6579L, hosts);
    List<String> phrases = new ArrayList<>(keywords);
    List<SignalSubmission> submissions = new ArrayList<>(batch);
    for (int i = 0; i < keywords; i++) {
      String phrase = synthetic.keyword();
      phrases.add(phrase);
      submissions.add(SignalSubmission.of("keyword", phrase, "grooming"));
      if (submissions.size() == batch || i == keywords - 1) {
        exchange.submit(contributors[1], submissions);
        submissions.clear();
      }
    }
    String[] filler = new String[4096];
    for (int i = 0; i < filler.length; i++) {
      filler[i] = synthetic.letters(2 + synthetic.random().nextInt(9));
    }
    String[] messages = new String[Math.min(scans, 200)];
    for (int m = 0; m < messages.length; m++) {
      StringBuilder text = new StringBuilder(textBytes + 64);
      while (text.length() < textBytes) {
        if (synthetic.random().nextInt(200) == 0) {
          // A keyword as an evader would write it: upper case, separators between letters.
          String phrase = phrases.get(synthetic.random().nextInt(phrases.size()));
          text.append(String.join(".", phrase.toUpperCase(Locale.ROOT).split(""))).append(' ');
        } else {
          text.append(filler[synthetic.random().nextInt(filler.length)]).append(synthetic.random().nextInt(12) == 0 ? ". " : " ");
        }
      }
      messages[m] = text.substring(0, textBytes);
    }
    for (int s = 0; s < Math.min(scans, 500); s++) { // warm-up
      exchange.scanText(contributors[0], messages[s % messages.length]);
    }
    Histogram micros = new Histogram(3_600_000_000L, 3);
    long hits = 0;
    for (int s = 0; s < scans; s++) {
      long t0 = System.nanoTime();
      hits += exchange.scanText(contributors[0], messages[s % messages.length]).hits().size();
      micros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
    }
    out.printf(Locale.ROOT, "text scan us (%d keyword signals, %d-char messages, %d scans): "
        + "p50 %d  p90 %d  p99 %d  p99.9 %d  max %d; %.1f hits per message%n",
        keywords, textBytes, scans, micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
        micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9), micros.getMaxValue(), (double) hits / scans);
  }
}
