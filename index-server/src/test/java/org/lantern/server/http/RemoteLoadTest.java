package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.FeedPage;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.testing.TestSeeds;
import org.lantern.server.cli.LanternCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lantern load --server}: the same file loaded through a real server and into a data directory. */
class RemoteLoadTest {
  @TempDir Path tmp;

  private record Run(int status, String err) {}

  private static Run lantern(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = LanternCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, err.toString());
  }

  /** A pytx-local file: hashes of three types, repeats, bad lines and an unsupported type. */
  private Path input() throws Exception {
    SplittableRandom random = TestSeeds.random("RemoteLoadTest");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      int dice = random.nextInt(20);
      if (dice == 0) {
        lines.add("pdq " + hex(random, 31)); // too short: rejected by the exchange
      } else if (dice == 1) {
        lines.add("photodna " + hex(random, 144));
      } else if (dice == 2 && !lines.isEmpty()) {
        lines.add(lines.get(random.nextInt(lines.size())));
      } else {
        lines.add((dice % 3 == 0 ? "md5 " + hex(random, 16) : dice % 3 == 1 ? "pdq " + hex(random, 32) : "url https://example.org/" + i));
      }
    }
    return Files.write(tmp.resolve("signals.txt"), lines);
  }

  private static String hex(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** type value → status categories, for every signal of {@code contributor}. */
  private static TreeMap<String, String> contents(Exchange exchange, String contributor) {
    TreeMap<String, String> all = new TreeMap<>();
    long cursor = 0;
    while (true) {
      FeedPage page = exchange.deltaFeed().updates(Caller.localOperator(), cursor, 1000);
      for (FeedPage.Entry e : page.entries()) {
        Signal s = e.signal();
        if (s.contributor().equals(contributor)) {
          all.put(s.type().label() + " " + s.value(), s.status() + " " + s.categories());
        }
      }
      if (page.entries().isEmpty() || page.nextCursor() == cursor) {
        return all;
      }
      cursor = page.nextCursor();
    }
  }

  @Test
  void aRemoteLoadShouldCountAndStoreWhatAnEmbeddedLoadDoes() throws Exception {
    Path input = input();
    Path local = tmp.resolve("local");
    Run embedded = lantern("load", "--data", local.toString(), "--quiet", "--category", "csam",
        "--rejects", tmp.resolve("embedded.rejects").toString(), input.toString());
    assertThat(embedded.status()).as(embedded.err()).isEqualTo(2);
    String summary = embedded.err().lines().filter(l -> l.startsWith("read ")).findFirst().orElseThrow();

    try (ServerFixture fixture = new ServerFixture(tmp.resolve("server"), ServerFixture.testLimits())) {
      String url = "http://127.0.0.1:" + fixture.server.port();
      Run remote = lantern("load", "--server", url, "--key", fixture.platform, "--batch", "50", "--concurrency", "3",
          "--quiet", "--category", "csam", "--rejects", tmp.resolve("remote.rejects").toString(),
          "--checkpoints", tmp.resolve("loads").toString(), input.toString());
      assertThat(remote.status()).as(remote.err()).isEqualTo(2);
      // The same counts (up to the rate), the same rejects, the same signals.
      assertThat(remote.err()).contains(summary.substring(0, summary.indexOf(" in ")));
      assertThat(Files.readAllLines(tmp.resolve("remote.rejects"))).isEqualTo(Files.readAllLines(tmp.resolve("embedded.rejects")));
      TreeMap<String, String> viaServer = contents(fixture.exchange, "platform");
      try (Exchange exchange = Exchange.open(ExchangeConfig.defaults(local))) {
        assertThat(viaServer).isEqualTo(contents(exchange, "local")).isNotEmpty();
      }

      Run again = lantern("load", "--server", url, "--key", fixture.platform, "--batch", "50", "--quiet", "--category", "csam",
          "--rejects", tmp.resolve("again.rejects").toString(), "--checkpoints", tmp.resolve("loads").toString(), input.toString());
      assertThat(again.err()).contains(", loaded 0, updated 0, duplicates ");

      Run badKey = lantern("load", "--server", url, "--key", "lk_platform_nope", "--quiet",
          "--checkpoints", tmp.resolve("loads").toString(), input.toString());
      assertThat(badKey.status()).isEqualTo(1);
      assertThat(badKey.err()).contains("HTTP 401").contains("run the same command again").doesNotContain("\tat ");

      Run readerOnly = lantern("load", "--server", url, "--key", fixture.reader, "--batch", "50", "--quiet", "--restart",
          "--checkpoints", tmp.resolve("loads").toString(), input.toString());
      assertThat(readerOnly.status()).isEqualTo(1);
      assertThat(readerOnly.err()).contains("HTTP 403");
    }
  }

  @Test
  void retractionsByValueShouldRetractOnlyTheCallersOwnSignals() throws Exception {
    try (ServerFixture fixture = new ServerFixture(tmp.resolve("server"), ServerFixture.testLimits())) {
      String pdq = "f".repeat(64);
      fixture.post("/v1/signals", fixture.platform, "{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + pdq + "\"}]}");
      fixture.post("/v1/signals", fixture.filehost, "{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + pdq + "\"}]}");
      ServerFixture.Answer answer = fixture.post("/v1/signals/retractions", fixture.platform,
          "{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + pdq.toUpperCase() + "\"},{\"type\":\"md5\",\"value\":\"" + "0".repeat(32)
              + "\"},{\"type\":\"pdq\",\"value\":\"xyz\"}]}");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().get("results").findValuesAsText("status")).containsExactly("updated", "unchanged", "rejected");
      assertThat(answer.json().get("results").get(2).path("error").path("field").asText()).contains("value");
      TreeMap<String, String> platform = contents(fixture.exchange, "platform");
      TreeMap<String, String> filehost = contents(fixture.exchange, "filehost");
      assertThat(platform).containsEntry("pdq " + pdq, "RETRACTED []");
      assertThat(filehost).containsEntry("pdq " + pdq, "ACTIVE []");
      ServerFixture.Answer reader = fixture.post("/v1/signals/retractions", fixture.reader,
          "{\"signals\":[{\"type\":\"pdq\",\"value\":\"" + pdq + "\"}]}");
      assertThat(reader.status()).isEqualTo(403);
    }
  }
}
