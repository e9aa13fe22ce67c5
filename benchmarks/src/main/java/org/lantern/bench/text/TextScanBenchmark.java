package org.lantern.bench.text;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.lantern.bench.BenchSeeds;
import org.lantern.bench.ForkChecks;
import org.lantern.core.text.KeywordHit;
import org.lantern.core.text.KeywordScanner;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@link KeywordScanner#scan} on one chat-like message of {@code messageChars} chars
 * against {@code keywords} keyword signals (the target: 10 KB against 100,000 in at most
 * 5 ms p99). Mode is {@link Mode#SampleTime}, so JMH prints p50/p90/p99/p99.9, in microseconds.
 *
 * <p>The data come from {@link KeywordCorpus} (seeded): keyword phrases of one to three made-up
 * words, 3% of the ids sharing a phrase with another id (another contributor), and {@value
 * #MESSAGES} messages of common words with about one disguised keyword per {@value
 * KeywordCorpus#VARIANT_EVERY} words, scanned one per invocation, cycling. The time includes the
 * whole public call: folding the text, the lookups, and the {@link KeywordHit} list.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TextScanBenchmark -wi 3 -i 5 -f 1
 * java -jar benchmarks/target/benchmarks.jar TextScanBenchmark -p keywords=100000 -p messageChars=102400
 * </pre>
 *
 * <p>Thread-safety: the state is shared by all benchmark threads ({@link Scope#Benchmark}); the
 * scanner allows concurrent scans, but the message cursor is a plain field, so with {@code -t > 1}
 * threads may share or skip messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TextScanBenchmark {
  /** Number of distinct messages cycled through; a power of two. */
  public static final int MESSAGES = 64;

  /** Number of keyword signals (ids). */
  @Param({"1000", "100000"})
  public int keywords;

  /** Length of each message in UTF-16 chars (mostly ASCII, so about as many bytes). */
  @Param({"10240"})
  public int messageChars;

  /** Seed of the corpus; tests replace it. */
  long seed = BenchSeeds.DATA;

  KeywordScanner scanner;
  List<String> ids; // id i holds phrases.get(phraseOf[i])
  List<String> phraseOfId;
  String[] messages;
  private int cursor;

  /** Builds the scanner and the messages. */
  @Setup(Level.Trial)
  public void setUp() {
    ForkChecks.requireLanternFlags();
    KeywordCorpus corpus = new KeywordCorpus(seed);
    SplittableRandom random = new SplittableRandom(seed ^ 0x7E47);
    List<String> phrases = corpus.keywords(keywords - keywords * 3 / 100);
    ids = new ArrayList<>(keywords);
    phraseOfId = new ArrayList<>(keywords);
    for (int i = 0; i < keywords; i++) {
      // Ids past the distinct phrases share one with an earlier id.
      String phrase = i < phrases.size() ? phrases.get(i) : phrases.get(random.nextInt(phrases.size()));
      ids.add(String.format("kw-%06d", i));
      phraseOfId.add(phrase);
    }
    scanner = new KeywordScanner();
    long start = System.nanoTime();
    for (int i = 0; i < keywords; i++) {
      scanner.add(ids.get(i), phraseOfId.get(i));
    }
    long buildMillis = (System.nanoTime() - start) / 1_000_000;
    messages = new String[MESSAGES];
    long hits = 0;
    for (int m = 0; m < MESSAGES; m++) {
      messages[m] = corpus.message(messageChars, phrases);
      hits += scanner.scan(messages[m]).size();
    }
    System.out.printf("%n[text] keywords=%d (%d distinct phrases), messages of %d chars: added in %d ms,"
        + " %.1f hits per message%n", keywords, phrases.size(), messageChars, buildMillis,
        (double) hits / MESSAGES);
  }

  /** A checksum of a scan's answer: every hit's id, span and order count. */
  public static int checksum(List<KeywordHit> hits) {
    int sum = hits.size();
    for (KeywordHit hit : hits) {
      sum = 31 * sum + hit.id().hashCode();
      sum = 31 * sum + hit.start();
      sum = 31 * sum + hit.end();
    }
    return sum;
  }

  /** Scans the next message. Returns the {@link #checksum} of its hits. */
  @Benchmark
  public int scan() {
    String message = messages[cursor];
    cursor = (cursor + 1) & (MESSAGES - 1);
    return checksum(scanner.scan(message));
  }
}
