package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.ChildJvm;

/**
 * The journeys of a new user around {@code lantern serve} (issue 16), with the server in a child
 * JVM (the real entry point, a real socket) and the other commands through the picocli entry
 * point: load first then serve (item 1), commands while the server holds the directory (item 2),
 * and a port in use (item 6).
 */
class FirstRunServeTest {
  private static final Pattern READY = Pattern.compile("Lantern exchange on http://127\\.0\\.0\\.1:(\\d+) with data in .*");
  private static final Pattern LIBRARY_LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ +(WARN|ERROR)");
  private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  @TempDir Path tmp;
  private final List<Process> children = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** A started server: its port, and every line it printed up to and after its ready line. */
  record Served(Process process, int port, List<String> output) {}

  private Process spawn(String... args) throws IOException {
    Process process = new ProcessBuilder(ChildJvm.command("256m", "org.lantern.server.cli.LanternCli", args))
        .redirectErrorStream(true).start();
    children.add(process);
    return process;
  }

  private Served serve(Path data) throws Exception {
    Process process = spawn("serve", "--port", "0", "--data", data.toString(), "--access-log", "off");
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.add(line);
          Matcher m = READY.matcher(line);
          if (m.matches()) {
            // the key lines follow the ready line: wait for the "API description" line
          } else if (line.startsWith("API description:")) {
            for (String l : output) {
              Matcher r = READY.matcher(l);
              if (r.matches()) {
                ready.complete(Integer.parseInt(r.group(1)));
              }
            }
          }
        }
      } catch (IOException e) {
        // the child is gone
      }
      ready.completeExceptionally(new IllegalStateException("the server exited before it was ready: " + output));
    });
    int port = ready.get(90, TimeUnit.SECONDS);
    return new Served(process, port, output);
  }

  private int get(int port, String path, String key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void serveAfterABulkLoadShouldCreateAnAdminAndPrintItsKey() throws Exception {
    Path data = tmp.resolve("data");
    Path hashes = tmp.resolve("list.txt");
    Files.writeString(hashes, PDQ + "\n");
    CliTest.Run load = lantern("load", "--data", data.toString(), hashes.toString());
    assertThat(load.status()).as(load.err()).isZero();

    Served served = serve(data);
    String printed = String.join("\n", served.output());
    assertThat(printed).contains("(1 signals").contains("Created participant 'admin' with every role");
    Path keyFile = data.resolve("admin.key");
    assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String key = Files.readString(keyFile).strip();
    assertThat(printed).contains(key);
    assertThat(get(served.port(), "/v1/admin/participants", key)).isEqualTo(200);
    assertThat(get(served.port(), "/v1/admin/participants", "lk_wrong")).isEqualTo(401);
  }

  @Test
  void commandsOnTheServersDirectoryShouldSayHowToReachItOrStopIt() throws Exception {
    Path data = tmp.resolve("data");
    Served served = serve(data);
    String url = "http://127.0.0.1:" + served.port();
    Path recorded = data.resolve(ServerRecord.FILE);
    assertThat(Files.readAllLines(recorded).get(0)).isEqualTo(url);
    assertThat(Files.getPosixFilePermissions(recorded)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Path hashes = tmp.resolve("list.txt");
    Files.writeString(hashes, PDQ + "\n");

    CliTest.Run load = lantern("load", "--data", data.toString(), hashes.toString());
    assertThat(load.status()).isEqualTo(2);
    assertThat(load.err())
        .contains("held by the server at " + url + " (pid " + served.process().pid() + ")")
        .contains("lantern load --server " + url + " --key \"$(cat " + data.resolve("admin.key") + ")\" " + hashes)
        .contains("kill " + served.process().pid())
        .doesNotContain("\tat ");

    CliTest.Run participants = lantern("participants", "list", "--data", data.toString());
    assertThat(participants.status()).isEqualTo(2);
    assertThat(participants.err()).contains(url + "/v1/admin/participants").contains("kill " + served.process().pid());

    CliTest.Run match = lantern("match", "--data", data.toString(), hashes.toString());
    assertThat(match.err()).contains(url + "/v1/match/pdq/HEX");

    // The suggested command works as printed.
    String key = Files.readString(data.resolve("admin.key")).strip();
    CliTest.Run viaServer = lantern("load", "--server", url, "--key", key, "--checkpoints", tmp.resolve("cp").toString(),
        hashes.toString());
    assertThat(viaServer.status()).as(viaServer.err()).isZero();
    assertThat(viaServer.err()).contains("loaded 1");

    // Stopped gracefully, the server removes its record.
    served.process().destroy();
    assertThat(served.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(recorded).doesNotExist();
  }

  @Test
  void aRestartAfterAKillShouldSayItRecoveredAndPrintNoLibraryWarnings() throws Exception {
    Path data = tmp.resolve("data");
    Served first = serve(data);
    String key = Files.readString(data.resolve("admin.key")).strip();
    for (int i = 0; i < 20; i++) {
      String body = "{\"signals\":[{\"type\":\"md5\",\"value\":\"%032x\"},{\"type\":\"url\",\"value\":\"https://kill.example/%d\"}]}"
          .formatted(i, i);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/v1/signals"))
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }
    first.process().destroyForcibly();
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    Served second = serve(data);
    assertThat(get(second.port(), "/v1/admin/participants", key)).isEqualTo(200);
    List<String> printed = List.copyOf(second.output());
    assertThat(String.join("\n", printed)).contains("(40 signals, recovered after an unclean stop)");
    // Recovery is the expected path after a kill, under the directory's exclusive lock: Chronicle's
    // caveats about it say nothing the user can act on.
    assertThat(printed).as("a normal restart prints only its banner").noneMatch(line -> LIBRARY_LOG_LINE.matcher(line).find());
  }

  @Test
  void serveOnAPortInUseShouldExitWithAMessageNotHang() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Process process = spawn("serve", "--port", Integer.toString(taken.getLocalPort()), "--data",
          tmp.resolve("data").toString(), "--access-log", "off");
      boolean exited = process.waitFor(30, TimeUnit.SECONDS);
      String output = exited ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "(still running)";
      assertThat(exited).as("serve on a port in use must exit, not hang: " + output).isTrue();
      assertThat(process.exitValue()).as(output).isNotZero();
      assertThat(output).contains(Integer.toString(taken.getLocalPort())).doesNotContain("\tat ");
    }
  }
}
