package org.lantern.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;

/**
 * A child JVM appends to the audit log as fast as it can and prints every acknowledged sequence
 * number; the parent kills it with SIGKILL at a random moment, round after round on the same
 * directory (with small segments, so that kills also meet segment rolls). After each kill: the log
 * verifies, or ends in one torn entry and nothing worse; it opens again; every acknowledged entry
 * is there with its content; a torn tail has been set aside and recorded; the chain verifies
 * intact; and appending goes on. 12 rounds by default; {@code -Dtests.iterations=N} runs 12 × N.
 *
 * <p>Real kills rarely tear a line: Linux checks for a fatal signal between the chunks of a
 * {@code write(2)}, and on this machine's ext4 those chunks are page-cache folios of up to 2 MiB
 * (8 MiB writes killed at random were cut at 2 MiB multiples, 3 times in 6), so a line of a few
 * hundred bytes is almost never cut. The rounds here assert the invariants whether or not a tail
 * tore; {@code AuditLogTest} tears lines on purpose and checks the recovery byte for byte.
 */
class AuditKillTest {
  private static final long SEGMENT_BYTES = 256 << 10; // small, so that kills also meet segment rolls

  @TempDir Path tmp;

  /** The child: appends until killed, printing "acked <seq> <detail>" per returned append. */
  public static final class Appender {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
      int round = Integer.parseInt(args[2]);
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
      try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), SEGMENT_BYTES)) {
        out.println("open " + log.size());
        out.flush();
        // Id lists made up front, so that the loop spends its time in append (the kill's target).
        List<List<String>> pool = new ArrayList<>();
        for (int l = 0; l < 64; l++) {
          int ids = l == 0 ? 200 : random.nextInt(4); // now and then a line of a few KiB
          List<String> matched = new ArrayList<>(ids);
          for (int k = 0; k < ids; k++) {
            matched.add(Long.toString(random.nextLong() & Long.MAX_VALUE, 32));
          }
          pool.add(List.copyOf(matched));
        }
        for (int i = 0; ; i++) {
          List<String> matched = pool.get(random.nextInt(pool.size()));
          int ids = matched.size();
          String detail = "round " + round + " n " + i;
          AuditEntry entry = log.append(new AuditEvent("p" + random.nextInt(5), "match_hashes", List.of("pdq"),
              1 + random.nextInt(10), ids, matched, detail));
          out.println("acked " + entry.sequence() + " " + detail);
          out.flush();
        }
      }
    }
  }

  @Test
  void everyAcknowledgedEntrySurvivesSigkillAndTheChainStaysIntact() throws Exception {
    Path dir = tmp.resolve("audit");
    SplittableRandom random = TestSeeds.random("audit-kill");
    Map<Long, String> acked = new HashMap<>();
    int rounds = TestSeeds.iterations(12);
    int tornRounds = 0;
    long maxAcked = 0;
    for (int round = 0; round < rounds; round++) {
      Process child = new ProcessBuilder(childCommand(dir, random.nextLong(), round)).redirectErrorStream(true).start();
      long killAfterMillis = random.nextInt(500);
      List<String> other = new ArrayList<>();
      int acks = 0;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.startsWith("acked ")) {
            String[] f = line.split(" ", 3);
            long seq = Long.parseLong(f[1]);
            acked.put(seq, f[2]);
            maxAcked = Math.max(maxAcked, seq);
            acks++;
          } else if (line.startsWith("open ")) {
            // The child is ready: kill it at a random moment from now on.
            Thread.ofPlatform().daemon().start(() -> {
              try {
                Thread.sleep(killAfterMillis);
              } catch (InterruptedException e) {
                return;
              }
              // SIGKILL (no shutdown hook, no close()) through the handle, which, unlike
              // Process.destroyForcibly, leaves the pipe open: the acks still in it are read.
              child.toHandle().destroyForcibly();
            });
          } else if (other.size() < 40) {
            other.add(line);
          }
        }
      } finally {
        child.toHandle().destroyForcibly(); // a failure above must not leave the child writing on
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String what = "round " + round + " (" + acks + " acks, child output " + other + ") " + TestSeeds.describe();

      // As the kill left it: intact, or ending in one torn entry; the chain before it holds.
      VerifyReport before = AuditLog.verify(dir);
      if (!before.intact()) {
        assertThat(before.reason()).as(what).startsWith("torn last entry (");
        assertThat(before.firstBadSequence()).as(what).isEqualTo(before.entriesChecked() + 1);
        tornRounds++;
      }

      // Reopen: the torn tail is set aside and recorded, and appending goes on.
      try (AuditLog log = AuditLog.open(dir, Clock.systemUTC(), SEGMENT_BYTES)) {
        assertThat(log.size()).as(what).isGreaterThanOrEqualTo(maxAcked);
        log.append(AuditEvent.of("parent", "get", List.of(), 0).withDetail("after round " + round));
      }
      // Every acknowledged entry is there, with its content (checked as the chain is read).
      Map<Long, String> torn = new HashMap<>();
      long[] found = {0};
      long entries = AuditLog.read(dir, Instant.EPOCH, e -> {
        String want = acked.get(e.sequence());
        if (want != null) {
          assertThat(e.event().detail()).as("entry %d; %s", e.sequence(), what).isEqualTo(want);
          found[0]++;
        }
        if (e.sequence() == before.firstBadSequence()) {
          torn.put(e.sequence(), e.event().operation() + " " + e.event().detail());
        }
      });
      assertThat(found[0]).as("acknowledged entries present; %s", what).isEqualTo(acked.size());
      if (!before.intact()) {
        assertThat(torn.get(before.firstBadSequence())).as(what).startsWith(AuditLog.TORN_TAIL_OPERATION + " set aside ");
      }
      VerifyReport after = AuditLog.verify(dir);
      assertThat(after.intact()).as("%s: %s", what, after.summary()).isTrue();
      assertThat(after.entriesChecked()).isEqualTo(entries);
      maxAcked = Math.max(maxAcked, entries);
    }
    long tornFiles;
    try (Stream<Path> files = Files.list(dir)) {
      tornFiles = files.filter(p -> p.getFileName().toString().startsWith("torn-")).count();
    }
    assertThat(tornFiles).isEqualTo(tornRounds);
    assertThat(acked).hasSizeGreaterThan(rounds);
    System.out.printf("AuditKillTest: %d rounds, %d acknowledged entries, %d torn tails set aside%n",
        rounds, acked.size(), tornRounds);
  }

  private static List<String> childCommand(Path dir, long seed, int round) {
    return ChildJvm.command("128m", Appender.class.getName(), dir.toString(), Long.toString(seed), Integer.toString(round));
  }

}
