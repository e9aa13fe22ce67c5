package org.lantern.server.http;

import io.helidon.common.socket.SocketOptions;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Helidon's socket options for accepted connections, plus the one hook Helidon offers on every
 * accept: {@link #configureSocket(SocketChannel)} registers the connection with the {@link
 * ConnectionGuard} (which may refuse it over a cap).
 *
 * <p>Thread-safety: immutable; the guard is thread-safe.
 */
final class GuardedSocketOptions implements SocketOptions {
  private final SocketOptions delegate;
  private final ConnectionGuard guard;

  GuardedSocketOptions(SocketOptions delegate, ConnectionGuard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public void configureSocket(SocketChannel channel) {
    delegate.configureSocket(channel);
    guard.accepted(channel);
  }

  @Override
  public void configureSocket(Socket socket) {
    delegate.configureSocket(socket);
  }

  @Override
  public Map<SocketOption<?>, Object> socketOptions() {
    return delegate.socketOptions();
  }

  @Override
  public Duration connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Duration readTimeout() {
    return delegate.readTimeout();
  }

  @Override
  public Optional<Integer> socketReceiveBufferSize() {
    return delegate.socketReceiveBufferSize();
  }

  @Override
  public Optional<Integer> socketSendBufferSize() {
    return delegate.socketSendBufferSize();
  }

  @Override
  public boolean socketReuseAddress() {
    return delegate.socketReuseAddress();
  }

  @Override
  public boolean socketKeepAlive() {
    return delegate.socketKeepAlive();
  }

  @Override
  public boolean tcpNoDelay() {
    return delegate.tcpNoDelay();
  }
}
