package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.http.ServerFixture.Answer;

/** The investigator page's files over real HTTP: what is served, with which security headers. */
class WebPageTest {
  @TempDir static Path dir;
  static ServerFixture server;

  @BeforeAll
  static void start() throws Exception {
    server = new ServerFixture(dir, ServerFixture.testLimits());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rootAndUiSendTheBrowserToThePage() {
    for (String path : new String[] {"/", "/ui"}) {
      Answer a = server.get(path, null);
      assertThat(a.status()).as(path).isEqualTo(303);
      assertThat(a.raw().headers().firstValue("location")).as(path).contains("/ui/");
    }
  }

  @Test
  void everyPageFileCarriesTheSecurityHeaders() {
    for (String name : WebPage.ASSETS.keySet()) {
      String path = name.equals("index.html") ? "/ui/" : "/ui/" + name;
      Answer a = server.get(path, null);
      assertThat(a.status()).as(path).isEqualTo(200);
      assertThat(a.contentType()).as(path).isEqualTo(WebPage.ASSETS.get(name));
      var h = a.raw().headers();
      String csp = h.firstValue("content-security-policy").orElse("");
      assertThat(csp).as(path)
          .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
      assertThat(h.firstValue("x-content-type-options")).as(path).contains("nosniff");
      assertThat(h.firstValue("referrer-policy")).as(path).contains("no-referrer");
      assertThat(h.firstValue("set-cookie")).as(path).isEmpty();
    }
  }

  @Test
  void thePageHasNoInlineScriptOrStyleAndLoadsNothingFromElsewhere() {
    for (String name : WebPage.ASSETS.keySet()) {
      String body = server.get("/ui/" + name, null).body();
      assertThat(body).as(name).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
      assertThat(body).as(name).doesNotContainPattern("(src|href)=\"https?://");
      if (name.endsWith(".html")) {
        assertThat(body).as(name).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style", "style=").doesNotContainPattern("\\son[a-z]+\\s*=");
      }
    }
  }

  @Test
  void onlyThePageFilesAreServed() {
    for (String path : new String[] {"/ui/openapi.yaml", "/ui/..%2Fhttp%2Fopenapi.yaml", "/ui/logback.xml", "/ui/nope.js"}) {
      Answer a = server.get(path, null);
      assertThat(a.status()).as(path).isEqualTo(404);
      assertThat(a.error().path("code").asText()).as(path).isEqualTo("not_found");
    }
  }

  @Test
  void anUnchangedFileIsNotSentAgain() {
    Answer first = server.get("/ui/app.js", null);
    String etag = first.raw().headers().firstValue("etag").orElseThrow();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.server.port() + "/ui/app.js"))
        .header("If-None-Match", etag).GET().build();
    try {
      var again = server.client.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
