package org.lantern.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The investigator page: static HTML, CSS and JavaScript modules served from the jar under
 * {@code /ui/}, with {@code /} and {@code /ui} sending the browser there. The page talks to the same
 * {@code /v1} API with the key as a Bearer header; it sets no cookie, so there is nothing for a
 * cross-site request to ride on.
 *
 * <p>Only the files named in {@link #ASSETS} are served (read once, at class load): a request can
 * never reach another resource of the class path. Every answer carries a strict
 * Content-Security-Policy (scripts and styles from this origin only, no inline code, no framing),
 * {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}; assets are
 * revalidated by ETag so an upgraded server never serves a stale page.
 *
 * <p>Thread-safety: immutable after class initialization.
 */
final class WebPage {
  static final String RESOURCE_DIR = "/org/lantern/server/ui/";

  /** The page's files and their media types. */
  static final Map<String, String> ASSETS = assets(
      "index.html", "text/html; charset=utf-8",
      "style.css", "text/css; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "api.js", "text/javascript; charset=utf-8",
      "dom.js", "text/javascript; charset=utf-8",
      "hashes.js", "text/javascript; charset=utf-8",
      "lookup.js", "text/javascript; charset=utf-8",
      "signal.js", "text/javascript; charset=utf-8",
      "share.js", "text/javascript; charset=utf-8",
      "mine.js", "text/javascript; charset=utf-8",
      "stats.js", "text/javascript; charset=utf-8",
      "chart.js", "text/javascript; charset=utf-8",
      "admin.js", "text/javascript; charset=utf-8");

  /** No inline script or style, nothing from elsewhere, no framing, no form posts off-site. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

  private record Asset(String type, byte[] body, String etag) {}

  private static final Map<String, Asset> LOADED = load();

  private WebPage() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/", Route.Access.PUBLIC, WebPage::toPage),
        Route.get("/ui", Route.Access.PUBLIC, WebPage::toPage),
        Route.get("/ui/", Route.Access.PUBLIC, call -> serve(call, "index.html")),
        Route.get("/ui/{file}", Route.Access.PUBLIC, call -> serve(call, call.path("file"))));
  }

  private static void toPage(Call call) {
    secure(call);
    call.header("Location", "/ui/");
    call.send(303, "text/plain; charset=utf-8", "See /ui/\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void serve(Call call, String name) {
    Asset asset = LOADED.get(name);
    if (asset == null) {
      throw ApiException.notFound("path", "no such page file: " + Call.clip(name));
    }
    secure(call);
    call.header("ETag", asset.etag());
    call.header("Cache-Control", "no-cache");
    String seen = call.request().headers().first(io.helidon.http.HeaderNames.IF_NONE_MATCH).orElse(null);
    if (asset.etag().equals(seen)) {
      call.send(304, asset.type(), new byte[0]);
      return;
    }
    call.send(200, asset.type(), asset.body());
  }

  /** The headers every page answer carries. */
  private static void secure(Call call) {
    call.header("Content-Security-Policy", CSP);
    call.header("X-Content-Type-Options", "nosniff");
    call.header("Referrer-Policy", "no-referrer");
    call.header("X-Frame-Options", "DENY");
    call.header("Cross-Origin-Opener-Policy", "same-origin");
  }

  private static Map<String, String> assets(String... nameThenType) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < nameThenType.length; i += 2) {
      out.put(nameThenType[i], nameThenType[i + 1]);
    }
    return Map.copyOf(out);
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : ASSETS.entrySet()) {
      String resource = RESOURCE_DIR + e.getKey();
      try (InputStream in = WebPage.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the class path");
        }
        byte[] body = in.readAllBytes();
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
        out.put(e.getKey(), new Asset(e.getValue(), body, etag));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return Map.copyOf(out);
  }
}
