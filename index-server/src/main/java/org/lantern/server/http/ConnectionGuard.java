package org.lantern.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Holds every connection to its deadlines and caps: a request's headers must arrive within
 * {@link ConnectionLimits#headerTimeout}, its body within {@link ConnectionLimits#bodyTimeout}
 * after the headers, and a connection between requests is closed after {@link
 * ConnectionLimits#idleTimeout}. A watchdog thread closes the socket of a connection past its
 * deadline, which ends the blocked read in Helidon's connection thread.
 *
 * <p>Why our own: Helidon 4 applies no read timeout to accepted sockets, and its idle check
 * (every two minutes by default) only interrupts a connection that is waiting for a request line;
 * a client that sends half its headers or a chunked body slowly, or nothing at all after
 * connecting, is never cut off. So the guard follows each connection through the hooks Helidon
 * offers: the accept ({@link #accepted}, from our socket options), the request line and headers
 * (as an HTTP/1 receive listener), and from our own dispatcher the end of the body read and of
 * the request. Connections are keyed by their remote address and port.
 *
 * <p>Caps: a connection beyond {@link ConnectionLimits#maxConnections} or beyond {@link
 * ConnectionLimits#maxConnectionsPerAddress} from one address is answered 503 and closed at
 * once, instead of waiting in the accept queue.
 *
 * <p>Thread-safety: thread-safe. Phases change on the connection's own thread; the watchdog
 * reads them, and a deadline that moves while it looks only delays the close by one tick.
 */
final class ConnectionGuard implements Http1ConnectionListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /** What a connection is doing, and so which deadline applies. */
  enum Phase {
    HEADERS("header_timeout"),
    BODY("body_timeout"),
    WORKING(null),
    IDLE("idle_timeout");

    final String timeoutReason;

    Phase(String timeoutReason) {
      this.timeoutReason = timeoutReason;
    }
  }

  private static final class Tracked {
    final SocketChannel channel;
    final InetAddress address;
    volatile Phase phase;
    volatile long deadline;

    Tracked(SocketChannel channel, InetAddress address, Phase phase, long deadline) {
      this.channel = channel;
      this.address = address;
      this.phase = phase;
      this.deadline = deadline;
    }
  }

  /** Thrown from the accept hook: Helidon then closes the socket without starting a handler. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final ConnectionLimits limits;
  private final ServerMetrics metrics;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<SocketAddress, Tracked> open = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final Thread watchdog;
  private volatile boolean running = true;

  ConnectionGuard(ConnectionLimits limits, ServerMetrics metrics, LongSupplier nanoTime) {
    this.limits = limits;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    long shortest = Math.min(limits.headerTimeout().toMillis(), Math.min(limits.bodyTimeout().toMillis(), limits.idleTimeout().toMillis()));
    long tickMillis = Math.max(10, Math.min(250, shortest / 4));
    this.watchdog = Thread.ofPlatform().daemon().name("lantern-connection-watchdog").unstarted(() -> watch(tickMillis));
    watchdog.start();
  }

  // -----------------------------------------------------------------------------------------------
  // Hooks

  /** A connection was accepted (called on Helidon's accept thread). @throws Refused over a cap */
  void accepted(SocketChannel channel) {
    SocketAddress remote;
    try {
      remote = channel.getRemoteAddress();
    } catch (IOException e) {
      throw new Refused("the connection closed while it was accepted");
    }
    InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
    if (total.incrementAndGet() > limits.maxConnections()) {
      total.decrementAndGet();
      refuse(channel, "max_connections", "the server holds its maximum of " + limits.maxConnections() + " connections");
    }
    boolean[] full = {false};
    perAddress.compute(address, (a, n) -> {
      int count = n == null ? 0 : n;
      full[0] = count >= limits.maxConnectionsPerAddress();
      return full[0] ? n : Integer.valueOf(count + 1);
    });
    if (full[0]) {
      total.decrementAndGet();
      refuse(channel, "max_connections_per_address",
          "this address holds its maximum of " + limits.maxConnectionsPerAddress() + " connections");
    }
    open.put(remote, new Tracked(channel, address, Phase.HEADERS, deadline(limits.headerTimeout().toNanos())));
  }

  @Override
  public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
    Tracked t = tracked(ctx.remotePeer().address());
    if (t != null && t.phase != Phase.HEADERS) {
      arm(t, Phase.HEADERS, limits.headerTimeout().toNanos()); // a later request on a kept-alive connection
    }
  }

  @Override
  public void headers(ConnectionContext ctx, Headers headers) {
    Tracked t = tracked(ctx.remotePeer().address());
    if (t != null) {
      arm(t, Phase.BODY, limits.bodyTimeout().toNanos());
    }
  }

  /** The handler has the whole body: what remains is our own work, bounded elsewhere. */
  void bodyRead(SocketAddress remote) {
    Tracked t = tracked(remote);
    if (t != null) {
      arm(t, Phase.WORKING, -1);
    }
  }

  /**
   * The handler is done and its answer sent. With a body left unread (an answer given before
   * reading it), Helidon still reads it off the connection, so the body deadline stays.
   */
  void requestDone(SocketAddress remote, boolean bodyPending) {
    Tracked t = tracked(remote);
    if (t != null && !bodyPending) {
      arm(t, Phase.IDLE, limits.idleTimeout().toNanos());
    }
  }

  /** Connections open now (for tests and metrics). */
  int openConnections() {
    return total.get();
  }

  @Override
  public void close() {
    running = false;
    watchdog.interrupt();
  }

  // -----------------------------------------------------------------------------------------------

  private Tracked tracked(SocketAddress remote) {
    return remote == null ? null : open.get(remote);
  }

  private void arm(Tracked t, Phase phase, long nanos) {
    t.deadline = nanos < 0 ? NO_DEADLINE : deadline(nanos);
    t.phase = phase;
  }

  private long deadline(long nanos) {
    return nanoTime.getAsLong() + nanos;
  }

  private void refuse(SocketChannel channel, String reason, String message) {
    metrics.connection("refused_" + reason);
    // Best effort: a client that is told why can back off; the socket is fresh, so this small
    // write goes to the kernel's buffer at once.
    byte[] body = Dispatcher.errorBody("too_many_connections", message + "; retry later", null);
    String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    try {
      channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      channel.write(ByteBuffer.wrap(body));
    } catch (IOException e) {
      // the client is gone already
    }
    throw new Refused(message);
  }

  private void watch(long tickMillis) {
    while (running) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      }
      try {
        sweep();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "connection watchdog: " + e); // keep watching
      }
    }
  }

  /** Forgets closed connections and closes those past their deadline. */
  void sweep() {
    long now = nanoTime.getAsLong();
    for (var entry : open.entrySet()) {
      Tracked t = entry.getValue();
      if (!t.channel.isOpen()) {
        forget(entry.getKey(), t);
      } else if (now - t.deadline > 0 && t.deadline != NO_DEADLINE) {
        Phase phase = t.phase;
        if (phase.timeoutReason == null) {
          continue; // moved on since we read the deadline
        }
        metrics.connection(phase.timeoutReason);
        timeOut(t.channel, phase);
        forget(entry.getKey(), t);
      }
    }
  }

  private void forget(SocketAddress remote, Tracked t) {
    if (open.remove(remote, t)) {
      total.decrementAndGet();
      perAddress.computeIfPresent(t.address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static void timeOut(SocketChannel channel, Phase phase) {
    try {
      if (phase == Phase.HEADERS) {
        // Nothing has been answered on this request yet: say why before closing.
        byte[] body = Dispatcher.errorBody("request_timeout", "the request's headers did not arrive in time", null);
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: " + body.length + "\r\n\r\n";
        channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        channel.write(ByteBuffer.wrap(body));
      }
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
    try {
      channel.close(); // the connection's thread, blocked reading, fails and ends the connection
    } catch (IOException e) {
      // already closed
    }
  }
}
