package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.core.hash.Hash;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM adds batches and prints each acknowledged size; it is killed with SIGKILL at a
 * random moment, several times over the same directory. After every kill the directory reopens
 * without repair by hand, holds every acknowledged hash with the right bits, and answers exactly.
 */
class KillDuringWritesTest {
  @TempDir Path dir;

  /** The child: appends the deterministic hash stream from where the directory stopped. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      int bits = Integer.parseInt(args[1]);
      long seed = Long.parseLong(args[2]);
      try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(200_000))) {
        SplittableRandom sizes = new SplittableRandom(seed ^ index.ordinals());
        System.out.println("open " + index.ordinals());
        while (true) {
          int first = index.ordinals();
          int count = 1 + sizes.nextInt(64);
          index.addBatch(stream(seed, first, count, bits / 64), count);
          System.out.println("acked " + index.ordinals());
        }
      }
    }
  }

  /** Hash number i of the stream: a function of (seed, i) only, so any prefix can be rebuilt. */
  static long[] stream(long seed, int first, int count, int words) {
    long[] packed = new long[count * words];
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + first + i);
      long[] centre = HashGenerators.uniform(new SplittableRandom(seed + (first + i) % 97), 1, words);
      long[] member = HashGenerators.nearCopy(random, centre, random.nextInt(words * 8));
      System.arraycopy(member, 0, packed, i * words, words);
    }
    return packed;
  }

  @Test
  void acknowledgedHashesSurviveSigkill() throws Exception {
    SplittableRandom random = TestSeeds.random("kill");
    int bits = 256;
    int words = 4;
    long seed = random.nextLong();
    long acknowledged = 0;
    int rounds = TestSeeds.iterations(4);
    for (int round = 0; round < rounds; round++) {
      Process child = new ProcessBuilder(childCommand(dir, bits, seed)).redirectErrorStream(true).start();
      long stopAfter = 20 + random.nextInt(400); // acknowledgements to wait for before the kill
      long lastAck = -1;
      List<String> output = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        long acks = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.add(line);
          if (line.startsWith("open ")) {
            assertThat(Long.parseLong(line.substring(5))).isGreaterThanOrEqualTo(acknowledged);
          } else if (line.startsWith("acked ")) {
            lastAck = Long.parseLong(line.substring(6));
            if (++acks >= stopAfter) {
              child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
              break;
            }
          }
        }
      } finally {
        child.toHandle().destroyForcibly(); // a failure above must not leave the child writing on
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(lastAck).as("child output: %s", output.size() > 20 ? output.subList(0, 20) : output).isPositive();
      acknowledged = lastAck;
      try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(200_000))) {
        int stored = index.ordinals();
        assertThat(stored).as("round %d %s", round, TestSeeds.describe()).isGreaterThanOrEqualTo((int) acknowledged);
        acknowledged = stored;
        long[] expected = stream(seed, 0, stored, words);
        for (int id = 0; id < stored; id += Math.max(1, stored / 500)) {
          assertThat(index.get(id)).isEqualTo(Hash.ofWords(HashGenerators.hashAt(expected, id, words)));
        }
        BruteForceOracle oracle = new BruteForceOracle(bits);
        oracle.addBatch(expected, stored);
        for (int q = 0; q < 10; q++) {
          long[] query = HashGenerators.nearCopy(random, HashGenerators.hashAt(expected, random.nextInt(stored), words), random.nextInt(20));
          for (IndexKind kind : new IndexKind[] {IndexKind.MIH, IndexKind.BKTREE, IndexKind.FLAT}) {
            var actual = index.search(Hash.ofWords(query), Integer.MAX_VALUE, 31, kind).matches().stream()
                .map(m -> m.id() + ":" + m.distance()).toList();
            assertThat(actual).as("%s after round %d %s", kind, round, TestSeeds.describe())
                .isEqualTo(oracle.search(query, Integer.MAX_VALUE, 31));
          }
        }
      }
    }
  }

  private static List<String> childCommand(Path dir, int bits, long seed) {
    return ChildJvm.command("256m", Writer.class.getName(), dir.toString(), Integer.toString(bits), Long.toString(seed));
  }

}
