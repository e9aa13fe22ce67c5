package org.lantern.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.server.http.AccessLog;
import org.lantern.server.http.LanternServer;
import org.lantern.server.http.ServerLimits;

/** A real server on a free loopback port over an exchange, and a real HTTP client. */
final class CompatFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PDQ_IMAGE = "/pdq-reference/images/reg-test-input/dih/bridge-1-original.jpg";

  final Exchange exchange;
  final LanternServer server;
  final HttpClient client = HttpClient.newHttpClient();

  CompatFixture(ExchangeConfig config) {
    this.exchange = Exchange.open(config);
    this.server = LanternServer.start(
        "127.0.0.1", 0, ServerLimits.defaults().withRate(1e9, 1e9), AccessLog.off(), CompatConfig.defaults());
    server.exchangeOpened(exchange);
  }

  /** Adds a participant and returns a key for it. */
  String participant(String id, Set<Role> roles) {
    exchange.administration().add(Caller.localOperator(), id, id, roles);
    return exchange.administration().createKey(Caller.localOperator(), id).secret();
  }

  Caller caller(String id) {
    return exchange.participants().caller(id).orElseThrow();
  }

  /** Submits and returns the ids, failing on any rejection. */
  List<String> submit(String contributor, List<SignalSubmission> batch) {
    List<SubmitResult> results = exchange.submit(caller(contributor), batch);
    return results.stream().map(r -> {
      if (r.outcome() == SubmitResult.Outcome.REJECTED) {
        throw new IllegalStateException("rejected: " + r.error().getMessage());
      }
      return r.id();
    }).toList();
  }

  record Answer(int status, String contentType, String body, JsonNode json) {}

  /** GET with {@code Authorization: Bearer key} (none when null). */
  Answer get(String path, String key) {
    return send("GET", path, key == null ? new String[0] : new String[] {"Authorization", "Bearer " + key}, null, null);
  }

  Answer post(String path, String key, String contentType, byte[] body) {
    return send("POST", path, new String[] {"Authorization", "Bearer " + key}, contentType, body);
  }

  Answer send(String method, String path, String[] headers, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = r.headers().firstValue("content-type").orElse("");
      String text = new String(r.body(), StandardCharsets.UTF_8);
      return new Answer(r.statusCode(), type, text, type.startsWith("application/json") ? JSON.readTree(text) : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A multipart/form-data body with one file part; the boundary is {@link #BOUNDARY}. */
  static byte[] multipart(String field, String filename, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  static final String BOUNDARY = "lantern-test-boundary-7d1e";
  static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

  static byte[] resource(String name) {
    try (InputStream in = CompatFixture.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
    exchange.close();
  }
}
