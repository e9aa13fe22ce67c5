package org.lantern.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lantern.core.testing.ChildJvm;

/**
 * A {@code lantern serve} or {@code lantern replica} in a child JVM, for the tests that need a real
 * process (kill tests, replicas): started
 * on port 0 (or a given port), ready when it prints its banner; HTTP helpers with a key; SIGKILL
 * or SIGTERM. The lines it printed are kept for failure messages.
 *
 * <p>Thread-safety: the HTTP helpers are thread-safe.
 */
public final class LanternProcess implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY = Pattern.compile("Lantern (?:exchange|replica of \\S+) on http://127\\.0\\.0\\.1:(\\d+) with data in .*");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  public final Process process;
  public final int port;
  public final String banner;
  public final List<String> output;
  public final Path data;

  private LanternProcess(Process process, int port, String banner, List<String> output, Path data) {
    this.process = process;
    this.port = port;
    this.banner = banner;
    this.output = output;
    this.data = data;
  }

  /** A primary: {@code lantern serve} on {@code data}. */
  public static LanternProcess serve(Path data, Path config, int port) throws Exception {
    return start(data, "serve", "--port", Integer.toString(port), "--data", data.toString(), "--config", config.toString(),
        "--access-log", "off");
  }

  /** A replica of {@code follow} as the owner of {@code keyFile}, polling every 100 ms, retrying within 1 s. */
  public static LanternProcess replica(Path data, Path config, String follow, Path keyFile, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("replica", "--port", "0", "--data", data.toString(), "--config", config.toString(),
        "--access-log", "off", "--follow", follow, "--key-file", keyFile.toString(), "--poll-millis", "100",
        "--retry-max-millis", "1000", "--ok-lag-seconds", "5"));
    args.addAll(List.of(extra));
    return start(data, args.toArray(String[]::new));
  }

  private static LanternProcess start(Path data, String... args) throws Exception {
    List<String> command = ChildJvm.command("256m", "org.lantern.server.cli.LanternCli", args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("lantern-child-output").start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (READY.matcher(line).matches()) {
            ready.complete(line);
          }
          if (output.size() < 200) {
            output.add(line);
          }
        }
      } catch (IOException e) {
        // killed: its output ends here
      }
      ready.completeExceptionally(new IllegalStateException("exited before it was ready: " + output));
    });
    try {
      String line = ready.get(120, TimeUnit.SECONDS);
      Matcher m = READY.matcher(line);
      if (!m.matches()) {
        throw new IllegalStateException(line);
      }
      return new LanternProcess(process, Integer.parseInt(m.group(1)), line, output, data);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The admin key the process created on its data directory. */
  public String adminKey() throws IOException {
    return Files.readString(data.resolve("admin.key")).strip();
  }

  /** One HTTP answer. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  public Answer get(String key, String path) throws IOException, InterruptedException {
    return send(key, "GET", path, null, null);
  }

  public Answer post(String key, String path, String json) throws IOException, InterruptedException {
    return send(key, "POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** A GET without waiting for its answer, for tests that keep many requests in flight. */
  public CompletableFuture<Answer> getAsync(String key, String path) {
    return CLIENT.sendAsync(request(key, path).GET().build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(r.statusCode(), r.body()));
  }

  public Answer send(String key, String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(key, path);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private HttpRequest.Builder request(String key, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  /** Adds a participant with reader and contributor roles; returns its new key. */
  public String addParticipant(String admin, String id) throws Exception {
    Answer added = post(admin, "/v1/admin/participants", "{\"id\":\"" + id + "\",\"roles\":[\"contributor\",\"reader\"]}");
    if (added.status() != 201) {
      throw new IllegalStateException(added.toString());
    }
    return post(admin, "/v1/admin/participants/" + id + "/keys", "").json().path("key").asText();
  }

  /** The replica's {@code /health} {@code in_step_as_of}, or {@code null}. */
  public Instant inStepAsOf() throws IOException, InterruptedException {
    JsonNode at = get(null, "/health").json().path("replica").path("in_step_as_of");
    return at.isMissingNode() ? null : Instant.parse(at.asText());
  }

  /** Waits until this replica was in step with its exchange at some time at or after {@code t}. */
  public void awaitInStep(Instant t, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Instant at = inStepAsOf();
      if (at != null && !at.isBefore(t)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in step as of " + t + " within " + timeout + " (last " + at + "); output " + output);
      }
      Thread.sleep(50);
    }
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
