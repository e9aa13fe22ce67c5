package org.lantern.bench.kernel;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.core.hash.Hamming;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Hamming kernels alone: {@link Hamming#distance64} and {@link Hamming#distance256} from one
 * query to each of {@value #CODES} seeded codes, in ns per distance. The codes fit in L2 (128 KiB
 * at 256 bits), so this measures the popcount arithmetic, not memory; the memory-bound scan is in
 * {@code StoreLayoutBenchmark.scan}. Each method returns the summed distances so the JIT cannot
 * drop the loop.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DistanceBenchmark}
 *
 * <p>Thread-safety: one instance per benchmark thread ({@link Scope#Thread}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DistanceBenchmark {
  /** Codes per invocation; a constant because {@code @OperationsPerInvocation} needs one. */
  public static final int CODES = 4096;

  /** Seed of the codes; tests replace it. */
  long seed = BenchSeeds.DATA;

  long[] codes64; // CODES codes of one word
  long[] codes256; // CODES codes of four words, most significant first
  long q64; // the 64-bit query
  long q0, q1, q2, q3; // the 256-bit query's words

  /** Fills the code arrays and picks the queries from the seed. */
  @Setup(Level.Trial)
  public void setUp() {
    ForkChecks.requireLanternFlags();
    SplittableRandom random = new SplittableRandom(seed);
    codes64 = new long[CODES];
    codes256 = new long[CODES * 4];
    for (int i = 0; i < codes64.length; i++) {
      codes64[i] = random.nextLong();
    }
    for (int i = 0; i < codes256.length; i++) {
      codes256[i] = random.nextLong();
    }
    q64 = random.nextLong();
    q0 = random.nextLong();
    q1 = random.nextLong();
    q2 = random.nextLong();
    q3 = random.nextLong();
  }

  /** Sum of the 64-bit distances from the query to every code. */
  @Benchmark
  @OperationsPerInvocation(CODES)
  public long distance64() {
    final long[] codes = codes64;
    final long q = q64;
    long sum = 0;
    for (int i = 0; i < codes.length; i++) {
      sum += Hamming.distance64(q, codes[i]);
    }
    return sum;
  }

  /** Sum of the 256-bit distances from the query to every code. */
  @Benchmark
  @OperationsPerInvocation(CODES)
  public long distance256() {
    final long[] codes = codes256;
    final long a0 = q0, a1 = q1, a2 = q2, a3 = q3;
    long sum = 0;
    for (int i = 0; i < codes.length; i += 4) {
      sum += Hamming.distance256(a0, a1, a2, a3, codes[i], codes[i + 1], codes[i + 2], codes[i + 3]);
    }
    return sum;
  }
}
