package org.lantern.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.participant.Caller;

/**
 * The follower against a scripted exchange on a real socket: 5xx answers are retried (with the
 * error recorded, then cleared), an opaque string cursor is stored and sent back exactly as given
 * (also after a restart), a revoked key (401) stops it with a message saying why, and a directory
 * that replicates one exchange refuses to follow another.
 */
class FollowerTest {
  @TempDir Path dir;
  private HttpServer server;

  private static final String PAGE = """
      {"updates":[{"sequence":7,"deleted":false,"future_field":{"x":[1,2]},"signal":{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaa","type":"md5",
      "value":"0123456789abcdef0123456789abcdef","contributor":"a","categories":["csam"],"created":"2026-12-01T00:00:00Z",
      "updated":"2026-12-01T00:00:00Z","status":"active","derived_from":[],"visibility":["b","c"],"sequence":7}}],
      "next_cursor":"opaque/+ cursor=1","more":false}""";
  private static final String EMPTY = "{\"updates\":[],\"next_cursor\":\"opaque/+ cursor=1\",\"more\":false}";

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Answers with the scripted (status, body) pairs in turn, then 401 forever; records each query string. */
  private URI script(List<String> queries, Object... answers) throws Exception {
    ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>(List.of(answers));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/updates", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
      int status = 401;
      String body = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"the API key is unknown, revoked, or its participant is suspended\",\"field\":\"authorization\"}}";
      Object next = queue.poll();
      if (next instanceof Integer code) {
        status = code;
        body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"try later\",\"field\":null}}";
      } else if (next instanceof String page) {
        status = 200;
        body = page;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void retriesServerErrorsKeepsTheCursorOpaqueAndStopsOnARevokedKey() throws Exception {
    List<String> queries = Collections.synchronizedList(new ArrayList<>());
    URI follow = script(queries, 503, 502, PAGE, EMPTY);
    Path data = dir.resolve("replica");
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    java.nio.file.Files.createDirectories(data); // as lantern replica does
    ReplicaState state = ReplicaState.open(data, follow.toString()); // before the exchange, as lantern replica does
    try (Exchange exchange = Exchange.open(ExchangeConfig.defaults(data).withSizes(1_000, 1_000))) {
      exchange.refuseWrites(follow.toString());
      ReplicaStatus status = new ReplicaStatus(Clock.systemUTC(), Duration.ofSeconds(5), null);
      Follower follower = new Follower(new Follower.Options(follow, "lk_secret", Duration.ofMillis(10), 100, Duration.ofMillis(200),
          Duration.ofSeconds(60)), exchange, state, status, log::add, Clock.systemUTC());
      follower.start();
      String why = follower.awaitStop();

      assertThat(why).contains("refused the feed").contains("HTTP 401").contains("revoked").contains("the replica stops");
      assertThat(status.serving()).isFalse();
      assertThat(status.status()).isEqualTo("stopped");
      assertThat(log).anyMatch(l -> l.contains("HTTP 503") && l.contains("retrying with backoff"));
      assertThat(log).last().asString().contains("HTTP 401");
      // First without a cursor, the same again after each failure, then the opaque cursor verbatim (URL-encoded).
      assertThat(queries).hasSize(5);
      assertThat(queries.get(0)).isEqualTo("limit=100 auth=Bearer lk_secret");
      assertThat(queries.get(2)).isEqualTo("limit=100 auth=Bearer lk_secret");
      assertThat(queries.get(3)).isEqualTo("limit=100&cursor=opaque%2F%2B+cursor%3D1 auth=Bearer lk_secret");
      assertThat(status.applied()).isEqualTo(1);
      assertThat(status.everCaughtUp()).isTrue();
      // Stored as the exchange would show it to any local participant: visible to all, co-recipients dropped.
      var stored = exchange.get(Caller.localOperator(), "aaaaaaaaaaaaaaaaaaaaaaaaaa").orElseThrow();
      assertThat(stored.visibility()).isEmpty();
      assertThat(stored.value()).isEqualTo("0123456789abcdef0123456789abcdef");
    }
    // The cursor survives the process: a new state on the same directory resumes from it.
    assertThat(ReplicaState.open(data, follow.toString()).cursor()).isEqualTo("opaque/+ cursor=1");
    assertThat(Files.readString(data.resolve(ReplicaState.FILE))).contains("follow=");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplicaState.open(data, "https://another.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a replica of " + follow + ", not of https://another.example");
    // An exchange's own directory is never taken for a replica's.
    Path primary = dir.resolve("primary");
    Exchange.open(ExchangeConfig.defaults(primary).withSizes(1_000, 1_000)).close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplicaState.open(primary, follow.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds an exchange, not a replica");
  }
}
