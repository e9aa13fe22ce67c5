package org.lantern.server.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.PrivateFiles;
import org.lantern.server.compat.CompatConfig;
import org.lantern.server.http.LanternServer;
import org.lantern.server.http.ServerLimits;
import org.lantern.server.replica.Follower;
import org.lantern.server.replica.ReplicaState;
import org.lantern.server.replica.ReplicaStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lantern replica}: a read-only exchange that follows another exchange's delta feed as one
 * participant and serves the same API (every route {@code serve} has) to the platform's own
 * services, with its own participants and keys. Writes are refused with 403 {@code
 * read_only_replica}. See the README section "Run a replica inside your network".
 */
@Command(
    name = "replica",
    mixinStandardHelpOptions = true,
    description = {
      "Follows an exchange's feed as one participant and serves its lookup API, read-only.",
      "",
      "Keeps a local copy of what that participant may see. Lookups are answered here (and",
      "recorded in this replica's own audit log); writes (signals, retractions, opinions) belong",
      "to the exchange and are refused with 403 read_only_replica.",
      "",
      "Example: lantern replica --follow https://exchange.example --key-file ./exchange.key \\",
      "           --data ./replica --port 8081"
    })
final class ReplicaCommand implements Callable<Integer> {
  /** Exit status when the exchange refuses the key (401/403) or the feed cannot be followed. */
  static final int EXIT_STOPPED = 3;

  @Spec CommandSpec spec;

  @Option(names = "--follow", required = true, paramLabel = "URL",
      description = "Base URL of the exchange to follow (e.g. https://exchange.example).")
  URI follow;

  @Option(names = "--key-file", required = true, paramLabel = "FILE",
      description = "File holding the API key of the participant to follow as (keep it owner-only).")
  Path keyFile;

  @Mixin ExchangeOptions exchangeOptions; // --data (required here) and --config, as for serve

  @Mixin ListenOptions listen;

  @Option(names = "--port", defaultValue = "8081", paramLabel = "N",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(names = "--poll-millis", defaultValue = "500", paramLabel = "MS",
      description = "Wait between feed requests once caught up (default: ${DEFAULT-VALUE}).")
  long pollMillis;

  @Option(names = "--page-size", defaultValue = "5000", paramLabel = "N",
      description = "Feed entries per request, 1..10000 (default: ${DEFAULT-VALUE}); bounds the memory a catch-up takes.")
  int pageSize;

  @Option(names = "--retry-max-millis", defaultValue = "30000", paramLabel = "MS",
      description = "Longest wait between retries when the exchange is unreachable or answers 5xx (default: ${DEFAULT-VALUE}).")
  long retryMaxMillis;

  @Option(names = "--ok-lag-seconds", defaultValue = "10", paramLabel = "S",
      description = "Largest lag /health still reports as ok (default: ${DEFAULT-VALUE}).")
  long okLagSeconds;

  @Option(names = "--status-seconds", defaultValue = "60", paramLabel = "S",
      description = "How often a status line is printed while the replica is behind (default: ${DEFAULT-VALUE}).")
  long statusSeconds;

  @Override
  public Integer call() throws Exception {
    ListenOptions.checkPort(port);
    String scheme = follow.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || follow.getHost() == null) {
      throw new IllegalArgumentException("--follow must be an http(s) URL such as https://exchange.example, got '" + follow + "'");
    }
    if (!Files.isRegularFile(keyFile)) {
      throw new IllegalArgumentException("--key-file: no such file: " + keyFile);
    }
    String key = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
    if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("--key-file " + keyFile + " must hold one API key (no spaces), as printed by the exchange");
    }
    Path data = exchangeOptions.data.required(spec); // never ./data by default: that may be an exchange's
    Properties properties = exchangeOptions.properties();
    ExchangeConfig exchangeConfig = ExchangeConfig.fromProperties(data, properties);
    List<String> warnings = PrivateFiles.create(data); // 0700 before the access log or anything else is in it
    Follower.Options options = new Follower.Options(follow, key, Duration.ofMillis(pollMillis), pageSize,
        Duration.ofMillis(retryMaxMillis), Duration.ofSeconds(Math.max(1, statusSeconds)));
    var out = spec.commandLine().getOut();

    Clock clock = Clock.systemUTC();
    ReplicaState state = ReplicaState.open(data, follow.toString());
    ReplicaStatus status = new ReplicaStatus(clock, Duration.ofSeconds(okLagSeconds), state.caughtUpAt());
    LanternServer server = LanternServer.start(listen.host, port, ServerLimits.fromProperties(properties), listen.accessLog(data),
        CompatConfig.fromProperties(properties), status);
    status.register(server.metrics().registry());
    Exchange exchange = ServerLaunch.openBehind(server, () -> Exchange.open(exchangeConfig));
    exchange.refuseWrites(follow.toString());
    Follower follower = new Follower(options, exchange, state, status, line -> printLine(out, line), clock);
    ServeCommand.CreatedAdmin created = ServeCommand.bootstrapAdmin(exchange, data);
    ServerLaunch.printWarnings(spec.commandLine().getErr(), warnings, exchange);
    server.exchangeOpened(exchange);
    follower.start();

    out.println("Lantern replica of " + follow + " on " + listen.url(server.port()) + " with data in " + data + " ("
        + exchange.storedSignals() + " signals" + (exchange.recovered() ? ", recovered after an unclean stop" : "") + ", "
        + (follower.resumeCursor() == null ? "following from the beginning" : "resuming at cursor " + follower.resumeCursor()) + ")");
    if (created != null) {
      out.println("Created the replica's own participant '" + created.id() + "' with every role. Its API key, shown once (also in "
          + data.resolve(ServeCommand.ADMIN_KEY_FILE) + ", owner-only):");
      out.println(created.key());
    }
    out.println("Read-only: writes go to " + follow + ". /health says 503 until the first catch-up; Ctrl-C stops.");
    out.flush();

    Runnable shutdown = ServerLaunch.onSignal(() -> {
      follower.stop();
      server.stop();
      exchange.close();
    });
    String why = follower.awaitStop();
    if (why == null) {
      ServerLaunch.awaitSignal(); // stopped by the hook
    }
    spec.commandLine().getErr().println("lantern replica: " + why);
    shutdown.run();
    return EXIT_STOPPED;
  }

  private static void printLine(java.io.PrintWriter out, String line) {
    synchronized (out) {
      out.println(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + line);
      out.flush();
    }
  }
}
