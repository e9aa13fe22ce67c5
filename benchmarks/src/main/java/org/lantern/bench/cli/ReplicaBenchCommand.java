package org.lantern.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern bench replica}: measures a running exchange and a running replica of it from
 * outside, over HTTP. Two phases:
 *
 * <ol>
 *   <li><b>lag</b>: submits new MD5 signals (visible to all) to the exchange at a fixed rate, and
 *       measures for each batch the time from its acknowledgement to the first lookup on the
 *       replica that finds all of it (an upper bound of the true lag by the probe interval, 20
 *       ms); also samples {@code lantern_replica_lag_seconds}.
 *   <li><b>lookups</b>: the same random PDQ lookups against the exchange (as the followed
 *       participant) and the replica, closed loop with N clients, in alternating rounds of equal
 *       length; prints both rates and their ratio.
 * </ol>
 *
 * The catch-up rate is measured by {@code benchmarks/replica-bench.sh}, which starts both.
 */
@Command(
    name = "replica",
    mixinStandardHelpOptions = true,
    description = {"Lag under a steady write rate, and lookup rate on a replica against its exchange (both already running)."})
final class ReplicaBenchCommand implements java.util.concurrent.Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--primary", required = true, paramLabel = "URL", description = "The exchange's base URL.")
  URI primary;

  @Option(names = "--writer-key-file", required = true, paramLabel = "FILE",
      description = "Key of a contributor on the exchange (its signals are the lag probes).")
  Path writerKeyFile;

  @Option(names = "--reader-key-file", required = true, paramLabel = "FILE",
      description = "Key of the participant the replica follows as (the exchange side of the lookup comparison).")
  Path readerKeyFile;

  @Option(names = "--replica", required = true, paramLabel = "URL", description = "The replica's base URL.")
  URI replica;

  @Option(names = "--replica-key-file", required = true, paramLabel = "FILE", description = "Key of a participant of the replica.")
  Path replicaKeyFile;

  @Option(names = "--rate", defaultValue = "500", description = "Signals submitted per second in the lag phase (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--lag-seconds", defaultValue = "60", description = "Length of the lag phase (default: ${DEFAULT-VALUE}).")
  int lagSeconds;

  @Option(names = "--lookup-seconds", defaultValue = "10", description = "Length of each lookup round (default: ${DEFAULT-VALUE}; 4 rounds).")
  int lookupSeconds;

  @Option(names = "--clients", defaultValue = "2", description = "Concurrent lookup clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the values and queries (default: ${DEFAULT-VALUE}).")
  long seed;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private record Batch(long ackedNanos, List<String> values) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String writer = Files.readString(writerKeyFile).strip();
    String reader = Files.readString(readerKeyFile).strip();
    String local = Files.readString(replicaKeyFile).strip();
    lag(out, writer, local);
    lookups(out, reader, local);
    return 0;
  }

  private void lag(PrintWriter out, String writer, String local) throws Exception {
    int perBatch = Math.max(1, rate / 50); // 50 requests a second
    long intervalNanos = 1_000_000_000L * perBatch / rate;
    ConcurrentLinkedQueue<Batch> pending = new ConcurrentLinkedQueue<>();
    Histogram lagMicros = new Histogram(3_600_000_000L, 3);
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicLong maxExported = new AtomicLong();
    SplittableRandom random = new SplittableRandom(seed);
    Thread prober = Thread.ofPlatform().name("lag-prober").start(() -> {
      try {
        long nextScrape = System.nanoTime();
        while (sending.get() || !pending.isEmpty()) {
          Batch b = pending.peek();
          if (b != null && allFound(local, b.values())) {
            lagMicros.recordValue((System.nanoTime() - b.ackedNanos()) / 1_000);
            pending.poll();
            continue;
          }
          if (System.nanoTime() - nextScrape >= 0) {
            maxExported.accumulateAndGet(Math.round(exportedLagMillis()), Math::max);
            nextScrape = System.nanoTime() + 1_000_000_000L;
          }
          Thread.sleep(20);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long start = System.nanoTime();
    long next = start;
    long sent = 0;
    while (System.nanoTime() - start < lagSeconds * 1_000_000_000L) {
      List<String> values = new ArrayList<>(perBatch);
      StringBuilder body = new StringBuilder("{\"signals\":[");
      for (int i = 0; i < perBatch; i++) {
        byte[] md5 = new byte[16];
        for (int j = 0; j < 16; j++) {
          md5[j] = (byte) random.nextInt(256);
        }
        String hex = HexFormat.of().formatHex(md5);
        values.add(hex);
        body.append(i == 0 ? "" : ",").append("{\"type\":\"md5\",\"value\":\"").append(hex)
            .append("\",\"categories\":[\"csam\"],\"visibility\":\"all\"}");
      }
      HttpResponse<String> r = send(primary, writer, "POST", "/v1/signals", body.append("]}").toString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
      }
      pending.add(new Batch(System.nanoTime(), values));
      sent += perBatch;
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sending.set(false);
    prober.join();
    out.printf(Locale.ROOT, "lag: %d signals submitted in %.1f s (%.0f/s, batches of %d); ack-to-visible-on-replica ms: p50 %.0f  p99 %.0f  max %.0f (%d batches); lantern_replica_lag_seconds max %.2f%n",
        sent, seconds, sent / seconds, perBatch, lagMicros.getValueAtPercentile(50) / 1e3, lagMicros.getValueAtPercentile(99) / 1e3,
        lagMicros.getMaxValue() / 1e3, lagMicros.getTotalCount(), maxExported.get() / 1e3);
    out.flush();
  }

  private boolean allFound(String key, List<String> values) throws Exception {
    StringBuilder body = new StringBuilder("{\"type\":\"md5\",\"limit\":1,\"hashes\":[");
    for (int i = 0; i < values.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(values.get(i)).append('"');
    }
    HttpResponse<String> r = send(replica, key, "POST", "/v1/match/hashes", body.append("]}").toString());
    if (r.statusCode() != 200) {
      return false;
    }
    // Every query's matches array must be non-empty: count "matches":[] occurrences.
    return !r.body().contains("\"matches\":[]");
  }

  private double exportedLagMillis() throws Exception {
    HttpResponse<String> r = send(replica, null, "GET", "/metrics", null);
    for (String line : r.body().split("\n")) {
      if (line.startsWith("lantern_replica_lag_seconds ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1)) * 1e3;
      }
    }
    return 0;
  }

  private void lookups(PrintWriter out, String reader, String local) throws Exception {
    double[] rates = new double[2]; // primary, replica
    for (int round = 0; round < 4; round++) {
      boolean onReplica = round % 2 == 1;
      rates[onReplica ? 1 : 0] += lookupRound(onReplica ? replica : primary, onReplica ? local : reader, round) / 2;
    }
    out.printf(Locale.ROOT, "lookups: GET /v1/match/pdq (random 256-bit hashes, max_distance 31), %d clients, 2 rounds of %d s each, alternating: exchange %.0f/s, replica %.0f/s, replica/exchange %.2f%n",
        clients, lookupSeconds, rates[0], rates[1], rates[1] / rates[0]);
    out.flush();
  }

  private double lookupRound(URI base, String key, int round) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + lookupSeconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + c);
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          while (System.nanoTime() < end) {
            String hex = String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            HttpResponse<String> r = send(base, key, "GET", "/v1/match/pdq/" + hex + "?max_distance=31", null);
            if (r.statusCode() != 200) {
              throw new IllegalStateException(base + " answered " + r.statusCode() + ": " + r.body());
            }
            done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return done.get() / (double) lookupSeconds;
  }

  private HttpResponse<String> send(URI base, String key, String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (json != null) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
