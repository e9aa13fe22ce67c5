package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.server.http.ServerFixture.Answer;

/**
 * Per-request cost bounds over real sockets: a text scan returns at most the configured hits and
 * says it was truncated, with the total; a text over the length limit is 413; a keyword that
 * would match everywhere is refused; an image whose decoded pixels (all bands, 16-bit counted)
 * exceed the bytes limit is refused from its header; decodes beyond the permits get 503 with
 * Retry-After; the rate limit charges a batch by its values; and {@code /health} keeps answering
 * within 500 ms while 8 costly requests run, the server's resident memory staying bounded.
 */
class CostBoundsTest {
  @TempDir Path dir;

  private static String share(ServerFixture f, String key, String type, String value) {
    Answer a = f.post("/v1/signals", key,
        "{\"signals\":[{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"categories\":[\"trade\"]}]}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.body();
  }

  @Test
  void aTextScanIsTruncatedAtTheHitCapAndSaysSo() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      share(f, f.platform, "keyword", "abc");
      share(f, f.platform, "keyword", "xyz");
      String text = "abc xyz ".repeat(3_000); // 6,000 hits
      Answer a = f.post("/v1/match/text", f.reader, "{\"text\":\"" + text + "\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.json().get("hits").size()).isEqualTo(1_000); // CostLimits.defaults().maxTextHits()
      assertThat(a.json().get("total").asLong()).isEqualTo(6_000);
      assertThat(a.json().get("truncated").asBoolean()).isTrue();
      assertThat(a.body().length()).isLessThan(1_000_000);

      Answer few = f.post("/v1/match/text", f.reader, "{\"text\":\"just abc here\"}");
      assertThat(few.json().get("total").asLong()).isEqualTo(1);
      assertThat(few.json().get("truncated").asBoolean()).isFalse();

      Answer tooLong = f.post("/v1/match/text", f.reader,
          "{\"text\":\"" + "a".repeat(WorkLimits.defaults().maxTextChars() + 1) + "\"}");
      assertThat(tooLong.status()).isIn(413);
    }
  }

  @Test
  void keywordsThatMatchEverywhereAreRefused() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits())) {
      for (String weak : new String[] {"a", "ab", "A B", "aaaa", "z z z z"}) {
        Answer a = f.post("/v1/signals", f.platform,
            "{\"signals\":[{\"type\":\"keyword\",\"value\":\"" + weak + "\",\"categories\":[\"trade\"]}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode r = a.json().at("/results/0");
        assertThat(r.get("status").asText()).as("'%s': %s", weak, a.body()).isEqualTo("rejected");
        assertThat(r.at("/error/code").asText()).isEqualTo("keyword_too_short");
      }
      share(f, f.platform, "keyword", "abc"); // three varied characters are enough
    }
  }

  @Test
  void theRateLimitChargesABatchByItsValues() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, ServerFixture.testLimits().withRate(1, 10))) {
      StringBuilder hashes = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        hashes.append(i == 0 ? "" : ",").append('"').append(HttpApiTest.PDQ).append('"');
      }
      Answer batch = f.post("/v1/match/hashes", f.reader, "{\"hashes\":[" + hashes + "]}");
      assertThat(batch.status()).as(batch.body()).isEqualTo(200); // admitted: 1 unit, then 9 more charged
      Answer next = f.get("/v1/match/pdq/" + HttpApiTest.PDQ, f.reader);
      assertThat(next.status()).as("the batch spent the burst of 10 units").isEqualTo(429);
      assertThat(next.raw().headers().firstValue("retry-after")).isPresent();
      // another key is not affected
      assertThat(f.get("/v1/match/pdq/" + HttpApiTest.PDQ, f.platform).status()).isEqualTo(200);
    }
  }

  @Test
  void decodedBytesCountEveryBandAtItsDepth() throws Exception {
    // 400 x 400: 16-bit RGBA is 1,280,000 bytes decoded, 8-bit RGB 480,000
    ServerLimits limits = ServerFixture.testLimits().withWork(WorkLimits.defaults().withDecodes(2, 1_000_000));
    try (ServerFixture f = new ServerFixture(dir, limits)) {
      Answer deep = f.send("POST", "/v1/match/image", f.reader, "image/png", png16Rgba(400, 400));
      assertThat(deep.status()).as(deep.body()).isEqualTo(400);
      assertThat(deep.error().path("code").asText()).isEqualTo("image_too_large");
      assertThat(deep.error().path("message").asText()).contains("8 bytes per pixel");
      Answer plain = f.send("POST", "/v1/match/image", f.reader, "image/png", png8Rgb(400, 400));
      assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    }
  }

  @Test
  void healthStaysFastAndMemoryBoundedWhileEightCostlyRequestsRun() throws Exception {
    ServerLimits limits = ServerFixture.testLimits()
        .withSizes(1 << 20, 8 << 20, 20_000_000, 50, 20)
        .withWork(WorkLimits.defaults().withDecodes(2, 64L << 20));
    try (ServerFixture f = new ServerFixture(dir, limits)) {
      for (String k : new String[] {"abc", "bca", "cab", "abcabc", "abc abc"}) {
        share(f, f.platform, "keyword", k);
      }
      String text = "{\"text\":\"" + "abc bca cab ".repeat(60_000 / 4) + "\"}"; // ~180 KB, ~45,000 words
      byte[] image = png8Rgb(3_000, 3_000); // 27 MB decoded each
      long rssBefore = rssBytes();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> costly = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean img = i % 2 == 0;
        costly.add(pool.submit(() -> img
            ? f.send("POST", "/v1/match/image", f.reader, "image/png", image).status()
            : f.post("/v1/match/text", f.reader, text).status()));
      }
      List<Long> healthMillis = new ArrayList<>();
      long peakRss = rssBefore;
      while (costly.stream().anyMatch(c -> !c.isDone())) {
        long t = System.nanoTime();
        assertThat(f.get("/health", null).status()).isEqualTo(200);
        healthMillis.add((System.nanoTime() - t) / 1_000_000);
        peakRss = Math.max(peakRss, rssBytes());
        Thread.sleep(20);
      }
      pool.shutdown();
      for (Future<Integer> c : costly) {
        assertThat(c.get()).as("a costly request answers 200, or 503 when the decode permits are taken").isIn(200, 503);
      }
      healthMillis.sort(null);
      long median = healthMillis.get(healthMillis.size() / 2);
      long p90 = healthMillis.get(healthMillis.size() * 9 / 10);
      System.out.printf("/health while 8 costly requests ran: %d answers, median %d ms, p90 %d ms, worst %d ms%n",
          healthMillis.size(), median, p90, healthMillis.get(healthMillis.size() - 1));
      // The bound is on the typical answer: this machine is shared, and a scheduling hiccup of
      // the whole JVM (or of the test's own client) is not the server's doing. Before the work
      // pool, every /health waited for the costly requests to end (10 s and more here).
      assertThat(median).as("median /health while 8 costly requests ran (ms); all: %s", healthMillis).isLessThan(500);
      assertThat(p90).as("p90 /health (ms); all: %s", healthMillis).isLessThan(1_000);
      // 2 decode permits x (27 MB decoded + the hasher's buffers) and 4 scans of 180 KB: well
      // under 600 MB over what the JVM held before (the issue measured 4 images taking 2.2 GB).
      assertThat(peakRss - rssBefore).as("resident memory growth, bytes").isLessThan(600L << 20);
    }
  }

  private static long rssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  static byte[] png8Rgb(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y += 7) {
      for (int x = 0; x < w; x += 5) {
        img.setRGB(x, y, (x * 31 + y * 17) & 0xffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] png16Rgba(int w, int h) throws Exception {
    ComponentColorModel model = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y += 3) {
      for (int x = 0; x < w; x += 3) {
        raster.setPixel(x, y, new int[] {x * 97 & 0xffff, y * 89 & 0xffff, (x + y) * 13 & 0xffff, 0xffff});
      }
    }
    BufferedImage img = new BufferedImage(model, raster, false, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, "png", out)).isTrue();
    return out.toByteArray();
  }
}
