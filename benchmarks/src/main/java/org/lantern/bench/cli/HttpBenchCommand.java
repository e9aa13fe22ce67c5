package org.lantern.bench.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.synth.SyntheticHashes;
import org.lantern.server.http.AccessLog;
import org.lantern.server.http.LanternServer;
import org.lantern.server.http.ServerLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern bench http}: the HTTP API under a bounded load on loopback. Loads {@code
 * --signals} seeded synthetic PDQ signals through the exchange, starts the server in this JVM,
 * and drives {@code GET /v1/match/pdq/{hex}} (and a share of {@code POST /v1/match/hashes}) from
 * {@code --concurrency} keep-alive connections for {@code --duration}, after a warm-up. Each
 * connection is a closed loop (send, read the whole answer, send again), so the load is bounded
 * by the concurrency and the run by the duration; latency is measured per request with
 * HdrHistogram, from the first byte written to the last byte read.
 *
 * <p>The client is a minimal HTTP/1.1 writer/reader on plain sockets: the JDK's HttpClient costs
 * more CPU per request than the server, and on a 2-core machine that would measure the client.
 */
@Command(
    name = "http",
    mixinStandardHelpOptions = true,
    description = {
      "Times the HTTP lookup API on loopback against seeded synthetic PDQ signals.",
      "",
      "Example: lantern bench http --signals 1000000 --duration 60s --concurrency 8"
    })
final class HttpBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--signals", defaultValue = "1000000", description = "PDQ signals to load (default: ${DEFAULT-VALUE}).")
  int signals;

  @Option(names = "--duration", defaultValue = "60s", description = "Measured time, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--warmup", defaultValue = "15s", description = "Unmeasured warm-up (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(names = "--concurrency", defaultValue = "8", description = "Connections, each a closed loop (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--post-share", defaultValue = "0.1",
      description = "Share of requests that are POST /v1/match/hashes with --batch hashes (default: ${DEFAULT-VALUE}).")
  double postShare;

  @Option(names = "--batch", defaultValue = "10", description = "Hashes per POST /v1/match/hashes (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--max-distance", defaultValue = "31", description = "Radius (default: ${DEFAULT-VALUE}).")
  int maxDistance;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--hma-vs-v1",
      description = "Compare GET /hma/m/lookup with GET /v1/match/pdq/{hex} (same radius, limit 1000): alternating rounds of"
          + " --duration / --rounds each, medians and their ratio.")
  boolean hmaVsV1;

  @Option(names = "--rounds", defaultValue = "6", description = "Rounds per route with --hma-vs-v1 (default: ${DEFAULT-VALUE}).")
  int rounds;

  /** The GET request a worker sends: /v1's (the default mix) or HMA's lookup. */
  private enum Target { V1, HMA }

  private volatile Target target; // null: the default GET/POST mix

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: a temporary one, deleted after).")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (signals < 1 || concurrency < 1 || batch < 1 || postShare < 0 || postShare > 1) {
      throw new IllegalArgumentException("--signals, --concurrency and --batch must be >= 1, --post-share in 0..1");
    }
    Duration measured = parseDuration(duration, "--duration");
    Duration warm = parseDuration(warmup, "--warmup");
    PrintWriter out = spec.commandLine().getOut();
    boolean temporary = data == null;
    Path dir = temporary ? Files.createTempDirectory("lantern-bench-http") : data;
    long capacity = Math.max(1 << 16, signals + signals / 4L);
    ExchangeConfig config = ExchangeConfig.defaults(dir).withSizes(capacity, capacity);
    SyntheticHashes synth = new SyntheticHashes(256, seed);
    long[] stored = synth.hashes(signals);
    try (Exchange exchange = Exchange.open(config)) {
      String key = load(exchange, stored, out);
      long[] queryWords = synth.queries(stored, signals, 20_000, 8);
      List<String> queries = new ArrayList<>(queryWords.length / 4);
      for (int i = 0; i < queryWords.length; i += 4) {
        queries.add(Hash.toHex(queryWords, i, 4));
      }
      ServerLimits limits = ServerLimits.defaults().withRate(1e9, 1e9);
      LanternServer server = LanternServer.start("127.0.0.1", 0, limits, AccessLog.off());
      try {
        server.exchangeOpened(exchange);
        if (hmaVsV1) {
          out.printf(Locale.ROOT, "server on 127.0.0.1:%d; warm-up %s, then %d rounds of %s per route at concurrency %d%n",
              server.port(), warm, rounds, measured.dividedBy(Math.max(1, rounds)), concurrency);
        } else {
          out.printf(Locale.ROOT, "server on 127.0.0.1:%d; warm-up %s, then %s at concurrency %d (%.0f%% POST of %d hashes)%n",
              server.port(), warm, measured, concurrency, postShare * 100, batch);
        }
        out.flush();
        if (hmaVsV1) {
          compare(server.port(), key, queries, warm, measured, out);
          return 0;
        }
        run(server.port(), key, queries, warm, null, out);
        ProcessMemory before = ProcessMemory.sample();
        Result r = new Result();
        run(server.port(), key, queries, measured, r, out);
        ProcessMemory after = ProcessMemory.sample();
        report(r, measured, before, after, out);
      } finally {
        server.stop();
      }
    } finally {
      if (temporary) {
        IndexBenchCommand.deleteRecursively(dir);
      }
    }
    return 0;
  }

  /**
   * Alternating rounds (v1, hma, hma, v1, ...) so that load from other processes falls on both
   * routes alike; prints each round and the medians.
   */
  private void compare(int port, String key, List<String> queries, Duration warm, Duration measured, PrintWriter out)
      throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
    }
    for (Target t : Target.values()) {
      target = t;
      run(port, key, queries, warm.dividedBy(2), null, out);
    }
    Duration each = measured.dividedBy(rounds);
    double[][] rates = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      Target[] order = r % 2 == 0 ? new Target[] {Target.V1, Target.HMA} : new Target[] {Target.HMA, Target.V1};
      for (Target t : order) {
        target = t;
        Result result = new Result();
        run(port, key, queries, each, result, out);
        rates[t.ordinal()][r] = result.get.getTotalCount() / (each.toNanos() / 1e9);
        out.printf(Locale.ROOT, "round %d %-4s %,9.0f req/s  p50 %6.0f us  p99 %6.0f us  errors %d%n", r + 1, t,
            rates[t.ordinal()][r], result.get.getValueAtPercentile(50) / 1e3, result.get.getValueAtPercentile(99) / 1e3,
            result.errors.get());
        out.flush();
        if (result.errors.get() > 0) {
          throw new IllegalStateException(t + " answered " + result.errors.get() + " non-200 responses");
        }
      }
    }
    double v1 = median(rates[Target.V1.ordinal()]);
    double hma = median(rates[Target.HMA.ordinal()]);
    out.printf(Locale.ROOT, "median GET /v1/match/pdq/{hex}   %,9.0f req/s%n", v1);
    out.printf(Locale.ROOT, "median GET /hma/m/lookup        %,9.0f req/s%n", hma);
    out.printf(Locale.ROOT, "hma / v1 = %.3f%n", hma / v1);
    out.flush();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private String load(Exchange exchange, long[] stored, PrintWriter out) {
    exchange.administration().add(Caller.localOperator(), "bench", "bench", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    String key = exchange.administration().createKey(Caller.localOperator(), "bench").secret();
    Caller caller = exchange.participants().caller("bench").orElseThrow();
    long start = System.nanoTime();
    List<SignalSubmission> chunk = new ArrayList<>(10_000);
    for (int i = 0; i < signals; i++) {
      chunk.add(SignalSubmission.of("pdq", Hash.toHex(stored, i * 4, 4), "csam"));
      if (chunk.size() == 10_000 || i == signals - 1) {
        exchange.submit(caller, chunk);
        chunk.clear();
      }
    }
    out.printf(Locale.ROOT, "loaded %,d PDQ signals in %.1f s%n", signals, (System.nanoTime() - start) / 1e9);
    out.flush();
    return key;
  }

  /** Latencies and counts of the measured phase. */
  static final class Result {
    final Histogram get = new Histogram(60_000_000_000L, 3);
    final Histogram post = new Histogram(60_000_000_000L, 3);
    final AtomicLong errors = new AtomicLong();
  }

  private void run(int port, String key, List<String> queries, Duration length, Result result, PrintWriter out)
      throws Exception {
    long deadline = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<Histogram[]> perThread = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < concurrency; t++) {
      Histogram[] h = {new Histogram(60_000_000_000L, 3), new Histogram(60_000_000_000L, 3)};
      perThread.add(h);
      final int worker = t;
      Thread thread = Thread.ofPlatform().name("bench-http-" + t).start(() -> {
        try {
          drive(port, key, queries, worker, deadline, h, errors);
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("load generator failed: " + failures.get(0), failures.get(0));
    }
    if (result != null) {
      for (Histogram[] h : perThread) {
        result.get.add(h[0]);
        result.post.add(h[1]);
      }
      result.errors.addAndGet(errors.get());
    }
  }

  private void drive(int port, String key, List<String> queries, int worker, long deadline, Histogram[] h, AtomicLong errors)
      throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 31 + worker);
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream os = socket.getOutputStream();
      InputStream is = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      byte[] scratch = new byte[1 << 16];
      String auth = "Authorization: Bearer " + key + "\r\n";
      while (System.nanoTime() < deadline) {
        Target fixed = target;
        boolean post = fixed == null && random.nextDouble() < postShare;
        byte[] request;
        if (fixed == Target.V1) {
          request = ("GET /v1/match/pdq/" + queries.get(random.nextInt(queries.size())) + "?max_distance=" + maxDistance
              + "&limit=" + Exchange.MAX_LIMIT + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII);
        } else if (fixed == Target.HMA) {
          request = ("GET /hma/m/lookup?signal_type=pdq&signal=" + queries.get(random.nextInt(queries.size()))
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII);
        } else if (post) {
          StringBuilder body = new StringBuilder("{\"type\":\"pdq\",\"max_distance\":").append(maxDistance).append(",\"limit\":10,\"hashes\":[");
          for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "\"" : ",\"").append(queries.get(random.nextInt(queries.size()))).append('"');
          }
          byte[] b = body.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
          request = concat(("POST /v1/match/hashes HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
              + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), b);
        } else {
          request = ("GET /v1/match/pdq/" + queries.get(random.nextInt(queries.size())) + "?max_distance=" + maxDistance
              + "&limit=10 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        long start = System.nanoTime();
        os.write(request);
        os.flush();
        int status = readResponse(is, scratch);
        long nanos = System.nanoTime() - start;
        (post ? h[1] : h[0]).recordValue(Math.min(nanos, 59_999_999_999L));
        if (status != 200) {
          errors.incrementAndGet();
        }
      }
    }
  }

  /** Reads one response (status line, headers, Content-Length body); returns the status. */
  static int readResponse(InputStream in, byte[] scratch) throws IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    long length = 0;
    boolean first = true;
    while (true) {
      line.setLength(0);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed by the server");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (line.isEmpty()) {
        break;
      }
      if (first) {
        status = Integer.parseInt(line.substring(9, 12));
        first = false;
      } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
        length = Long.parseLong(line.substring(15).strip());
      }
    }
    while (length > 0) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, length));
      if (n < 0) {
        throw new IOException("connection closed in a body");
      }
      length -= n;
    }
    return status;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void report(Result r, Duration measured, ProcessMemory before, ProcessMemory after, PrintWriter out) {
    double seconds = measured.toNanos() / 1e9;
    long total = r.get.getTotalCount() + r.post.getTotalCount();
    out.printf(Locale.ROOT, "requests: %,d in %.0f s = %,.0f req/s; errors (non-200): %d%n", total, seconds, total / seconds, r.errors.get());
    line(out, "GET /v1/match/pdq/{hex}", r.get, seconds);
    line(out, "POST /v1/match/hashes", r.post, seconds);
    Histogram all = r.get.copy();
    all.add(r.post);
    line(out, "all requests", all, seconds);
    // Server and load generator share this process: the figures cover both.
    out.println("memory before the measured run: " + before.describe());
    out.println("memory after the measured run:  " + after.describe());
    out.flush();
  }

  private static void line(PrintWriter out, String name, Histogram h, double seconds) {
    if (h.getTotalCount() == 0) {
      return;
    }
    out.printf(Locale.ROOT, "%-26s %,9.0f req/s  p50 %7.0f us  p90 %7.0f us  p99 %7.0f us  p99.9 %7.0f us  max %8.0f us%n",
        name, h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
  }

  static Duration parseDuration(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a duration such as 60s or 2m, got '" + text + "'");
    }
  }
}
