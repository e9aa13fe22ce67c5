package org.lantern.server.http;

import java.time.Duration;
import java.util.Properties;

/**
 * How long a client may take and how many connections it may hold, enforced per connection by
 * {@link ConnectionGuard} (Helidon's own read timeout does not apply to a socket that sends
 * nothing, and its idle check does not see a request whose headers or body stall).
 *
 * @param headerTimeout a connection must deliver a request's complete headers within this, from
 *     its accept or from the first line of a later request ({@code server.header_timeout_millis})
 * @param bodyTimeout a request's whole body must arrive within this after its headers ({@code
 *     server.request_timeout_millis}: "slow bodies are cut off")
 * @param idleTimeout a keep-alive connection with no request is closed after this ({@code
 *     server.idle_timeout_seconds})
 * @param maxConnections open connections at most; more are answered 503 and closed ({@code
 *     server.max_connections})
 * @param maxConnectionsPerAddress open connections from one remote address at most ({@code
 *     server.max_connections_per_address}); set it to {@code maxConnections} behind a load
 *     balancer, whose connections all come from one address
 *     <p>Thread-safety: immutable.
 */
public record ConnectionLimits(
    Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerAddress) {

  public ConnectionLimits {
    if (headerTimeout.toMillis() < 1 || bodyTimeout.toMillis() < 1 || idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "server.header_timeout_millis, server.request_timeout_millis and server.idle_timeout_seconds must be positive");
    }
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("server.max_connections and server.max_connections_per_address must be positive");
    }
  }

  /** 10 s for headers, 30 s for a body, 5 min idle, 4,096 connections, 1,024 per address. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 4_096, 1_024);
  }

  static ConnectionLimits fromProperties(Properties p) {
    ConnectionLimits d = defaults();
    return new ConnectionLimits(
        Duration.ofMillis(ServerLimits.longProperty(p, "server.header_timeout_millis", d.headerTimeout.toMillis())),
        Duration.ofMillis(ServerLimits.longProperty(p, "server.request_timeout_millis", d.bodyTimeout.toMillis())),
        Duration.ofSeconds(ServerLimits.longProperty(p, "server.idle_timeout_seconds", d.idleTimeout.toSeconds())),
        (int) ServerLimits.longProperty(p, "server.max_connections", d.maxConnections),
        (int) ServerLimits.longProperty(p, "server.max_connections_per_address", d.maxConnectionsPerAddress));
  }

  public ConnectionLimits withTimeouts(Duration header, Duration body, Duration idle) {
    return new ConnectionLimits(header, body, idle, maxConnections, maxConnectionsPerAddress);
  }

  public ConnectionLimits withCaps(int total, int perAddress) {
    return new ConnectionLimits(headerTimeout, bodyTimeout, idleTimeout, total, perAddress);
  }
}
