package org.lantern.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare TCP client for what an HTTP client library will not send: stalled headers, broken
 * chunked bodies, HTTP/1.0, half-closed sockets. It measures when the server closes the
 * connection and keeps whatever the server answered before.
 */
final class RawClient implements AutoCloseable {
  final Socket socket;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(100);
  }

  RawClient send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  RawClient send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  RawClient halfClose() throws IOException {
    socket.shutdownOutput();
    return this;
  }

  /** What the server sent and how long until it closed the connection (-1 if it stayed open). */
  record Outcome(String received, long closedAfterMillis) {
    int status() {
      if (!received.startsWith("HTTP/1.")) {
        return -1;
      }
      return Integer.parseInt(received.substring(9, 12));
    }
  }

  /** Reads until the server closes the connection or {@code waitMillis} pass. */
  Outcome readUntilClosed(long waitMillis) throws IOException {
    long start = System.nanoTime();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    while ((System.nanoTime() - start) / 1_000_000 < waitMillis) {
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return new Outcome(got.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - start) / 1_000_000);
        }
        got.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        // keep waiting
      } catch (SocketException e) {
        return new Outcome(got.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - start) / 1_000_000); // reset
      }
    }
    return new Outcome(got.toString(StandardCharsets.ISO_8859_1), -1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
