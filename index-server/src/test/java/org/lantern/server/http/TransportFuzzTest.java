package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;

/**
 * 10,000 generated malformed requests over raw sockets, spread over every route and method: broken
 * request lines and paths, percent-encodings, duplicated or contradictory framing headers
 * ({@code Content-Length}, {@code Transfer-Encoding}), malformed {@code Content-Type} and {@code
 * Content-Encoding}, bodies that are random bytes, invalid UTF-8, deep JSON, truncated JSON,
 * chunked bodies with bad sizes, bodies cut short. No answer may be a 5xx (a request may also be
 * refused by closing the connection, as for bytes that are not HTTP at all; HTTP/1.0 other than
 * {@code GET /health} is answered 505, the protocol's answer), and the server is
 * healthy afterwards. Seeded: the seed is printed on failure and {@code -Dlantern.seed} replays;
 * {@code -Dtests.iterations=N} sends N times as many.
 */
class TransportFuzzTest {
  private static final String[] CONTENT_TYPES = {
    "application/json", "application/json;", "application/json; charset=utf-8", "application/json; charset=latin-9",
    "json", "/", "application/", ";", "application/x-ndjson", "image/png", "image/", "multipart/form-data",
    "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=abc",
    "text/plain", "*/*", "application/json; =", "application/json; a=\"unterminated", "\u00e9/\u00e9", ""
  };
  private static final String[] ENCODINGS = {"gzip", "deflate", "br", "identity", "x-unknown", "gzip, gzip", ""};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "G\u00c9T", "get"};

  @TempDir Path dir;

  @Test
  void tenThousandMalformedRequestsNoneA5xx() throws Exception {
    long seed = TestSeeds.seed("transport-fuzz");
    int total = TestSeeds.iterations(10_000);
    // Short deadlines: a request that announces more body than it sends is cut off quickly.
    ServerLimits limits = ServerFixture.testLimits()
        .withConnections(ConnectionLimits.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    try (ServerFixture f = new ServerFixture(dir, limits)) {
      List<Route> routes = LanternServer.routes();
      String[] keys = {f.admin, f.platform, f.reader, null, "garbage"};
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      int workers = 4;
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      List<Future<String>> results = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        results.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed + worker);
          for (int i = worker; i < total; i += workers) {
            Route route = routes.get(random.nextInt(routes.size()));
            byte[] request = request(random, route, keys[random.nextInt(keys.length)]);
            try (RawClient c = new RawClient(f.server.port())) {
              c.send(request).halfClose();
              RawClient.Outcome o = c.readUntilClosed(10_000);
              sent.incrementAndGet();
              if (o.status() < 0) {
                refused.incrementAndGet();
              } else if (o.status() == 505 && http10(request)) {
                // HTTP/1.0 is served for GET /health only; RFC 9110's answer to the others is 505
              } else if (o.status() >= 500) {
                return "request #" + i + " (worker " + worker + ") got " + o.received().lines().findFirst().orElse("")
                    + "\n" + describe(request) + "\n" + o.received();
              }
            } catch (java.io.IOException e) {
              refused.incrementAndGet(); // reset by the server while we were still writing
              sent.incrementAndGet();
            }
          }
          return null;
        }));
      }
      pool.shutdown();
      for (Future<String> r : results) {
        assertThat(r.get()).as("a 5xx; seed 0x%s (replay with -Dlantern.seed=0x%s)", Long.toHexString(seed), Long.toHexString(seed)).isNull();
      }
      assertThat(sent.get()).isEqualTo(total);
      assertThat(refused.get()).as("closed without an answer").isLessThan(total / 4);
      assertThat(f.get("/health", null).status()).isEqualTo(200);
      assertThat(f.get("/v1/match/pdq/" + HttpApiTest.PDQ, f.reader).status()).isEqualTo(200);
      assertThat(f.post("/v1/match/text", f.reader, "{\"text\":\"hello\"}").status()).isEqualTo(200);
    }
  }

  static byte[] request(SplittableRandom r, Route route, String key) {
    String method = r.nextInt(4) == 0 ? METHODS[r.nextInt(METHODS.length)] : route.method().text();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path(r, route.template())).append(r.nextInt(50) == 0 ? " HTTP/1.0" : " HTTP/1.1").append("\r\n");
    if (r.nextInt(20) != 0) {
      head.append("Host: x\r\n");
    }
    if (key != null) {
      head.append(r.nextInt(10) == 0 ? "Authorization: bearer  " : "Authorization: Bearer ").append(key).append("\r\n");
    }
    if (r.nextInt(4) != 0) {
      head.append("Content-Type: ").append(CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]).append("\r\n");
    }
    if (r.nextInt(8) == 0) {
      head.append("Content-Encoding: ").append(ENCODINGS[r.nextInt(ENCODINGS.length)]).append("\r\n");
    }
    if (r.nextInt(30) == 0) {
      head.append("X-Long: ").append("a".repeat(r.nextInt(20_000))).append("\r\n");
    }
    if (r.nextInt(30) == 0) {
      head.append("Bad Header Name: x\r\n");
    }
    if (r.nextInt(30) == 0) {
      head.append("Expect: 100-continue\r\n");
    }
    byte[] body = FuzzTest.body(r);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (r.nextInt(7)) {
      case 0, 1, 2 -> { // correct length
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
      }
      case 3 -> { // a length that lies, or is not a number, or is given twice
        String length = switch (r.nextInt(5)) {
          case 0 -> Integer.toString(body.length + 1 + r.nextInt(100));
          case 1 -> Integer.toString(Math.max(0, body.length - 1 - r.nextInt(10)));
          case 2 -> "-1";
          case 3 -> "99999999999999999999";
          default -> body.length + "\r\nContent-Length: " + (body.length + 1);
        };
        head.append("Content-Length: ").append(length).append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
      }
      case 4, 5 -> { // chunked, well or badly framed
        head.append("Transfer-Encoding: ").append(r.nextInt(6) == 0 ? "gzip, chunked" : r.nextInt(6) == 0 ? "chunked, identity" : "chunked").append("\r\n");
        if (r.nextInt(8) == 0) {
          head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        int at = 0;
        while (at < body.length) {
          int n = Math.min(body.length - at, 1 + r.nextInt(700));
          String size = switch (r.nextInt(12)) {
            case 0 -> "zz";
            case 1 -> Integer.toHexString(n + 5);
            case 2 -> Integer.toHexString(n) + ";ext=1";
            default -> Integer.toHexString(n);
          };
          out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, at, n);
          out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
          at += n;
        }
        if (r.nextInt(4) != 0) {
          out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
      default -> { // no framing at all, maybe a body anyway
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (r.nextBoolean()) {
          out.writeBytes(body);
        }
      }
    }
    byte[] bytes = out.toByteArray();
    return r.nextInt(15) == 0 ? java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)) : bytes;
  }

  private static String path(SplittableRandom r, String template) {
    String path = template
        .replaceAll("\\{hex}", r.nextBoolean() ? HttpApiTest.PDQ : pick(r, "zz", "", "%00", HttpApiTest.PDQ.substring(0, r.nextInt(64))))
        .replaceAll("\\{[a-z_]+}", pick(r, "x", "%zz", "..", "%2F", "sig_" + Long.toHexString(r.nextLong()), "%C3%28", "a".repeat(300)));
    if (r.nextInt(3) == 0) {
      path += "?" + pick(r, "limit=-1", "limit=abc", "max_distance=9999", "cursor=%zz", "a=%", "limit=1&limit=2",
          "dihedral=maybe", "since=2026-13-45", "=", "&&&", "limit=" + "9".repeat(40), "x=%C3%28");
    }
    if (r.nextInt(40) == 0) {
      path = pick(r, "*", "//", "/v1/../../etc/passwd", "http://evil/x", "/%", "/v1/match/pdq/" + "a".repeat(5000));
    }
    return path;
  }

  private static boolean http10(byte[] request) {
    String head = new String(request, 0, Math.min(request.length, 20_000), StandardCharsets.ISO_8859_1);
    int eol = head.indexOf('\n');
    return (eol < 0 ? head : head.substring(0, eol)).endsWith(" HTTP/1.0\r");
  }

  private static String pick(SplittableRandom r, String... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static String describe(byte[] request) {
    String s = new String(request, 0, Math.min(request.length, 600), StandardCharsets.ISO_8859_1);
    return "(" + request.length + " bytes) " + s.replaceAll("[^\\x20-\\x7e\\n]", "?");
  }
}
