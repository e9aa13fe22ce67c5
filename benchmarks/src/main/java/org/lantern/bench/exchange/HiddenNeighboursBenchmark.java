package org.lantern.bench.exchange;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.bench.TempDirs;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Does a lookup's cost tell that hidden signals surround the query? One participant ("viewer")
 * looks up a value whose only visible match lies behind {@code hidden} signals it may not see
 * (nearer hashes; URLs on the same host), in an exchange of {@code background} other signals it
 * may see. Hidden signals are kept where the viewer's lookup never goes (restricted hashes in
 * their audience's partition, text terms behind their audience's scope), so the lookup with {@code
 * hidden = 1000} should cost the same as with {@code hidden = 0}; before that, with the filter
 * inside the shared index, it cost 11× (PDQ) and 2.6× (URL) on a quiet machine.
 *
 * <ul>
 *   <li>{@link #pdq}: {@code matchHash} of a PDQ hash, radius 31, limit 10; the hidden hashes are
 *       0–8 bits from the query, the visible one 12 bits.
 *   <li>{@link #url}: {@code matchUrl}, limit 10; the hidden URLs are on the query's host (some
 *       on its path), the visible one on the host.
 * </ul>
 *
 * <p>Each lookup is audited (as in production): that cost is the same with and without hidden
 * signals. Run: {@code java -jar benchmarks/target/benchmarks.jar HiddenNeighboursBenchmark}.
 *
 * <p>Thread-safety: one benchmark thread; the exchange is thread-safe anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HiddenNeighboursBenchmark {
  /** Signals hidden from the viewer around the query. */
  @Param({"0", "1000"})
  public int hidden;

  /**
   * Where the hidden signals lie: {@code near} the query (the question), or {@code far} from it
   * (the control: random hashes, URLs on other hosts), which tells what their mere number costs
   * from what their place costs.
   */
  @Param({"near"})
  public String placement;

  /** Other signals, visible to the viewer, away from the query. */
  @Param({"20000"})
  public int background;

  /** Seed of the data; tests replace it. */
  long seed = BenchSeeds.DATA;

  Path dir;
  Exchange exchange;
  Caller viewer;
  Hash pdqQuery;
  String urlQuery;

  /** Builds the exchange: background, hidden neighbours and one visible match per kind. */
  @Setup(Level.Trial)
  public void setUp() {
    ForkChecks.requireLanternFlags();
    dir = TempDirs.create("lantern-hidden-");
    try {
      exchange = Exchange.open(ExchangeConfig.defaults(dir).withSizes(Math.max(50_000, background * 2L), Math.max(50_000, background * 2L))
          .withIntervals(Duration.ZERO, Duration.ZERO));
      for (String p : List.of("viewer", "owner", "partner")) {
        exchange.participants().add(p, null, EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      }
      viewer = exchange.participants().caller("viewer").orElseThrow();
      Caller owner = exchange.participants().caller("owner").orElseThrow();
      SplittableRandom random = new SplittableRandom(seed);
      pdqQuery = Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      urlQuery = "https://busy.example.org/a/b/item-" + random.nextInt(1_000) + ".jpg";
      List<SignalSubmission> shared = new ArrayList<>();
      List<SignalSubmission> secret = new ArrayList<>();
      for (int i = 0; i < background; i++) {
        Hash h = Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        shared.add(SignalSubmission.of("pdq", h.toHex(), "csam"));
        shared.add(SignalSubmission.of("url", "https://site" + random.nextInt(background) + ".example.net/p/" + i, "csam"));
      }
      shared.add(SignalSubmission.of("pdq", flip(random, pdqQuery, 12).toHex(), "csam"));
      shared.add(SignalSubmission.of("url", "https://busy.example.org/visible/1.jpg", "csam"));
      boolean near = !"far".equals(placement);
      for (int i = 0; i < hidden; i++) {
        Hash h = near ? flip(random, pdqQuery, random.nextInt(9))
            : Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        secret.add(SignalSubmission.of("pdq", h.toHex(), "csam").withVisibility(List.of("partner")));
        String path = i % 4 == 0 ? "/a/b/hidden-" + i : "/h/" + i;
        String host = near ? "busy.example.org" : "quiet" + i + ".example.com";
        secret.add(SignalSubmission.of("url", "https://" + host + path, "csam").withVisibility(List.of("partner")));
      }
      submit(owner, shared);
      submit(owner, secret);
    } catch (RuntimeException | Error e) {
      tearDown();
      throw e;
    }
  }

  private void submit(Caller owner, List<SignalSubmission> all) {
    for (int from = 0; from < all.size(); from += 10_000) {
      for (SubmitResult r : exchange.submit(owner, all.subList(from, Math.min(all.size(), from + 10_000)))) {
        if (!r.accepted()) {
          throw new IllegalStateException("setup signal refused: " + r.error());
        }
      }
    }
  }

  private static Hash flip(SplittableRandom random, Hash base, int bits) {
    long[] words = base.words();
    java.util.BitSet flipped = new java.util.BitSet();
    while (flipped.cardinality() < bits) {
      flipped.set(random.nextInt(256));
    }
    for (int bit = flipped.nextSetBit(0); bit >= 0; bit = flipped.nextSetBit(bit + 1)) {
      words[bit / 64] ^= 1L << (bit % 64);
    }
    return Hash.ofWords(words);
  }

  /** Closes and deletes the exchange. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (exchange != null) {
      exchange.close();
      exchange = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  /** One PDQ lookup by the viewer: radius 31, limit 10. */
  @Benchmark
  public Matches pdq() {
    return exchange.matchHash(viewer, SignalType.PDQ, pdqQuery, 31, 10);
  }

  /** One URL lookup by the viewer: limit 10. */
  @Benchmark
  public Matches url() {
    return exchange.matchUrl(viewer, urlQuery, 10);
  }
}
