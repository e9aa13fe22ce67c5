package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.hash.Hash;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;
import org.lantern.core.testing.TestSeeds;

/**
 * A child JVM submits batches of mixed signals through the facade and prints every acknowledged
 * id; it is killed with SIGKILL at a random moment, round after round on the same data directory.
 * After each kill the exchange opens without manual repair, every acknowledged signal is there and
 * matchable by its own type's lookup, and the Lucene, digest and Hamming indexes agree with the
 * Chronicle store. 20 rounds by default; {@code -Dtests.iterations=N} runs 20 × N.
 */
public class ExchangeCrashTest {
  @TempDir Path data;

  private static final String[] TYPES = {"pdq", "phash", "dhash", "md5", "sha256", "url", "keyword", "email", "username"};

  static ExchangeConfig config(Path data) {
    // Small maps so that the child also crosses Chronicle generation roll-overs, and frequent
    // text-index commits so that kills land before, during and after them.
    return ExchangeConfig.defaults(data).withSizes(2_000, 50_000).withIntervals(Duration.ZERO, Duration.ofMillis(40));
  }

  /** The child: submits until killed, printing "acked <type> <id> <value>" per accepted signal. */
  public static final class Writer {
    public static void main(String[] args) {
      Path data = Path.of(args[0]);
      SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      try (Exchange exchange = Exchange.open(config(data))) {
        for (int p = 0; p < 3; p++) {
          if (exchange.participants().get("p" + p).isEmpty()) {
            exchange.participants().add("p" + p, null, java.util.EnumSet.of(org.lantern.core.participant.Role.CONTRIBUTOR));
          }
        }
        out.println("open " + exchange.recovered() + " " + exchange.replayedOnOpen());
        out.flush();
        while (true) {
          int size = 1 + random.nextInt(200);
          List<SignalSubmission> batch = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            batch.add(SignalSubmission.of(type, value(type, random), "csam").withNote("n" + random.nextInt(3)));
          }
          List<SubmitResult> results = exchange.submit(exchange.participants().caller("p" + random.nextInt(3)).orElseThrow(), batch);
          for (SubmitResult r : results) {
            if (!r.accepted()) {
              throw new IllegalStateException("refused " + batch.get(r.index()) + ": " + r.error().getMessage());
            }
            out.println("acked " + batch.get(r.index()).type() + " " + r.id() + " " + batch.get(r.index()).value());
          }
          out.flush();
        }
      }
    }
  }

  /** A seeded value of {@code type} (public: the HTTP crash test sends the same shapes). */
  public static String value(String type, SplittableRandom random) {
    return switch (type) {
      case "pdq" -> Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()).toHex();
      case "phash", "dhash" -> Hash.of64(random.nextLong()).toHex();
      case "md5" -> String.format("%016x%016x", random.nextLong(), random.nextLong());
      case "sha256" -> String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
      case "url" -> "https://host" + random.nextInt(40) + ".example/p/" + letters(random, 6) + "/" + letters(random, 4);
      case "keyword" -> letters(random, 9) + (random.nextBoolean() ? "" : " " + letters(random, 7));
      case "email" -> letters(random, 8) + "@" + letters(random, 5) + ".example";
      case "username" -> "user_" + letters(random, 10);
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** Letters without runs or leetspeak digits, so that folding leaves them as they are. */
  private static String letters(SplittableRandom random, int n) {
    StringBuilder s = new StringBuilder(n);
    char previous = 0;
    while (s.length() < n) {
      char c = (char) ('a' + random.nextInt(26));
      if (c != previous) {
        s.append(c);
        previous = c;
      }
    }
    return s.toString();
  }

  private record Acked(String type, String id, String value) {}

  @Test
  void everyAcknowledgedSignalSurvivesSigkill() throws Exception {
    SplittableRandom random = TestSeeds.random("exchange-kill");
    Map<String, Acked> acked = new LinkedHashMap<>();
    int rounds = TestSeeds.iterations(20);
    for (int round = 0; round < rounds; round++) {
      Process child = new ProcessBuilder(childCommand(data, random.nextLong())).redirectErrorStream(true).start();
      int stopAfter = 1 + random.nextInt(1_500);
      List<String> other = new ArrayList<>();
      int acks = 0;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.startsWith("acked ")) {
            String[] f = line.split(" ", 4);
            acked.put(f[2], new Acked(f[1], f[2], f[3]));
            if (++acks >= stopAfter) {
              child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
              break;
            }
          } else if (!line.startsWith("open ") && other.size() < 40) {
            other.add(line);
          }
        }
      } finally {
        child.toHandle().destroyForcibly(); // a failure above must not leave the child writing on
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acks).as("round %d: child output %s", round, other).isGreaterThanOrEqualTo(stopAfter);

      try (Exchange exchange = Exchange.open(config(data))) {
        assertThat(exchange.recovered()).as("round %d", round).isTrue();
        for (Acked a : acked.values()) {
          Signal signal = exchange.get(Caller.localOperator(), a.id()).orElse(null);
          assertThat(signal).as("acked %s missing after round %d %s", a, round, TestSeeds.describe()).isNotNull();
          assertThat(signal.isActive()).isTrue();
          assertThat(matches(exchange, a)).as("acked %s not matchable after round %d %s", a, round, TestSeeds.describe()).contains(a.id());
        }
        assertThat(exchange.verify()).as("round %d %s", round, TestSeeds.describe()).isEmpty();
      }
    }
    assertThat(acked).hasSizeGreaterThan(rounds);
  }

  private static List<String> matches(Exchange exchange, Acked a) {
    SignalType type = SignalType.fromLabel(a.type());
    List<SignalMatch> found =
        switch (type.family()) {
          case PERCEPTUAL -> exchange.matchHash(Caller.localOperator(), type, a.value(), 0, 100).matches();
          case URL -> exchange.matchUrl(Caller.localOperator(), a.value(), 100).matches();
          case KEYWORD -> {
            List<String> scanned = exchange.scanText(Caller.localOperator(), "text with " + a.value() + " inside").hits().stream().map(h -> h.signal().id()).toList();
            assertThat(scanned).as("scan for %s", a).contains(a.id());
            yield exchange.matchExact(Caller.localOperator(), type, a.value(), 100).matches();
          }
          default -> exchange.matchExact(Caller.localOperator(), type, a.value(), 100).matches();
        };
    return found.stream().map(m -> m.signal().id()).toList();
  }

  private static List<String> childCommand(Path data, long seed) {
    return ChildJvm.command("256m", Writer.class.getName(), data.toString(), Long.toString(seed));
  }

}
