package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and stalled clients over real sockets: a connection that sends nothing, half its headers,
 * or a chunked body that stops, is closed within its deadline + {@link #SLACK}; an idle keep-alive
 * connection within the idle timeout + {@link #SLACK}; connections over the per-address cap are
 * answered 503 at once. Deadlines are short here (1-2 s) so the test stays quick.
 *
 * <p>The slack is what a loaded 2-core CI machine needs on top of the watchdog's 250 ms tick
 * (scheduling pauses of a second happen there); it stays well under the time a connection would
 * live if a deadline were not enforced (the trickled request alone takes over 4 s).
 */
class ConnectionDeadlinesTest {
  private static final Duration HEADER = Duration.ofMillis(1_000);
  private static final Duration BODY = Duration.ofMillis(1_500);
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final long SLACK = 2_500;
  /** "At once": far under any deadline, with room for a loaded machine. */
  private static final long AT_ONCE = 2_000;

  @TempDir Path dir;

  private static ServerLimits limits(int total, int perAddress) {
    return ServerFixture.testLimits()
        .withConnections(ConnectionLimits.defaults().withTimeouts(HEADER, BODY, IDLE).withCaps(total, perAddress));
  }

  @Test
  void stalledHeadersAreCutOffAtTheHeaderDeadline() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 100));
        RawClient silent = new RawClient(f.server.port());
        RawClient half = new RawClient(f.server.port())) {
      half.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      RawClient.Outcome a = silent.readUntilClosed(HEADER.toMillis() + 5_000);
      RawClient.Outcome b = half.readUntilClosed(HEADER.toMillis() + 5_000);
      assertThat(a.closedAfterMillis()).as("silent connection").isBetween(0L, HEADER.toMillis() + SLACK);
      assertThat(b.closedAfterMillis()).as("half-sent headers").isBetween(0L, HEADER.toMillis() + SLACK);
      assertThat(b.status()).isEqualTo(408);
      assertThat(f.get("/metrics", f.admin).body()).contains("reason=\"header_timeout\"");
    }
  }

  @Test
  void headersTrickledByteByByteAreCutOffToo() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 100)); RawClient slow = new RawClient(f.server.port())) {
      long start = System.nanoTime();
      String request = "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-Pad: " + "a".repeat(200) + "\r\n\r\n";
      boolean cut = false;
      for (int i = 0; i < request.length() && !cut; i++) {
        try {
          slow.send(request.substring(i, i + 1));
        } catch (java.io.IOException e) {
          cut = true;
        }
        Thread.sleep(20); // 4+ s for the whole request: longer than the header deadline
        if (!slow.socket.isClosed() && slow.readUntilClosed(1).closedAfterMillis() >= 0) {
          cut = true;
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(cut).as("a request trickled over %d ms was cut off", millis).isTrue();
      assertThat(millis).isLessThan(HEADER.toMillis() + SLACK);
    }
  }

  @Test
  void aStalledChunkedBodyIsCutOffAtTheBodyDeadline() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 100)); RawClient c = new RawClient(f.server.port())) {
      c.send("POST /v1/match/text HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.reader
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"tex");
      RawClient.Outcome o = c.readUntilClosed(BODY.toMillis() + 5_000);
      assertThat(o.closedAfterMillis()).isBetween(0L, BODY.toMillis() + SLACK);
      // the server is fine afterwards, and nothing was logged as an incident
      assertThat(f.get("/health", null).status()).isEqualTo(200);
      assertThat(f.get("/metrics", f.admin).body()).contains("reason=\"body_timeout\"");
    }
  }

  @Test
  void aStalledBodyOfAnUnauthenticatedRequestIsCutOffToo() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 100)); RawClient c = new RawClient(f.server.port())) {
      c.send("POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"signals\":");
      RawClient.Outcome o = c.readUntilClosed(BODY.toMillis() + 5_000);
      assertThat(o.closedAfterMillis()).isBetween(0L, BODY.toMillis() + SLACK);
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 100)); RawClient c = new RawClient(f.server.port())) {
      c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Outcome o = c.readUntilClosed(IDLE.toMillis() + 5_000);
      assertThat(o.status()).isEqualTo(200);
      assertThat(o.closedAfterMillis()).isBetween(IDLE.toMillis() - 300, IDLE.toMillis() + SLACK);
    }
  }

  @Test
  void connectionsOverThePerAddressCapAreRefusedAtOnce() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(100, 3))) {
      List<RawClient> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(new RawClient(f.server.port()));
        }
        try (RawClient extra = new RawClient(f.server.port())) {
          RawClient.Outcome o = extra.readUntilClosed(3_000);
          assertThat(o.status()).isEqualTo(503);
          assertThat(o.received()).contains("too_many_connections", "Retry-After: 1");
          assertThat(o.closedAfterMillis()).isBetween(0L, AT_ONCE);
        }
      } finally {
        for (RawClient c : held) {
          c.close();
        }
      }
      // once they are closed, the address may connect again: the guard forgets a closed socket at
      // its next sweep after the server noticed the close, so this waits for that, not a fixed time
      long deadline = System.nanoTime() + 10_000_000_000L;
      int status;
      while ((status = f.get("/health", null).status()) != 200 && System.nanoTime() - deadline < 0) {
        Thread.sleep(100);
      }
      assertThat(status).as("/health once the held connections were closed").isEqualTo(200);
      assertThat(f.get("/metrics", f.admin).body()).contains("reason=\"refused_max_connections_per_address\"");
    }
  }

  @Test
  void connectionsOverTheTotalCapAreRefusedAtOnce() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, limits(2, 100))) {
      try (RawClient a = new RawClient(f.server.port()); RawClient b = new RawClient(f.server.port());
          RawClient extra = new RawClient(f.server.port())) {
        RawClient.Outcome o = extra.readUntilClosed(3_000);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.closedAfterMillis()).isBetween(0L, AT_ONCE);
      }
    }
  }
}
