package org.lantern.loaders.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.json.SignalJsonCodec;

/**
 * Sends signals to a Lantern server: {@code POST /v1/signals} and {@code POST
 * /v1/signals/retractions}, with the participant's API key. A request that meets a full server
 * (429), a server error (5xx) or a broken connection is sent again after a pause that doubles
 * each time (the server's {@code Retry-After} when it gives one), up to {@code maxAttempts}; a
 * re-sent batch is harmless, since signals already stored come back unchanged. Any other refusal
 * (a bad key, a batch over the server's limit) stops the load with the server's own message.
 *
 * <p>Thread-safety: thread-safe; the pipeline keeps up to {@link #concurrency()} requests open.
 */
public final class RemoteSink implements SignalSink {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

  private final URI server;
  private final String key;
  private final int concurrency;
  private final int maxAttempts;
  private final HttpClient client;
  private final LongConsumer sleeper;

  /**
   * @param server the server's base URL, e.g. {@code http://localhost:8080}
   * @param key an API key of a participant with the contributor role
   * @param concurrency requests in flight at once
   * @param maxAttempts tries per request before the load stops
   */
  public RemoteSink(URI server, String key, int concurrency, int maxAttempts) {
    this(server, key, concurrency, maxAttempts, RemoteSink::sleep);
  }

  RemoteSink(URI server, String key, int concurrency, int maxAttempts, LongConsumer sleeper) {
    if (concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("concurrency and attempts must be at least 1");
    }
    String base = server.toString();
    this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    if (!"http".equals(this.server.getScheme()) && !"https".equals(this.server.getScheme())) {
      throw new IllegalArgumentException("--server must be an http:// or https:// URL, got " + server);
    }
    this.key = key;
    this.concurrency = concurrency;
    this.maxAttempts = maxAttempts;
    this.sleeper = sleeper;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  private record Body(List<SignalSubmission> submissions, byte[] json) implements Prepared {}

  @Override
  public Prepared prepare(List<SignalSubmission> batch) throws IOException {
    return new Body(batch, body(batch, true));
  }

  @Override
  public List<SubmitResult> submit(Prepared batch) throws IOException {
    Body body = (Body) batch;
    return post("/v1/signals", body.json(), body.submissions().size());
  }

  @Override
  public List<SubmitResult> retract(List<SignalSubmission> batch) throws IOException {
    return post("/v1/signals/retractions", body(batch, false), batch.size());
  }

  @Override
  public int concurrency() {
    return concurrency;
  }

  @Override
  public String target() {
    return "server " + server;
  }

  @Override
  public void close() {
    client.close();
  }

  /** {@code {"signals":[...]}} in the API's shape ({@link SignalJsonCodec}); for retractions only type and value. */
  static byte[] body(List<SignalSubmission> batch, boolean full) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 120);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("signals");
      for (SignalSubmission s : batch) {
        SignalJsonCodec.write(json, s, full);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toByteArray();
  }

  private List<SubmitResult> post(String path, byte[] body, int expected) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Duration pause = FIRST_PAUSE;
    String lastProblem = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleeper.accept(pause.toMillis());
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (ConnectException | HttpTimeoutException e) {
        lastProblem = "cannot reach " + server + " (" + e.getClass().getSimpleName() + ")";
        continue;
      } catch (IOException e) {
        lastProblem = "connection to " + server + " failed: " + e.getMessage();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sending to " + server, e);
      }
      int status = response.statusCode();
      if (status == 200) {
        return results(response.body(), expected);
      }
      lastProblem = "HTTP " + status + " from " + server + path + ": " + errorMessage(response.body());
      if (status == 429) {
        pause = retryAfter(response).orElse(pause);
      } else if (status < 500) {
        throw new IOException(lastProblem);
      }
    }
    throw new IOException(lastProblem + " (gave up after " + maxAttempts + " attempts)");
  }

  private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        long seconds = Long.parseLong(v.trim());
        return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Math.min(seconds, 60))));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }

  /** The results of a batch answer: {@code {"results":[{"index":0,"id":"…","status":"created"},…]}}. */
  static List<SubmitResult> results(byte[] body, int expected) throws IOException {
    List<SubmitResult> results = new ArrayList<>(expected);
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("results")) {
          p.skipChildren();
          continue;
        }
        expect(p.currentToken(), JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
          results.add(result(p, results.size()));
        }
      }
    }
    if (results.size() != expected) {
      throw new IOException("the server answered " + results.size() + " results for " + expected + " signals");
    }
    return results;
  }

  private static SubmitResult result(JsonParser p, int index) throws IOException {
    String id = null;
    String status = null;
    String code = "rejected";
    String field = null;
    String message = "rejected by the server";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> id = p.getValueAsString();
        case "status" -> status = p.getValueAsString();
        case "error" -> {
          expect(value, JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String e = p.currentName();
            p.nextToken();
            switch (e) {
              case "code" -> code = p.getValueAsString();
              case "field" -> field = p.getValueAsString();
              case "message" -> message = p.getValueAsString();
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    SubmitResult.Outcome outcome;
    try {
      outcome = SubmitResult.Outcome.valueOf(String.valueOf(status).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IOException("the server answered an unknown status '" + status + "' for signal " + index);
    }
    SignalRejectedException error =
        outcome == SubmitResult.Outcome.REJECTED ? new SignalRejectedException(code, withinSignal(field), message) : null;
    return new SubmitResult(index, id, outcome, error);
  }

  /**
   * The field within the signal: the server names it within the batch ({@code signals[7].value}),
   * but a reject file speaks of the input's records, whose position in a batch means nothing.
   */
  static String withinSignal(String field) {
    if (field != null && field.startsWith("signals[")) {
      int dot = field.indexOf("].");
      return dot < 0 ? null : field.substring(dot + 2);
    }
    return field;
  }

  private static void expect(JsonToken got, JsonToken wanted) throws IOException {
    if (got != wanted) {
      throw new IOException("unexpected answer from the server: " + wanted + " expected, got " + got);
    }
  }

  /** The message of an API error body, or the start of whatever else came back. */
  private static String errorMessage(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "message".equals(p.currentName())) {
          p.nextToken();
          return p.getValueAsString();
        }
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
