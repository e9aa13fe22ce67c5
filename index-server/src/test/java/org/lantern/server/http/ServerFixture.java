package org.lantern.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;

/**
 * A real server on a free loopback port over a fresh exchange, and a real HTTP client: what the
 * API tests drive. Participants: {@code admin} (every role), {@code filehost} and {@code
 * platform} (contributor + reader), {@code reader} (reader only). The access log goes to a file
 * that tests may read.
 */
final class ServerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PDQ_IMAGE = "/pdq-reference/images/reg-test-input/dih/bridge-1-original.jpg";

  final Path dir;
  final Exchange exchange;
  final LanternServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final Path accessLog;
  final String admin;
  final String filehost;
  final String platform;
  final String reader;

  ServerFixture(Path dir, ServerLimits limits) throws IOException {
    this.dir = dir;
    this.exchange = Exchange.open(ExchangeConfig.defaults(dir.resolve("data")));
    this.accessLog = dir.resolve("access.log");
    this.server = LanternServer.start("127.0.0.1", 0, limits, AccessLog.file(accessLog));
    server.exchangeOpened(exchange);
    admin = participant("admin", EnumSet.allOf(Role.class));
    filehost = participant("filehost", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    platform = participant("platform", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    reader = participant("reader", EnumSet.of(Role.READER));
  }

  /** Limits small enough to reach in a test, rates high enough not to. */
  static ServerLimits testLimits() {
    return ServerLimits.defaults().withSizes(64 * 1024, 2 << 20, 4_000_000, 50, 20).withRate(100_000, 100_000);
  }

  /** Adds a participant and returns a new key for it, as the local operator (audited, as in production). */
  String participant(String id, Set<Role> roles) {
    exchange.administration().add(Caller.localOperator(), id, id, roles);
    return exchange.administration().createKey(Caller.localOperator(), id).secret();
  }

  /** An HTTP answer: status, Content-Type, body and the body as JSON (null when not JSON). */
  record Answer(int status, String contentType, String body, JsonNode json, HttpResponse<byte[]> raw) {
    JsonNode error() {
      return json.path("error");
    }
  }

  Answer get(String path, String key) {
    return send("GET", path, key, null, null);
  }

  Answer post(String path, String key, String json) {
    return send("POST", path, key, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  Answer put(String path, String key, String json) {
    return send("PUT", path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Answer send(String method, String path, String key, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = r.headers().firstValue("content-type").orElse("");
      String text = new String(r.body(), StandardCharsets.UTF_8);
      JsonNode json = type.startsWith("application/json") ? JSON.readTree(text) : null;
      return new Answer(r.statusCode(), type, text, json, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = ServerFixture.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test class path (index-core test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String accessLogText() throws IOException {
    server.stop(); // flushes
    return Files.readString(accessLog);
  }

  @Override
  public void close() {
    server.stop();
    exchange.close();
  }
}
