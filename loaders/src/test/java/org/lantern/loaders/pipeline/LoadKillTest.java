package org.lantern.loaders.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.testing.ChildJvm;
import org.lantern.core.testing.TestSeeds;
import org.lantern.loaders.format.InputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a load at random moments and runs it again each time, as a user would re-run the
 * command: the load that finally completes must leave exactly the store and the reject file of a
 * load that was never interrupted. Rounds: 10, or {@code -Dtests.iterations=N}.
 */
class LoadKillTest {
  @TempDir Path tmp;

  /** The child: one load of {@code input} into {@code data}, checkpointing into {@code data/loads}. */
  public static final class Loader {
    public static void main(String[] args) throws Exception {
      Path data = Path.of(args[0]);
      Path input = Path.of(args[1]);
      Path rejects = Path.of(args[2]);
      try (Exchange exchange = LoadPipelineTest.openExchange(data)) {
        LoadResult result = new LoadPipeline(new ExchangeSink(exchange, LoadPipelineTest.acme(exchange)),
            LoadPipelineTest.settings(250, rejects, data.resolve("loads"), RecordDefaults.none(), null))
            .run(List.of(InputSource.of(input)));
        System.out.println("DONE " + result.tally().summary());
      }
    }
  }

  @Test
  void aLoadKilledAtRandomMomentsShouldEndAsIfNeverInterrupted() throws Exception {
    long seed = TestSeeds.seed("LoadKillTest");
    SplittableRandom random = new SplittableRandom(seed);
    Script script = Script.generate(seed, 40_000);
    Path input = Files.writeString(tmp.resolve("input.txt"), script.text());

    Path referenceRejects = tmp.resolve("reference.rejects");
    TreeMap<String, String> reference;
    try (Exchange exchange = LoadPipelineTest.openExchange(tmp.resolve("reference"))) {
      new LoadPipeline(new ExchangeSink(exchange, LoadPipelineTest.acme(exchange)),
          LoadPipelineTest.settings(250, referenceRejects, null, RecordDefaults.none(), null)).run(List.of(InputSource.of(input)));
      reference = LoadPipelineTest.contents(exchange);
    }

    Path data = tmp.resolve("data");
    Path rejects = tmp.resolve("killed.rejects");
    int rounds = Integer.getInteger("tests.iterations", 10);
    int killed = 0;
    // Every kill's moment (ms after the child started) and what the child had printed: a failure
    // names them all, so a rare loss can be replayed with -Dlantern.seed and read against them.
    List<String> kills = new java.util.ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Process child = start(data, input, rejects);
      // The child needs about a second to start; kill it anywhere from start-up to mid-load.
      int moment = 400 + random.nextInt(2200);
      if (child.waitFor(moment, TimeUnit.MILLISECONDS)) {
        String out = new String(child.getInputStream().readAllBytes());
        assertThat(child.exitValue()).as("round %d (seed %d): %s", round, seed, out).isZero();
        kills.add("round " + round + ": finished before the kill at " + moment + " ms");
        break; // it finished before the kill: the load is complete
      }
      child.destroyForcibly().waitFor();
      String printed;
      try {
        printed = new String(child.getInputStream().readAllBytes()).strip().replace('\n', '|');
      } catch (java.io.IOException closed) {
        printed = ""; // the kill closed the pipe before anything could be read
      }
      kills.add("round " + round + ": SIGKILL at " + moment + " ms" + (printed.isEmpty() ? "" : " (printed: " + printed + ")"));
      killed++;
    }
    String replay = TestSeeds.describe() + " with -Dtests.iterations=" + rounds + "; kills:\n  "
        + String.join("\n  ", kills);
    Process last = start(data, input, rejects);
    boolean finished = last.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      last.destroyForcibly(); // not left loading into later tests
    }
    assertThat(finished).as(replay).isTrue();
    String out = new String(last.getInputStream().readAllBytes());
    assertThat(last.exitValue()).as("%s\n%s", replay, out).isZero();
    assertThat(out).as(replay).contains("DONE read " + script.read + ", ").contains("rejected " + script.rejected);
    assertThat(killed).as("kills that landed before the load completed; %s", replay).isGreaterThanOrEqualTo(Math.min(rounds, 3));
    System.out.printf("LoadKillTest: %d kills landed before the load completed (%s)%n", killed, TestSeeds.describe());

    try (Exchange exchange = LoadPipelineTest.openExchange(data)) {
      try {
        LoadPipelineTest.assertSameStore(LoadPipelineTest.contents(exchange), reference);
      } catch (AssertionError e) {
        throw new AssertionError(replay + "\n" + e.getMessage(), e);
      }
      assertThat(exchange.verify()).as("indexes agree with the store; %s", replay).isEmpty();
    }
    assertThat(Files.readAllLines(rejects)).as(replay).isEqualTo(Files.readAllLines(referenceRejects));
    assertThat(data.resolve("loads")).isEmptyDirectory();
  }

  private static Process start(Path data, Path input, Path rejects) throws Exception {
    return new ProcessBuilder(ChildJvm.command("256m", Loader.class.getName(), data.toString(), input.toString(), rejects.toString()))
        .redirectErrorStream(true)
        .start();
  }
}
