package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link StreamedAnswer} through the real {@link Dispatcher}: small answers go out whole (with a
 * Content-Length, and a failure is still an ordinary error answer); large ones stream; a failure
 * after the stream started cuts the connection, so that the client cannot take a partial answer
 * for a whole one.
 */
class StreamedAnswerTest {
  static WebServer server;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final int BIG = 330_000; // 100-byte lines, five times what is held before committing

  @BeforeAll
  static void start() {
    ServerContext context = new ServerContext(ServerFixture.testLimits(), AccessLog.off());
    Dispatcher dispatcher = new Dispatcher(context);
    HttpRouting.Builder routing = HttpRouting.builder();
    routing.get("/small", dispatcher.handler(Route.get("/small", Route.Access.PUBLIC, call -> write(call, 100, false))));
    routing.get("/big", dispatcher.handler(Route.get("/big", Route.Access.PUBLIC, call -> write(call, BIG, false))));
    routing.get("/small-fails", dispatcher.handler(Route.get("/small-fails", Route.Access.PUBLIC, call -> write(call, 100, true))));
    routing.get("/big-fails", dispatcher.handler(Route.get("/big-fails", Route.Access.PUBLIC, call -> write(call, BIG, true))));
    server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static void write(Call call, int bytes, boolean fail) throws IOException {
    StreamedAnswer body = call.streamed(200, Call.NDJSON);
    byte[] line = new byte[100];
    Arrays.fill(line, (byte) 'x');
    line[99] = '\n';
    for (int n = 0; n < bytes; n += line.length) {
      body.write(line);
      body.flush(); // must not commit a held answer: it could then no longer become an error
    }
    if (fail) {
      throw new IllegalStateException("failed midway");
    }
    body.close();
    body.close(); // harmless
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void smallAnswersGoOutWholeWithALength() throws Exception {
    HttpResponse<String> r = get("/small");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains(Call.NDJSON);
    assertThat(r.headers().firstValue("content-length")).contains("100");
    assertThat(r.body()).hasSize(100);
  }

  @Test
  void largeAnswersStreamWhole() throws Exception {
    HttpResponse<String> r = get("/big");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains(Call.NDJSON);
    assertThat(r.body()).hasSize(BIG);
  }

  @Test
  void aFailureBeforeTheAnswerWentOutIsAnErrorAnswer() throws Exception {
    HttpResponse<String> r = get("/small-fails");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("internal_error").doesNotContain("xxx");
  }

  @Test
  void aFailureWhileStreamingCutsTheConnection() throws Exception {
    assertThatThrownBy(() -> get("/big-fails")).isInstanceOf(IOException.class);
    // ... and the server goes on serving.
    assertThat(get("/small").statusCode()).isEqualTo(200);
  }
}
