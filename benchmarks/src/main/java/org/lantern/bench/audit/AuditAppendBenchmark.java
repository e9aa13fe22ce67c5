package org.lantern.bench.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.bench.TempDirs;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of auditing one lookup: {@link AuditLog#append} of a typical lookup event (a platform
 * matching 1–10 PDQ hashes, 0–3 matched ids of 26 characters, lines of about 250–350 bytes), on
 * the caller's thread, into a real file in the page cache (no {@code fsync}, as in the default
 * durability). The budget is "audit logging costs ≤ 10 % of lookup throughput", and a lookup costs
 * 50–150 µs, so an append must stay within a few µs.
 *
 * <ul>
 *   <li>{@link #append}: one thread;
 *   <li>{@link #appendTwoThreads}: two threads appending to the same log (they serialize on its
 *       lock; ns/op is per thread, so the log's total rate is twice ops/s per thread).
 * </ul>
 *
 * <p>Each measurement iteration writes a fresh log in a new temporary directory (deleted after
 * it), so a run never holds more than one iteration's log on disk; segments roll at {@code
 * segmentMiB}, so small values put the roll into the measurement.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AuditAppendBenchmark}
 *
 * <p>Thread-safety: the log is shared by the benchmark threads ({@link Scope#Benchmark}); each
 * thread walks the event pool with its own {@link Cursor}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditAppendBenchmark {
  /** Events in the pool the benchmark cycles through. */
  static final int POOL = 1024;

  /** Segment size in MiB (the default is 256). */
  @Param({"256"})
  public int segmentMiB;

  /** Seed of the events; tests replace it. */
  long seed = BenchSeeds.QUERIES;

  AuditEvent[] events;
  Path dir;
  AuditLog log;

  /** Each thread's position in the event pool. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Builds the pool of seeded lookup events. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    ForkChecks.requireLanternFlags();
    SplittableRandom random = new SplittableRandom(seed);
    events = new AuditEvent[POOL];
    for (int i = 0; i < POOL; i++) {
      int matches = random.nextInt(8) < 6 ? 0 : 1 + random.nextInt(3); // most lookups match nothing
      List<String> ids = new ArrayList<>(matches);
      for (int m = 0; m < matches; m++) {
        ids.add(base32(random, 26));
      }
      events[i] = AuditEvent.lookup("platform-" + random.nextInt(40), "match_hashes", List.of("pdq"),
          1 + random.nextInt(10), ids);
    }
  }

  private static String base32(SplittableRandom random, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
    }
    return s.toString();
  }

  /** A fresh log for every iteration. */
  @Setup(Level.Iteration)
  public void openLog() {
    dir = TempDirs.create("lantern-audit-");
    try {
      log = AuditLog.open(dir.resolve("audit"), Clock.systemUTC(), (long) segmentMiB << 20);
    } catch (RuntimeException | Error e) {
      TempDirs.deleteRecursively(dir);
      throw e;
    }
  }

  /** Closes and deletes the iteration's log. */
  @TearDown(Level.Iteration)
  public void closeAndDelete() {
    if (log != null) {
      log.close();
      log = null;
    }
    TempDirs.deleteRecursively(dir);
  }

  /** One append from one thread. Returns the entry's sequence number. */
  @Benchmark
  @Threads(1)
  public long append(Cursor cursor) {
    return appendNext(cursor);
  }

  /** One append, two threads appending at once. */
  @Benchmark
  @Threads(2)
  public long appendTwoThreads(Cursor cursor) {
    return appendNext(cursor);
  }

  long appendNext(Cursor cursor) {
    AuditEvent event = events[cursor.next];
    cursor.next = (cursor.next + 1) & (POOL - 1);
    return log.append(event).sequence();
  }
}
