package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * Malformed JSON, wrong types, huge numbers, invalid UTF-8 and random bytes sent to every POST
 * and PUT route (seeded; {@code -Dlantern.seed} replays): no answer may be a 5xx, and the server
 * is healthy afterwards.
 */
class FuzzTest {
  @TempDir Path dir;

  private static final String[] FIELDS = {
    "signals", "type", "value", "hashes", "urls", "text", "accounts", "max_distance", "limit", "dihedral", "opinion",
    "note", "id", "roles", "categories", "visibility", "derived_from", "expires", "name"
  };

  @Test
  void noInputYieldsA5xx() throws Exception {
    SplittableRandom random = TestSeeds.random("http-fuzz");
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      List<Route> targets = new ArrayList<>();
      for (Route r : LanternServer.routes()) {
        if (r.method().text().equals("POST") || r.method().text().equals("PUT")) {
          targets.add(r);
        }
      }
      int rounds = TestSeeds.iterations(40);
      int sent = 0;
      for (Route r : targets) {
        String path = r.template().replace("{id}", "fuzz").replace("{key_id}", "k");
        for (int i = 0; i < rounds; i++) {
          byte[] body = body(random);
          String type = switch (random.nextInt(6)) {
            case 0 -> "application/json";
            case 1 -> "application/x-ndjson";
            case 2 -> "image/jpeg";
            case 3 -> "multipart/form-data; boundary=" + (char) ('a' + random.nextInt(26));
            case 4 -> null;
            default -> "application/json; charset=utf-8";
          };
          Answer a = f.send(r.method().text(), path, f.admin, type, body);
          sent++;
          assertThat(a.status())
              .as("%s %s with %s body %s; %s", r.method().text(), path, type, describe(body), TestSeeds.describe())
              .isLessThan(500);
          if (a.status() >= 400) {
            assertThat(a.json()).as(a.body()).isNotNull();
            assertThat(a.body()).doesNotContain("Exception", "\tat ");
          }
        }
      }
      assertThat(sent).isGreaterThan(100);
      assertThat(f.get("/health", null).status()).isEqualTo(200);
      assertThat(f.get("/v1/match/pdq/" + HttpApiTest.PDQ, f.reader).status()).isEqualTo(200);
    }
  }

  private static String describe(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
    return "(" + body.length + " bytes) " + s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  static byte[] body(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> randomBytes(r, r.nextInt(2048));
      case 1 -> invalidUtf8(r);
      case 2 -> jsonValue(r, 0).getBytes(StandardCharsets.UTF_8);
      case 3 -> truncate(r, objectOf(r).getBytes(StandardCharsets.UTF_8));
      case 4 -> objectOf(r).getBytes(StandardCharsets.UTF_8);
      case 5 -> ("{\"" + FIELDS[r.nextInt(FIELDS.length)] + "\":" + hugeNumber(r) + "}").getBytes(StandardCharsets.UTF_8);
      case 6 -> "[".repeat(1 + r.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
      default -> new byte[0];
    };
  }

  private static String objectOf(SplittableRandom r) {
    StringBuilder sb = new StringBuilder("{");
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(FIELDS[r.nextInt(FIELDS.length)]).append("\":").append(jsonValue(r, 1));
    }
    return sb.append('}').toString();
  }

  private static String jsonValue(SplittableRandom r, int depth) {
    int k = depth > 4 ? r.nextInt(5) : r.nextInt(8);
    return switch (k) {
      case 0 -> "null";
      case 1 -> r.nextBoolean() ? "true" : "false";
      case 2 -> hugeNumber(r);
      case 3 -> "\"" + randomAscii(r, r.nextInt(80)) + "\"";
      case 4 -> Integer.toString(r.nextInt() >> r.nextInt(32));
      case 5 -> {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",").append(jsonValue(r, depth + 1));
        }
        yield sb.append(']').toString();
      }
      case 6 -> objectOf(r);
      default -> "\"" + HttpApiTest.PDQ.substring(0, r.nextInt(65)) + "\"";
    };
  }

  private static String hugeNumber(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> "9".repeat(1 + r.nextInt(400));
      case 1 -> "-1e" + r.nextInt(100_000);
      case 2 -> "1.5e308";
      default -> Long.toString(Long.MIN_VALUE) + "0";
    };
  }

  private static String randomAscii(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      char c = (char) (0x20 + r.nextInt(0x5f));
      sb.append(c == '"' || c == '\\' ? 'x' : c);
    }
    return sb.toString();
  }

  private static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  private static byte[] invalidUtf8(SplittableRandom r) {
    byte[] prefix = ("{\"text\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] out = new byte[prefix.length + bad.length + 2];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(bad, 0, out, prefix.length, bad.length);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    if (r.nextBoolean()) {
      out[prefix.length + r.nextInt(bad.length)] = (byte) (0x80 + r.nextInt(128));
    }
    return out;
  }

  private static byte[] truncate(SplittableRandom r, byte[] b) {
    return b.length == 0 ? b : java.util.Arrays.copyOf(b, r.nextInt(b.length));
  }
}
