package org.lantern.bench.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.audit.VerifyReport;
import org.lantern.core.testing.TestSeeds;

/**
 * The benchmark's fixtures and method at small n, with no JMH: the log it writes, from one thread
 * and then from two at once, verifies intact and holds exactly the events appended; a second
 * iteration starts a fresh log; tear-down removes the directory.
 */
class AuditAppendBenchmarkTest {
  private static final int N = 3000;

  @Test
  void appendsShouldProduceALogThatVerifies() throws Exception {
    AuditAppendBenchmark bench = new AuditAppendBenchmark();
    bench.segmentMiB = 1; // small: the test also crosses segment rolls
    bench.seed = TestSeeds.seed("AuditAppendBenchmark");
    bench.setUpTrial();
    for (int iteration = 0; iteration < 2; iteration++) {
      bench.openLog();
      try {
        AuditAppendBenchmark.Cursor single = new AuditAppendBenchmark.Cursor();
        for (int i = 0; i < N; i++) {
          assertThat(bench.append(single)).isEqualTo(i + 1);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          AuditAppendBenchmark.Cursor cursor = new AuditAppendBenchmark.Cursor();
          threads.add(Thread.ofPlatform().start(() -> {
            for (int i = 0; i < N; i++) {
              bench.appendTwoThreads(cursor);
            }
          }));
        }
        for (Thread t : threads) {
          t.join();
        }
        bench.log.close();
        VerifyReport report = AuditLog.verify(bench.dir.resolve("audit"));
        assertThat(report.intact()).as("%s %s", report.summary(), TestSeeds.describe()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(3L * N);
        try (var files = Files.list(bench.dir.resolve("audit"))) {
          assertThat(files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count()).isGreaterThan(1);
        }
        // Each event of the pool was appended as often as the three cursors passed it.
        Map<AuditEvent, Integer> counts = new HashMap<>();
        AuditLog.read(bench.dir.resolve("audit"), Instant.EPOCH, e -> counts.merge(e.event(), 1, Integer::sum));
        Map<AuditEvent, Integer> expected = new HashMap<>();
        for (int i = 0; i < 3 * N; i++) {
          expected.merge(bench.events[i % N % AuditAppendBenchmark.POOL], 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(expected);
      } finally {
        bench.closeAndDelete();
      }
      assertThat(Files.exists(bench.dir)).isFalse();
    }
  }
}
