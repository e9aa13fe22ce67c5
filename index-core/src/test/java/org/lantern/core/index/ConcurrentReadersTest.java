package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Readers query while a writer adds and removes. Every operation publishes exactly one new
 * version; each reader notes the version before and after its query, and its answer must equal
 * the oracle's answer at one of the versions in between — i.e. be consistent with a serial order
 * of the writer's operations. No torn hash (its bits are checked too), no acknowledged entry
 * missed.
 */
class ConcurrentReadersTest {
  @TempDir Path dir;

  private record Observation(long before, long after, long[] query, int k, int radius, List<String> answer) {}

  private record Op(long[] batch, int count, long removedId) {}

  @ParameterizedTest(name = "{0} {1}-bit")
  @CsvSource({"MIH,256", "MIH,64", "BKTREE,64", "BKTREE,256", "FLAT,256"})
  void readersShouldSeeASerialOrderOfWrites(IndexKind kind, int bits) throws Exception {
    SplittableRandom random = TestSeeds.random("concurrent/" + kind + bits);
    int words = bits / 64;
    List<Op> ops = new ArrayList<>();
    List<Observation> observations = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    long[] centres = HashGenerators.uniform(random, 16, words);
    try (PlannedIndex index = PlannedIndex.open(dir, bits, IndexOptions.all(4_000))) {
      List<Thread> readers = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      for (int r = 0; r < 2; r++) {
        long readerSeed = random.nextLong();
        readers.add(Thread.ofPlatform().start(() -> {
          SplittableRandom local = new SplittableRandom(readerSeed);
          try {
            while (writing.get()) {
              long[] query = HashGenerators.nearCopy(local, HashGenerators.hashAt(centres, local.nextInt(16), words), local.nextInt(bits / 8));
              int k = local.nextBoolean() ? Integer.MAX_VALUE : 1 + local.nextInt(20);
              int radius = local.nextInt(bits / 4);
              long before = index.version();
              SearchResult result = index.search(Hash.ofWords(query), k, radius, kind);
              long after = index.version();
              List<String> answer = new ArrayList<>();
              for (Match match : result.matches()) {
                answer.add(match.id() + ":" + match.distance() + ":" + match.hash().toHex());
              }
              observations.add(new Observation(before, after, query, k, radius, answer));
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      // The writer: clustered adds (single and batched) and removals of live ids.
      List<Long> live = new ArrayList<>();
      long nextId = 0;
      // At least 1,500 operations, and on until the readers have made enough observations (a
      // busy machine may schedule them late), within a bound.
      for (int i = 0; i < 1500 || (observations.size() < 300 && i < 50_000); i++) {
        if (random.nextInt(4) == 0 && !live.isEmpty()) {
          long id = live.remove(random.nextInt(live.size()));
          assertThat(index.remove(id)).isTrue();
          ops.add(new Op(null, 0, id));
        } else {
          int count = random.nextBoolean() ? 1 : 1 + random.nextInt(8);
          long[] batch = new long[count * words];
          for (int j = 0; j < count; j++) {
            long[] member = HashGenerators.nearCopy(random, HashGenerators.hashAt(centres, random.nextInt(16), words), random.nextInt(bits / 6));
            System.arraycopy(member, 0, batch, j * words, words);
          }
          assertThat(index.addBatch(batch, count)).isEqualTo(nextId);
          for (int j = 0; j < count; j++) {
            live.add(nextId++);
          }
          ops.add(new Op(batch, count, -1));
        }
      }
      writing.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
      assertThat(failures).isEmpty();
      assertThat(index.version()).isEqualTo(ops.size());
    }
    assertThat(observations).hasSizeGreaterThan(100);
    // Replay the writer's operations and check each observation at the versions it spanned.
    observations.sort((a, b) -> Long.compare(a.before(), b.before()));
    BruteForceOracle oracle = new BruteForceOracle(bits);
    List<Boolean> removed = new ArrayList<>();
    List<Observation> open = new ArrayList<>();
    int nextObservation = 0;
    for (long version = 0; version <= ops.size(); version++) {
      if (version > 0) {
        Op op = ops.get((int) version - 1);
        if (op.batch() != null) {
          oracle.addBatch(op.batch(), op.count());
          for (int j = 0; j < op.count(); j++) {
            removed.add(false);
          }
        } else {
          removed.set((int) op.removedId(), true);
        }
      }
      while (nextObservation < observations.size() && observations.get(nextObservation).before() == version) {
        open.add(observations.get(nextObservation++));
      }
      for (var it = open.iterator(); it.hasNext(); ) {
        Observation o = it.next();
        List<String> expected = new ArrayList<>();
        for (String hit : oracle.search(o.query(), o.k(), o.radius(), removed.size(), removed)) {
          int id = Integer.parseInt(hit.substring(0, hit.indexOf(':')));
          expected.add(hit + ":" + Hash.ofWords(oracle.hash(id)).toHex());
        }
        if (expected.equals(o.answer())) {
          it.remove(); // consistent with this version
        } else {
          assertThat(version)
              .as("no version in [%d, %d] explains answer %s to %s r=%d k=%d %s", o.before(), o.after(),
                  o.answer(), Hash.ofWords(o.query()), o.radius(), o.k(), TestSeeds.describe())
              .isLessThan(o.after());
        }
      }
    }
    assertThat(open).isEmpty();
  }
}
