package org.lantern.server.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lantern.core.exchange.Exchange;
import org.lantern.server.compat.CompatConfig;
import org.lantern.server.compat.CompatRoutes;

/**
 * The exchange's HTTP API: a Helidon SE 4 webserver (a virtual thread per request, Helidon 4's
 * default) whose routes call only {@link Exchange} and its participants.
 *
 * <p>Lifecycle: {@link #start} binds the port at once (port 0 takes any free port, see {@link
 * #port()}), so {@code /health} can answer 503 while the exchange opens (replaying the change
 * log after an unclean stop can take a while); {@link #exchangeOpened} makes the API live.
 * {@link #stop} stops accepting connections, lets in-flight requests finish (up to the grace
 * period), and flushes the access log; the exchange belongs to the caller, who closes it after.
 *
 * <p>Thread-safety: thread-safe; start and stop are meant to be called once each.
 */
public final class LanternServer implements AutoCloseable {
  /** How long {@link #stop} waits for in-flight requests. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final ServerContext context;
  private final List<Route> routes;
  private final WebServer server;

  private LanternServer(ServerContext context, List<Route> routes, WebServer server) {
    this.context = context;
    this.routes = routes;
    this.server = server;
  }

  /** Every route the API serves with the default compatibility prefixes, in registration order. */
  public static List<Route> routes() {
    return routes(CompatConfig.defaults());
  }

  /**
   * Every route the API serves, in registration order: Lantern's own, then the doors for tools
   * members already run (HMA's matching API, a StopNCII-shaped feed) under {@code compat}'s
   * prefixes. A replica that reuses this list serves them too.
   */
  public static List<Route> routes(CompatConfig compat) {
    List<Route> all = new ArrayList<>();
    all.addAll(SignalHandlers.routes());
    all.addAll(FeedbackHandlers.routes());
    all.addAll(MatchHandlers.routes());
    all.addAll(FeedHandlers.routes());
    all.addAll(AllowlistHandlers.routes());
    all.addAll(AdminHandlers.routes());
    all.addAll(AuditHandlers.routes());
    all.addAll(SystemHandlers.routes());
    all.addAll(MemberHandlers.routes());
    all.addAll(WebPage.routes());
    all.addAll(CompatRoutes.routes(compat));
    return List.copyOf(all);
  }

  /**
   * Binds {@code host:port} and starts serving; API routes answer 503 until {@link
   * #exchangeOpened}.
   */
  public static LanternServer start(String host, int port, ServerLimits limits, AccessLog accessLog) {
    return start(host, port, limits, accessLog, CompatConfig.defaults(), null);
  }

  /** As {@link #start(String, int, ServerLimits, AccessLog)}, with the compatibility doors' settings. */
  public static LanternServer start(String host, int port, ServerLimits limits, AccessLog accessLog, CompatConfig compat) {
    return start(host, port, limits, accessLog, compat, null);
  }

  /**
   * As {@link #start(String, int, ServerLimits, AccessLog, CompatConfig)}, serving the same
   * routes, with {@code health} (may be {@code null}) adding its state to {@code /health}: how a
   * replica is the same server as {@code serve}, with a read-only exchange and a follower beside it.
   */
  public static LanternServer start(
      String host, int port, ServerLimits limits, AccessLog accessLog, CompatConfig compat, HealthReport health) {
    ClientDisconnects.install();
    ServerContext context = new ServerContext(limits, accessLog, health);
    ConnectionGuard guard = context.connections();
    Dispatcher dispatcher = new Dispatcher(context);
    List<Route> routes = routes(compat);
    HttpRouting.Builder routing = HttpRouting.builder();
    for (Route route : routes) {
      routing.route(route.method(), route.template(), dispatcher.handler(route));
    }
    routing.any(dispatcher.fallback(routes));
    // Our own checks answer 413 in JSON with the limit that applies to the route, after reading
    // and dropping a body up to Call.DRAIN_LIMIT; Helidon's cap is only a backstop against bodies
    // far above every limit. Below that bound it would answer before reading the body, and a
    // client still sending then often sees the connection reset instead of the 413.
    long backstop = Math.max(Math.max(limits.maxBodyBytes(), limits.maxImageBytes()) * 2 + (1 << 16), Call.DRAIN_LIMIT + 1);
    TransportAnswers transport = new TransportAnswers();
    DirectHandlers.Builder direct = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      direct.addHandler(type, transport);
    }
    PortCheck.requireFree(host, port);
    WebServer server;
    try {
      server =
          WebServer.builder()
              .host(host)
              .port(port)
              .maxPayloadSize(backstop)
              .connectionOptions(new GuardedSocketOptions(SocketOptions.builder().build(), guard))
              .addProtocol(Http1Config.builder().addReceiveListener(guard).build())
              .directHandlers(direct.build())
              .connectionSelectors(List.of(new Http10HealthCheck(context::ready)))
              .idleConnectionTimeout(limits.connections().idleTimeout())
              .shutdownGracePeriod(GRACE)
              .routing(routing)
              .build()
              .start();
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
    if (!server.isRunning() || server.port() < 0) {
      // Helidon logs a failed bind and returns a server that is not running.
      guard.close();
      throw new IllegalStateException(PortCheck.inUse(host, port));
    }
    return new LanternServer(context, routes, server);
  }

  /** Starts serving the API on {@code exchange} (until then, 503). */
  public void exchangeOpened(Exchange exchange) {
    context.open(exchange);
  }

  /** The bound port (the chosen one when started with port 0). */
  public int port() {
    return server.port();
  }

  /** The server's metrics, to which a replica adds its own meters. */
  public ServerMetrics metrics() {
    return context.metrics();
  }

  /** The routes this server serves. */
  public List<Route> serving() {
    return routes;
  }

  /**
   * Stops accepting connections, waits for in-flight requests (up to {@link #GRACE}), then marks
   * the exchange as closing and flushes the access log. Does not close the exchange.
   */
  public void stop() {
    if (server.isRunning()) {
      server.stop();
    }
    context.closing(true);
    context.connections().close();
    context.work().close();
    context.accessLog().close();
  }

  @Override
  public void close() {
    stop();
  }
}
