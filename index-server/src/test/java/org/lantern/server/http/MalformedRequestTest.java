package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * A client's mistakes in the transport itself, over real sockets: malformed {@code Content-Type}
 * values, chunked bodies with a bad chunk size, bodies cut short or reset, HTTP/1.0. Each gets a
 * 4xx JSON error (never a 500, never an incident in the log), and {@code GET /health} is answered
 * over HTTP/1.0 as load balancers' health checks send it.
 */
class MalformedRequestTest {
  @TempDir Path dir;

  /** Every record logged at WARNING or above while a test runs (incidents are SEVERE). */
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    Logger.getLogger("").removeHandler(capture);
  }

  private static final String[] BAD_TYPES = {"application/json;", "json", "/", "application/", ";", "app lication/json", "a/b/c"};

  @Test
  void malformedContentTypesAre415OnEveryBodyRoute() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      for (String route : new String[] {"/v1/match/text", "/v1/signals", "/v1/match/image", "/v1/match/hashes"}) {
        for (String type : BAD_TYPES) {
          byte[] body = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
          Answer a = f.send("POST", route, f.platform, type, body);
          assertThat(a.status()).as("%s with Content-Type '%s': %s", route, type, a.body()).isLessThan(500);
          if (type.equals("application/json;")) {
            continue;
          }
          assertThat(a.status()).as("%s with Content-Type '%s': %s", route, type, a.body()).isBetween(400, 499);
          assertThat(a.json()).as(a.body()).isNotNull();
          assertThat(a.status()).isEqualTo(415);
          assertThat(a.error().path("field").asText()).isEqualTo("content-type");
        }
      }
      // "application/json;" is application/json with an empty parameter list: accepted as JSON
      assertThat(f.send("POST", "/v1/match/text", f.platform, "application/json;", "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(200);
    }
    assertThat(logged).as("nothing logged as an incident").isEmpty();
  }

  @Test
  void brokenBodiesAre400AndNotIncidents() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      int port = f.server.port();
      String head = "POST /v1/match/text HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.platform + "\r\nContent-Type: application/json\r\n";
      // a chunked body the client stops sending (half-close)
      try (RawClient c = new RawClient(port)) {
        c.send(head + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"tex").halfClose();
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).as(o.received()).isEqualTo(400);
        assertThat(o.received()).contains("unreadable_body");
      }
      // a chunk size that is not hexadecimal
      try (RawClient c = new RawClient(port)) {
        c.send(head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"text\":\"a\"}\r\n0\r\n\r\n");
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).as(o.received()).isEqualTo(400);
      }
      // fewer bytes than Content-Length announced
      try (RawClient c = new RawClient(port)) {
        c.send(head + "Content-Length: 100\r\n\r\n{\"text\"").halfClose();
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).as(o.received()).isEqualTo(400);
      }
      // a reset in the middle of a chunked body, on two routes
      for (String route : new String[] {"/v1/signals", "/v1/match/image"}) {
        RawClient c = new RawClient(port);
        c.send(head.replace("/v1/match/text", route) + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"tex");
        Thread.sleep(100);
        c.socket.setSoLinger(true, 0);
        c.close();
      }
      // a request line Helidon cannot parse: its own answer, but in our JSON shape
      try (RawClient c = new RawClient(port)) {
        c.send("GET  HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).as(o.received()).isEqualTo(400);
        assertThat(o.received()).contains("{\"error\":{\"code\":\"bad_request\"");
      }
      Thread.sleep(300);
      assertThat(f.get("/health", null).status()).isEqualTo(200);
      assertThat(f.get("/metrics", f.admin).body()).contains("reason=\"client_abort\"");
    }
    assertThat(logged).as("broken bodies are counted, not logged: %s", logged.stream().map(LogRecord::getMessage).toList()).isEmpty();
  }

  @Test
  void healthAnswersHttp10ForLoadBalancerChecks() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      try (RawClient c = new RawClient(f.server.port())) {
        c.send("GET /health HTTP/1.0\r\n\r\n"); // HAProxy's default "option httpchk"
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).as("[%s] after %d ms", o.received(), o.closedAfterMillis()).isEqualTo(200);
        assertThat(o.received()).contains("{\"status\":\"ok\"}");
        assertThat(o.closedAfterMillis()).as("HTTP/1.0: the server closes after the answer").isGreaterThanOrEqualTo(0);
      }
      try (RawClient c = new RawClient(f.server.port())) {
        c.send("OPTIONS /health HTTP/1.0\r\nUser-Agent: HAProxy\r\n\r\n"); // "option httpchk" with no arguments
        assertThat(c.readUntilClosed(5_000).status()).isEqualTo(200);
      }
      try (RawClient c = new RawClient(f.server.port())) {
        c.send("GET /v1/stats HTTP/1.0\r\n\r\n"); // other routes stay HTTP/1.1 only
        RawClient.Outcome o = c.readUntilClosed(5_000);
        assertThat(o.status()).isEqualTo(505);
        assertThat(o.received()).contains("http_version_not_supported");
      }
    }
  }

  @Test
  void healthOverHttp10Says503WhileTheExchangeIsNotOpen() throws Exception {
    try (LanternServer server = LanternServer.start("127.0.0.1", 0, ServerFixture.testLimits(), AccessLog.parse("off"));
        RawClient c = new RawClient(server.port())) {
      c.send("GET /health HTTP/1.0\r\n\r\n");
      assertThat(c.readUntilClosed(5_000).status()).isEqualTo(503);
    }
  }

  @Test
  void aPortInUseIsOneLineAtOnce() throws Exception {
    try (LanternServer first = LanternServer.start("127.0.0.1", 0, ServerFixture.testLimits(), AccessLog.parse("off"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Throwable thrown = null;
      try {
        LanternServer.start("127.0.0.1", first.port(), ServerFixture.testLimits(), AccessLog.parse("off")).close();
      } catch (IllegalStateException e) {
        thrown = e;
      } finally {
        System.setErr(saved);
      }
      assertThat(thrown).isNotNull();
      assertThat(thrown.getMessage()).contains("127.0.0.1:" + first.port(), "in use", "--port").doesNotContain("\n");
      assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
    assertThat(Files.exists(dir)).isTrue();
  }
}
