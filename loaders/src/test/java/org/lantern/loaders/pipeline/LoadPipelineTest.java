package org.lantern.loaders.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.FeedPage;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.Signal;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadPipelineTest {
  @TempDir Path tmp;
  private final AtomicInteger dirs = new AtomicInteger();

  /** An exchange in a new directory, with participant "acme" as contributor. */
  static Exchange openExchange(Path dir) {
    Exchange exchange =
        Exchange.open(ExchangeConfig.defaults(dir).withSizes(1 << 14, 1 << 14).withIntervals(java.time.Duration.ZERO, java.time.Duration.ZERO));
    if (exchange.participants().get("acme").isEmpty()) {
      exchange.administration().add(Caller.localOperator(), "acme", "Acme", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
    }
    return exchange;
  }

  static Caller acme(Exchange exchange) {
    return exchange.participants().caller("acme").orElseThrow();
  }

  static LoadPipeline.Settings settings(int batch, Path rejects, Path checkpoints, RecordDefaults defaults, PrintWriter messages) {
    return new LoadPipeline.Settings(
        ScriptedFormat.INSTANCE, FormatOptions.defaults(), defaults, batch, rejects, checkpoints, "test", LoadProgress.quiet(), messages);
  }

  private Path write(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Every signal in the exchange, by type, value and contributor: its status and categories (what
   * a load decides). Not by id: two exchanges have different secrets, so different ids.
   */
  static TreeMap<String, String> contents(Exchange exchange) {
    TreeMap<String, String> all = new TreeMap<>();
    long cursor = 0;
    while (true) {
      FeedPage page = exchange.deltaFeed().updates(Caller.localOperator(), cursor, 1000);
      for (FeedPage.Entry e : page.entries()) {
        Signal s = e.signal();
        all.put(s.type().label() + " " + s.value() + " " + s.contributor(), s.status() + " " + s.categories());
      }
      if (page.entries().isEmpty() || page.nextCursor() == cursor) {
        return all;
      }
      cursor = page.nextCursor();
    }
  }

  @Test
  void everyRecordShouldEndInExactlyOneCountAsTheOracleSays() {
    long base = TestSeeds.seed("LoadPipelineTest.oracle");
    qt().withExamples(12).withFixedSeed(base)
        .forAll(longs().all(), integers().between(1, 400), integers().between(1, 97))
        .checkAssert((seed, records, batch) -> {
          Script script = Script.generate(seed, records);
          Path dir = tmp.resolve("x" + dirs.incrementAndGet());
          try (Exchange exchange = openExchange(dir.resolve("data"))) {
            Path input = Files.writeString(Files.createDirectories(dir).resolve("in.txt"), script.text());
            LoadResult result = new LoadPipeline(new ExchangeSink(exchange, acme(exchange)),
                settings(batch, null, dir.resolve("loads"), RecordDefaults.none(), null)).run(List.of(InputSource.of(input)));
            LoadTally t = result.tally();
            assertThat(t.balanced()).isTrue();
            assertThat(new long[] {t.read(), t.loaded(), t.updated(), t.retracted(), t.duplicates(), t.rejected()})
                .as("seed %d, %d records, batch %d", seed, records, batch)
                .containsExactly(script.read, script.loaded, script.updated, script.retracted, script.duplicates, script.rejected);
            assertThat(t.unsupported().getOrDefault("photodna", 0L)).isEqualTo(script.unsupported);
            Path rejects = dir.resolve("in.txt.rejects");
            if (script.rejected == 0) {
              assertThat(rejects).doesNotExist();
            } else {
              assertThat(Files.readAllLines(rejects)).hasSize((int) (2 * script.rejected));
            }
            assertThat(dir.resolve("loads")).isEmptyDirectory(); // a finished load leaves no checkpoint
          } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void loadingTheSameFileTwiceShouldAddNothingTheSecondTime() throws Exception {
    Script script = Script.generate(TestSeeds.seed("LoadPipelineTest.twice"), 500);
    Path input = write("twice.txt", script.text());
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      ExchangeSink sink = new ExchangeSink(exchange, acme(exchange));
      new LoadPipeline(sink, settings(64, null, tmp.resolve("loads"), RecordDefaults.none(), null)).run(List.of(InputSource.of(input)));
      TreeMap<String, String> after = contents(exchange);
      LoadTally second =
          new LoadPipeline(sink, settings(64, null, tmp.resolve("loads"), RecordDefaults.none(), null)).run(List.of(InputSource.of(input))).tally();
      assertThat(second.loaded()).isZero();
      assertThat(second.read()).isEqualTo(script.read);
      assertThat(second.rejected()).isEqualTo(script.rejected);
      assertThat(contents(exchange).keySet()).isEqualTo(after.keySet());
    }
  }

  @Test
  void rejectFileShouldNameFileAndLineAndKeepTheOriginalText() throws Exception {
    Path input = write("mixed.txt", "+pdq " + "a".repeat(64) + "\n!value: not hex\n\n+pdq xyz\n?photodna\n+md5 " + "b".repeat(32) + " nonsense\n");
    StringWriter shown = new StringWriter();
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      LoadResult result = new LoadPipeline(new ExchangeSink(exchange, acme(exchange)),
          settings(2, null, null, RecordDefaults.none(), new PrintWriter(shown, true))).run(List.of(InputSource.of(input)));
      assertThat(result.tally().summary()).isEqualTo(
          "read 4, loaded 1, updated 0, duplicates 0, rejected 3; unsupported types skipped: photodna 1");
    }
    List<String> rejects = Files.readAllLines(tmp.resolve("mixed.txt.rejects"));
    assertThat(rejects).hasSize(6);
    assertThat(rejects.get(0)).isEqualTo("# " + input + ":2: value: not hex");
    assertThat(rejects.get(1)).isEqualTo("!value: not hex");
    assertThat(rejects.get(2)).startsWith("# " + input + ":4: value: ").contains("64 hex digits");
    assertThat(rejects.get(3)).isEqualTo("+pdq xyz");
    assertThat(rejects.get(4)).startsWith("# " + input + ":6: categories[0]: unknown category 'nonsense'");
    assertThat(shown.toString()).contains(input + ":2: value: not hex", input + ":4: ", input + ":6: ");
  }

  @Test
  void defaultsShouldFillOnlyWhatTheInputDoesNotSay() throws Exception {
    Path input = write("defaults.txt", "+pdq " + "c".repeat(64) + "\n+pdq " + "d".repeat(64) + " trade\n");
    Instant expires = Instant.parse("2099-01-01T00:00:00Z");
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      exchange.administration().add(Caller.localOperator(), "globex", "Globex", EnumSet.of(Role.READER));
      new LoadPipeline(new ExchangeSink(exchange, acme(exchange)),
          settings(10, null, null, new RecordDefaults(List.of("csam"), expires, List.of("globex")), null))
          .run(List.of(InputSource.of(input)));
      List<Signal> signals = new ArrayList<>();
      exchange.deltaFeed().updates(Caller.localOperator(), 0, 10).entries().forEach(e -> signals.add(e.signal()));
      assertThat(signals).extracting(s -> s.value().substring(0, 1) + " " + s.categories() + " " + s.expires() + " " + s.visibility())
          .containsExactlyInAnyOrder("c [csam] " + expires + " [globex]", "d [trade] " + expires + " [globex]");
    }
  }

  /** A sink that delivers {@code good} batches and then fails, as a server that went away. */
  private static final class FailingSink implements SignalSink {
    private final SignalSink inner;
    private final AtomicInteger left;

    FailingSink(SignalSink inner, int good) {
      this.inner = inner;
      this.left = new AtomicInteger(good);
    }

    @Override
    public Prepared prepare(List<SignalSubmission> batch) throws IOException {
      return inner.prepare(batch);
    }

    @Override
    public List<SubmitResult> submit(Prepared batch) throws IOException {
      if (left.decrementAndGet() < 0) {
        throw new IOException("connection refused");
      }
      return inner.submit(batch);
    }

    @Override
    public List<SubmitResult> retract(List<SignalSubmission> batch) throws IOException {
      if (left.get() < 0) {
        throw new IOException("connection refused");
      }
      return inner.retract(batch);
    }

    @Override
    public int concurrency() {
      return 1;
    }

    @Override
    public String target() {
      return inner.target();
    }

    @Override
    public void close() {}
  }

  @Test
  void anAbortedLoadShouldResumeWithoutLossOrDuplication() throws Exception {
    Script script = Script.generate(TestSeeds.seed("LoadPipelineTest.resume"), 3000);
    Path input = write("resume.txt", script.text());
    Path rejects = tmp.resolve("all.rejects");
    TreeMap<String, String> reference;
    List<String> referenceRejects;
    try (Exchange exchange = openExchange(tmp.resolve("reference"))) {
      new LoadPipeline(new ExchangeSink(exchange, acme(exchange)), settings(100, rejects, null, RecordDefaults.none(), null))
          .run(List.of(InputSource.of(input)));
      reference = contents(exchange);
      referenceRejects = Files.readAllLines(rejects);
    }
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      ExchangeSink sink = new ExchangeSink(exchange, acme(exchange));
      for (int good : new int[] {3, 11, 12, 20}) {
        assertThatThrownBy(() -> new LoadPipeline(new FailingSink(sink, good), settings(100, rejects, tmp.resolve("loads"), RecordDefaults.none(), null))
                .run(List.of(InputSource.of(input))))
            .isInstanceOf(LoadPipeline.LoadAbortedException.class)
            .hasMessageContaining("connection refused")
            .hasMessageContaining("run the same command again");
      }
      LoadResult finished = new LoadPipeline(sink, settings(100, rejects, tmp.resolve("loads"), RecordDefaults.none(), null))
          .run(List.of(InputSource.of(input)));
      assertThat(finished.tally().read()).isEqualTo(script.read);
      assertThat(finished.tally().rejected()).isEqualTo(script.rejected);
      // A batch cut short after some of its steps were stored is sent again: what it stored then
      // counts as duplicates now, never twice.
      LoadTally t = finished.tally();
      assertThat(t.loaded()).isLessThanOrEqualTo(script.loaded);
      assertThat(t.loaded() + t.updated() + t.duplicates()).isEqualTo(script.loaded + script.updated + script.duplicates);
      assertSameStore(contents(exchange), reference);
    }
    assertThat(Files.readAllLines(rejects)).isEqualTo(referenceRejects);
  }

  @Test
  void forgettingTheCheckpointShouldStartTheLoadOver() throws Exception {
    Script script = Script.generate(TestSeeds.seed("LoadPipelineTest.restart"), 1000);
    Path input = write("restart.txt", script.text());
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      ExchangeSink sink = new ExchangeSink(exchange, acme(exchange));
      assertThatThrownBy(() -> new LoadPipeline(new FailingSink(sink, 3), settings(100, null, tmp.resolve("loads"), RecordDefaults.none(), null))
              .run(List.of(InputSource.of(input))))
          .isInstanceOf(LoadPipeline.LoadAbortedException.class);
      StringWriter resumed = new StringWriter();
      LoadPipeline restarted = new LoadPipeline(sink, settings(100, null, tmp.resolve("loads"), RecordDefaults.none(), new PrintWriter(resumed, true)));
      restarted.forgetCheckpoint(List.of(InputSource.of(input)));
      LoadTally t = restarted.run(List.of(InputSource.of(input))).tally();
      assertThat(resumed.toString()).doesNotContain("resuming");
      assertThat(t.read()).isEqualTo(script.read);
      assertThat(t.duplicates()).isGreaterThan(script.duplicates); // the three stored batches, read again from the start
    }
  }

  /** Equal stores; on a difference, only the signals that differ are shown. */
  static void assertSameStore(TreeMap<String, String> actual, TreeMap<String, String> expected) {
    TreeMap<String, String> missing = new TreeMap<>(expected);
    missing.entrySet().removeAll(actual.entrySet());
    TreeMap<String, String> unexpected = new TreeMap<>(actual);
    unexpected.entrySet().removeAll(expected.entrySet());
    assertThat(unexpected).as("signals that differ from an uninterrupted load (expected: %s)", missing).isEmpty();
    assertThat(missing).as("signals an uninterrupted load has").isEmpty();
  }

  @Test
  void aTruncatedGzipStreamShouldKeepTheRecordsBeforeTheCut() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("+pdq ").append(String.format("%064x", i * 7919L + 1)).append('\n');
    }
    Path gz = tmp.resolve("cut.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
    StringWriter shown = new StringWriter();
    try (Exchange exchange = openExchange(tmp.resolve("data"))) {
      LoadResult result = new LoadPipeline(new ExchangeSink(exchange, acme(exchange)),
          settings(500, null, tmp.resolve("loads"), RecordDefaults.none(), new PrintWriter(shown, true))).run(List.of(InputSource.of(gz)));
      assertThat(result.failures()).singleElement().asString().contains("truncated");
      assertThat(shown.toString()).contains(gz + ": the input is truncated");
      long loaded = result.tally().loaded();
      assertThat(loaded).isGreaterThan(0).isLessThan(5000);
      assertThat(result.tally().balanced()).isTrue();
      assertThat(contents(exchange)).hasSize((int) loaded);
    }
  }
}
