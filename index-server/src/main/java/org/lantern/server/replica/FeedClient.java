package org.lantern.server.replica;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the followed exchange for feed pages: {@code GET <base>/v1/updates?cursor=..&limit=..}
 * with the participant's key as the Bearer token. The first request (no cursor yet) sends none:
 * the exchange starts from its beginning.
 *
 * <p>Thread-safety: thread-safe (the JDK client is).
 */
final class FeedClient {
  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  FeedClient(URI base, String key, Duration timeout) {
    this.base = base;
    this.authorization = "Bearer " + key;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /**
   * One page after {@code cursor} ({@code null}: from the beginning), at most {@code limit}
   * entries.
   *
   * @throws IOException when the exchange cannot be reached or its answer is not a feed page
   * @throws FeedException when it answers with an error status
   */
  FeedBatch fetch(String cursor, int limit) throws IOException, FeedException, InterruptedException {
    StringBuilder uri = new StringBuilder(base.toString());
    if (uri.charAt(uri.length() - 1) == '/') {
      uri.setLength(uri.length() - 1);
    }
    uri.append("/v1/updates?limit=").append(limit);
    if (cursor != null) {
      uri.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri.toString())).timeout(timeout).header("Authorization", authorization)
            .header("Accept", "application/json").GET().build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200) {
        byte[] text = body.readNBytes(2_048);
        long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0) * 1_000;
        throw new FeedException(status, "HTTP " + status + ": " + errorMessage(new String(text, StandardCharsets.UTF_8)), retryAfter);
      }
      return FeedPageReader.read(body);
    }
  }

  /** The {@code message} of a §5 error body, else the body's start (never a key: we sent it, they don't echo it). */
  private static String errorMessage(String body) {
    int at = body.indexOf("\"message\":\"");
    if (at >= 0) {
      int end = body.indexOf('"', at + 11);
      if (end > at) {
        return body.substring(at + 11, end);
      }
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
