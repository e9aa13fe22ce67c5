package org.lantern.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.MutableClock;
import org.lantern.core.testing.TestSeeds;

/**
 * The audit log's contract: round trip, export, escaping, segments, and above all tamper evidence:
 * every single changed byte, removed entry, swapped pair and missing segment is reported at the
 * entry where it happened, and a torn last line is set aside and recorded, never lost or hidden.
 */
class AuditLogTest {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private static final String[] TYPES = {"pdq", "phash", "dhash", "md5", "sha1", "sha256", "url", "keyword", "username", "email"};
  private static final String[] OPS = {"submit", "match_hashes", "match_exact", "retract", "get", "feed", "scan_text"};
  private static final String[] PARTICIPANTS = {"mega", "meta", "p\"quoted\"", "back\\slash", "ctl\u0001\u001f", "müller", "漢字", "emoji😀"};

  @TempDir Path tmp;

  // ---- helpers ----

  static AuditEvent randomEvent(SplittableRandom random) {
    List<String> types = new ArrayList<>();
    for (int i = random.nextInt(3); i >= 0; i--) {
      types.add(TYPES[random.nextInt(TYPES.length)]);
    }
    List<String> ids = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      ids.add(base32(random, 26));
    }
    String detail = random.nextInt(3) == 0 ? "reason " + random.nextInt(1000) + " \"q\" \\ é\t" : null;
    return new AuditEvent(PARTICIPANTS[random.nextInt(PARTICIPANTS.length)], OPS[random.nextInt(OPS.length)],
        types, random.nextInt(200), ids.size() + random.nextInt(2), ids, detail);
  }

  private static String base32(SplittableRandom random, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
    }
    return s.toString();
  }

  /** A log of {@code n} random entries, one second apart; returns the appended entries. */
  private static List<AuditEntry> fill(Path dir, int n, long segmentBytes, SplittableRandom random) {
    MutableClock clock = new MutableClock(T0);
    List<AuditEntry> entries = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, clock, segmentBytes)) {
      for (int i = 0; i < n; i++) {
        entries.add(log.append(randomEvent(random)));
        clock.advance(Duration.ofMillis(1000 + random.nextInt(1000)));
      }
    }
    return entries;
  }

  private static List<AuditEntry> readAll(Path dir) {
    List<AuditEntry> out = new ArrayList<>();
    AuditLog.read(dir, Instant.EPOCH, out::add);
    return out;
  }

  private static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("audit-\\d{6}\\.jsonl")).sorted().toList();
    }
  }

  /** The lines of a file, each with its '\n'. */
  private static List<byte[]> lines(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        out.add(Arrays.copyOfRange(all, start, i + 1));
        start = i + 1;
      }
    }
    assertThat(start).as("%s ends with a line end", file).isEqualTo(all.length);
    return out;
  }

  private static void writeLines(Path file, List<byte[]> lines) throws IOException {
    int size = lines.stream().mapToInt(l -> l.length).sum();
    ByteBuffer all = ByteBuffer.allocate(size);
    lines.forEach(all::put);
    Files.write(file, all.array());
  }

  private static String sha256Hex(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  // ---- round trip, export, escaping ----

  @Test
  void appendedEntriesReadBackExactlyAndTheChainContinuesAfterReopen() throws Exception {
    Path dir = tmp.resolve("audit");
    SplittableRandom random = TestSeeds.random("audit-roundtrip");
    List<AuditEntry> written = fill(dir, 50, AuditLog.DEFAULT_SEGMENT_BYTES, random);
    assertThat(written.get(0).previousHash()).isEqualTo(AuditLog.NO_PREVIOUS);
    assertThat(written).extracting(AuditEntry::sequence).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
    assertThat(readAll(dir)).as(TestSeeds.describe()).isEqualTo(written);

    // prev is the SHA-256 of the previous line's exact bytes.
    List<byte[]> lines = lines(segments(dir).get(0));
    for (int i = 1; i < lines.size(); i++) {
      assertThat(written.get(i).previousHash()).isEqualTo(sha256Hex(lines.get(i - 1)));
    }

    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(1)));
    try (AuditLog log = AuditLog.open(dir, clock)) {
      assertThat(log.size()).isEqualTo(50);
      AuditEntry next = log.append(AuditEvent.of("mega", "submit", List.of("pdq"), 3));
      assertThat(next.sequence()).isEqualTo(51);
      assertThat(next.previousHash()).isEqualTo(sha256Hex(lines.get(49)));
      assertThat(next.time()).isEqualTo(clock.instant());
      assertThat(log.size()).isEqualTo(51);
    }
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.entriesChecked()).isEqualTo(51);
    assertThat(report.firstBadSequence()).isEqualTo(-1);
    assertThat(report.headHash()).isEqualTo(sha256Hex(lines(segments(dir).get(0)).get(50)));
  }

  @Test
  void anEmptyLogVerifiesAndAMissingDirectoryIsAnError() {
    Path dir = tmp.resolve("audit");
    AuditLog.open(dir, new MutableClock(T0)).close();
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report).isEqualTo(new VerifyReport(0, true, -1, null, AuditLog.NO_PREVIOUS));
    assertThatThrownBy(() -> AuditLog.verify(tmp.resolve("nowhere"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exportWritesTheStoredLinesFromSinceOn() throws Exception {
    Path dir = tmp.resolve("audit");
    List<AuditEntry> written = fill(dir, 40, 4096, TestSeeds.random("audit-export"));
    List<byte[]> stored = new ArrayList<>();
    for (Path segment : segments(dir)) {
      stored.addAll(lines(segment));
    }
    for (int from : new int[] {0, 1, 17, 39}) {
      Instant since = written.get(from).time();
      StringWriter out = new StringWriter();
      assertThat(AuditLog.export(dir, since, out)).isEqualTo(40 - from);
      StringBuilder expected = new StringBuilder();
      for (int i = from; i < 40; i++) {
        expected.append(new String(stored.get(i), StandardCharsets.UTF_8));
      }
      assertThat(out.toString()).isEqualTo(expected.toString());
    }
    StringWriter none = new StringWriter();
    assertThat(AuditLog.export(dir, written.get(39).time().plusNanos(1000), none)).isZero();
    assertThat(none.toString()).isEmpty();
  }

  @Test
  void quotesBackslashesControlCharactersAndNonAsciiAreEscapedAndReadBack() throws Exception {
    Path dir = tmp.resolve("audit");
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      if (c != '\n' && c != '\r') {
        controls.append(c);
      }
    }
    List<AuditEvent> events = List.of(
        new AuditEvent("a\"b\\c/d", "get", List.of(), 0, 0, List.of(), "say \"hi\" \\o/ " + controls),
        new AuditEvent("\u0000\u0007\u001f\u007f", "get", List.of("email"), 1, 0, List.of(), null),
        new AuditEvent("Zoë Ångström 漢字 😀 \u2028\u2029", "feed", List.of("url", "keyword"), 2, 1,
            List.of("id\"with\\odd\u0001chars"), "é€𝄞"),
        new AuditEvent("lone \uD800 high, lone \uDC00 low, reversed \uDC00\uD800", "get", List.of(), 0, 0, List.of(), "x\uDBFF"),
        new AuditEvent("p", "submit", List.of(), 0, 0, List.of(), "a".repeat(AuditEvent.MAX_DETAIL)));
    List<AuditEntry> written = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, new MutableClock(T0))) {
      for (AuditEvent e : events) {
        written.add(log.append(e));
      }
    }
    assertThat(readAll(dir)).extracting(AuditEntry::event).containsExactlyElementsOf(events);
    assertThat(readAll(dir)).isEqualTo(written);
    JsonFactory json = new JsonFactory();
    for (byte[] line : lines(segments(dir).get(0))) {
      // Valid UTF-8, no raw control character, and a JSON object on its own.
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
      for (int i = 0; i < line.length - 1; i++) {
        assertThat(line[i] & 0xFF).as("byte %d of %s", i, new String(line, StandardCharsets.UTF_8)).isGreaterThanOrEqualTo(0x20);
      }
      try (JsonParser p = json.createParser(line)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        p.skipChildren();
        assertThat(p.nextToken()).isNull();
      }
    }
    assertThat(AuditLog.verify(dir).intact()).isTrue();
  }

  @Test
  void eventsAreValidated() {
    assertThatThrownBy(() -> AuditEvent.of("p", "get", List.of(), 0).withDetail("two\nlines")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of("p", "get", List.of(), 0).withDetail("cr\rhere")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of("p", "get", List.of(), 0).withDetail("a".repeat(513))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of("p", "Match-Hashes", List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of(" ", "get", List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of("p", "get", List.of("PDQ"), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.of("p", "get", List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditEvent.lookup("p", "get", List.of(), 1, Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
    assertThat(AuditEvent.lookup("p", "match_exact", List.of("md5"), 2, List.of("x", "y")).matches()).isEqualTo(2);
  }

  // ---- segments ----

  @Test
  void segmentsRollAtTheirSizeAndTheChainRunsThroughThem() throws Exception {
    Path dir = tmp.resolve("audit");
    List<AuditEntry> written = fill(dir, 120, 4096, TestSeeds.random("audit-segments"));
    List<Path> segments = segments(dir);
    assertThat(segments.size()).isGreaterThan(5);
    assertThat(segments.get(0).getFileName().toString()).isEqualTo("audit-000001.jsonl");
    long seq = 0;
    byte[] previousLine = null;
    for (Path segment : segments) {
      assertThat(Files.size(segment)).isLessThanOrEqualTo(4096);
      List<byte[]> lines = lines(segment);
      for (byte[] line : lines) {
        AuditEntry entry = written.get((int) seq++);
        assertThat(entry.previousHash()).isEqualTo(previousLine == null ? AuditLog.NO_PREVIOUS : sha256Hex(previousLine));
        previousLine = line;
      }
    }
    assertThat(seq).isEqualTo(120);
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.entriesChecked()).isEqualTo(120);
    // Reopened with a larger segment size, the writer goes on in the newest segment.
    try (AuditLog log = AuditLog.open(dir, new MutableClock(T0.plus(Duration.ofDays(1))), 1 << 20)) {
      log.append(AuditEvent.of("mega", "submit", List.of("md5"), 1));
    }
    assertThat(segments(dir)).hasSameSizeAs(segments);
    assertThat(AuditLog.verify(dir).entriesChecked()).isEqualTo(121);
  }

  @Test
  void aMissingSegmentIsReportedWhereItsEntriesWere() throws Exception {
    Path dir = tmp.resolve("audit");
    fill(dir, 80, 4096, TestSeeds.random("audit-missing"));
    List<Path> segments = segments(dir);
    assertThat(segments.size()).isGreaterThanOrEqualTo(4);
    long firstOfThird = 1 + lines(segments.get(0)).size() + lines(segments.get(1)).size();

    byte[] third = Files.readAllBytes(segments.get(2));
    Files.delete(segments.get(2));
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBadSequence()).isEqualTo(firstOfThird);
    assertThat(report.entriesChecked()).isEqualTo(firstOfThird - 1);
    assertThat(report.reason()).contains("audit-000003.jsonl is missing");
    Files.write(segments.get(2), third);

    Files.delete(segments.get(0));
    report = AuditLog.verify(dir);
    assertThat(report.firstBadSequence()).isEqualTo(1);
    assertThat(report.reason()).contains("audit-000001.jsonl is missing");
  }

  // ---- tamper evidence ----

  private static void poke(Path file, long offset, byte value) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {value}), offset);
    }
  }

  /** The 1-based entry each byte of the concatenated segments belongs to ('\n' included). */
  private static int[] entryOfByte(List<byte[]> lines) {
    int[] owner = new int[lines.stream().mapToInt(l -> l.length).sum()];
    int at = 0;
    for (int i = 0; i < lines.size(); i++) {
      Arrays.fill(owner, at, at + lines.get(i).length, i + 1);
      at += lines.get(i).length;
    }
    return owner;
  }

  /**
   * Changes the byte at each given position (in the segments laid end to end), in two ways each:
   * flipping a random non-empty set of its bits, and replacing it with another printable ASCII
   * character; verify must report the entry holding that byte. Restores the byte after each try.
   */
  private static void assertEveryChangeIsFound(Path dir, int[] positions, SplittableRandom random) throws Exception {
    List<Path> segments = segments(dir);
    List<byte[]> files = new ArrayList<>();
    List<byte[]> lines = new ArrayList<>();
    for (Path s : segments) {
      files.add(Files.readAllBytes(s));
      lines.addAll(lines(s));
    }
    int[] owner = entryOfByte(lines);
    for (int position : positions) {
      int file = 0;
      int offset = position;
      while (offset >= files.get(file).length) {
        offset -= files.get(file++).length;
      }
      byte[] bytes = files.get(file);
      byte original = bytes[offset];
      int printable;
      do {
        printable = 0x20 + random.nextInt(0x7F - 0x20);
      } while (printable == (original & 0xFF));
      byte[] changes = {(byte) (original ^ (1 + random.nextInt(255))), (byte) printable};
      for (byte changed : changes) {
        poke(segments.get(file), offset, changed);
        VerifyReport report = AuditLog.verify(dir);
        String what = String.format("byte %d (%s offset %d) %02x -> %02x: %s %s", position,
            segments.get(file).getFileName(), offset, original, changed, report.summary(), TestSeeds.describe());
        assertThat(report.intact()).as(what).isFalse();
        assertThat(report.firstBadSequence()).as(what).isEqualTo(owner[position]);
        assertThat(report.entriesChecked()).as(what).isEqualTo(owner[position] - 1);
      }
      poke(segments.get(file), offset, original);
    }
    assertThat(AuditLog.verify(dir).intact()).isTrue();
  }

  @Test
  void everySingleByteChangeOfASmallLogIsFoundAtItsEntry() throws Exception {
    Path dir = tmp.resolve("audit");
    SplittableRandom random = TestSeeds.random("audit-every-byte");
    fill(dir, 6, AuditLog.DEFAULT_SEGMENT_BYTES, random);
    int size = (int) Files.size(segments(dir).get(0));
    int[] all = java.util.stream.IntStream.range(0, size).toArray();
    assertEveryChangeIsFound(dir, all, random); // the last entry and its final '\n' included
  }

  @Test
  void sampledSingleByteChangesOfASegmentedLogAreFoundAtTheirEntry() throws Exception {
    Path dir = tmp.resolve("audit");
    SplittableRandom random = TestSeeds.random("audit-sampled-bytes");
    fill(dir, 150, 8192, random);
    long total = 0;
    for (Path s : segments(dir)) {
      total += Files.size(s);
    }
    assertThat(segments(dir).size()).isGreaterThan(3);
    int[] positions = new int[TestSeeds.iterations(250)];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = random.nextInt((int) total);
    }
    positions[0] = (int) total - 1; // the very last '\n'
    positions[1] = (int) Files.size(segments(dir).get(0)) - 1; // the '\n' ending the first segment
    positions[2] = (int) Files.size(segments(dir).get(0)); // the first byte of the second
    assertEveryChangeIsFound(dir, positions, random);
  }

  @Test
  void aRemovedEntryIsReportedAtItsPosition() throws Exception {
    Path dir = tmp.resolve("audit");
    fill(dir, 12, AuditLog.DEFAULT_SEGMENT_BYTES, TestSeeds.random("audit-removed"));
    Path segment = segments(dir).get(0);
    List<byte[]> original = lines(segment);
    VerifyReport before = AuditLog.verify(dir);
    for (int k = 1; k <= 11; k++) {
      List<byte[]> edited = new ArrayList<>(original);
      edited.remove(k - 1);
      writeLines(segment, edited);
      VerifyReport report = AuditLog.verify(dir);
      assertThat(report.intact()).as("removed %d", k).isFalse();
      assertThat(report.firstBadSequence()).as("removed %d: %s", k, report.reason()).isEqualTo(k);
      assertThat(report.reason()).isEqualTo("entry " + k + ": sequence " + (k + 1) + " out of order");
    }
    // Removing the newest entry leaves a valid, shorter chain: only the anchor (the head an auditor
    // noted earlier) reveals it. That is what headHash is for.
    writeLines(segment, original.subList(0, 11));
    VerifyReport cut = AuditLog.verify(dir);
    assertThat(cut.intact()).isTrue();
    assertThat(cut.entriesChecked()).isEqualTo(before.entriesChecked() - 1);
    assertThat(cut.headHash()).isNotEqualTo(before.headHash());
  }

  @Test
  void aSwappedPairIsReportedAtTheFirstOfThem() throws Exception {
    Path dir = tmp.resolve("audit");
    fill(dir, 30, 4096, TestSeeds.random("audit-swapped"));
    List<Path> segments = segments(dir);
    List<byte[]> first = lines(segments.get(0));
    for (int k = 1; k < first.size(); k++) {
      List<byte[]> edited = new ArrayList<>(first);
      edited.set(k - 1, first.get(k));
      edited.set(k, first.get(k - 1));
      writeLines(segments.get(0), edited);
      VerifyReport report = AuditLog.verify(dir);
      assertThat(report.firstBadSequence()).as("swapped %d and %d: %s", k, k + 1, report.reason()).isEqualTo(k);
    }
    writeLines(segments.get(0), first);
    // A pair across a segment boundary.
    List<byte[]> second = lines(segments.get(1));
    List<byte[]> a = new ArrayList<>(first);
    List<byte[]> b = new ArrayList<>(second);
    a.set(a.size() - 1, second.get(0));
    b.set(0, first.get(first.size() - 1));
    writeLines(segments.get(0), a);
    writeLines(segments.get(1), b);
    assertThat(AuditLog.verify(dir).firstBadSequence()).isEqualTo(first.size());
  }

  @Test
  void anEntryWithARecomputedHashButAForeignPrevIsFound() throws Exception {
    // A forger who rewrites entry 3 and fixes its own hash still breaks the link from entry 4's
    // prev... unless he rewrites everything after it too, which only an outside anchor reveals.
    Path dir = tmp.resolve("audit");
    List<AuditEntry> written = fill(dir, 5, AuditLog.DEFAULT_SEGMENT_BYTES, TestSeeds.random("audit-forged"));
    Path segment = segments(dir).get(0);
    List<byte[]> lines = lines(segment);
    AuditFormat.Encoder encoder = new AuditFormat.Encoder();
    AuditEntry third = written.get(2);
    AuditEvent forgedEvent = new AuditEvent("someone-else", third.event().operation(), third.event().signalTypes(),
        third.event().queries(), 0, List.of(), null);
    encoder.encode(3, third.time(), forgedEvent, third.previousHash().getBytes(StandardCharsets.US_ASCII));
    lines.set(2, Arrays.copyOf(encoder.buffer(), encoder.length()));
    writeLines(segment, lines);
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report.firstBadSequence()).isEqualTo(4);
    assertThat(report.reason()).isEqualTo("entry 4: previous_hash does not match entry 3");
  }

  // ---- time ----

  @Test
  void theWriterKeepsTimeWithinTheToleranceWhenTheClockJumpsBack() {
    Path dir = tmp.resolve("audit");
    MutableClock clock = new MutableClock(T0);
    try (AuditLog log = AuditLog.open(dir, clock)) {
      AuditEntry first = log.append(AuditEvent.of("p", "get", List.of(), 1));
      clock.advance(Duration.ofMillis(-500)); // a slew: recorded as it is
      assertThat(log.append(AuditEvent.of("p", "get", List.of(), 1)).time()).isEqualTo(T0.minusMillis(500));
      clock.advance(Duration.ofMinutes(-10)); // a jump: the previous time is repeated
      assertThat(log.append(AuditEvent.of("p", "get", List.of(), 1)).time()).isEqualTo(T0.minusMillis(500));
      assertThat(log.append(AuditEvent.of("p", "get", List.of(), 1)).time()).isEqualTo(T0.minusMillis(500));
      clock.advance(Duration.ofMinutes(20));
      assertThat(log.append(AuditEvent.of("p", "get", List.of(), 1)).time()).isEqualTo(clock.instant());
      assertThat(first.time()).isEqualTo(T0);
      // Sub-microsecond parts are not stored, so the entry says what the log holds.
      clock.advance(Duration.ofNanos(1_234_567));
      assertThat(log.append(AuditEvent.of("p", "get", List.of(), 1)).time()).isEqualTo(clock.instant().minusNanos(567));
    }
    assertThat(AuditLog.verify(dir).intact()).isTrue();
  }

  @Test
  void anEntryFarBeforeItsPredecessorIsReported() throws Exception {
    Path dir = tmp.resolve("audit");
    Files.createDirectories(dir);
    AuditFormat.Encoder encoder = new AuditFormat.Encoder();
    byte[] prev = AuditLog.NO_PREVIOUS.getBytes(StandardCharsets.US_ASCII);
    Instant[] times = {T0, T0.minusMillis(900), T0.minusMillis(1900), T0.minusSeconds(5)};
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      encoder.encode(i + 1, times[i], AuditEvent.of("p", "get", List.of(), 1), prev);
      lines.add(Arrays.copyOf(encoder.buffer(), encoder.length()));
      prev = encoder.lineHash().clone();
    }
    writeLines(dir.resolve("audit-000001.jsonl"), lines);
    VerifyReport report = AuditLog.verify(dir);
    assertThat(report.firstBadSequence()).as(report.summary()).isEqualTo(4);
    assertThat(report.reason()).startsWith("entry 4: time ").contains("more than 1000 ms before entry 3");
  }

  // ---- torn last entry, damage, locking ----

  @Test
  void aTruncatedLastLineIsReportedThenSetAsideAndRecordedOnOpen() throws Exception {
    Path dir = tmp.resolve("audit");
    fill(dir, 8, AuditLog.DEFAULT_SEGMENT_BYTES, TestSeeds.random("audit-torn"));
    Path segment = segments(dir).get(0);
    byte[] all = Files.readAllBytes(segment);
    List<byte[]> lines = lines(segment);
    int keep = all.length - lines.get(7).length + 113;
    byte[] torn = Arrays.copyOfRange(all, keep - 113, keep);
    Files.write(segment, Arrays.copyOf(all, keep));

    VerifyReport report = AuditLog.verify(dir);
    assertThat(report).isEqualTo(new VerifyReport(7, false, 8, "torn last entry (113 bytes without a line end)", sha256Hex(lines.get(6))));
    // Reading and exporting give the complete entries; the torn line is not an entry.
    assertThat(readAll(dir)).hasSize(7);

    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(2)));
    try (AuditLog log = AuditLog.open(dir, clock)) {
      assertThat(log.size()).isEqualTo(8);
      log.append(AuditEvent.of("mega", "submit", List.of("pdq"), 1));
    }
    List<Path> tornFiles;
    try (Stream<Path> files = Files.list(dir)) {
      tornFiles = files.filter(p -> p.getFileName().toString().startsWith("torn-")).toList();
    }
    assertThat(tornFiles).hasSize(1);
    assertThat(tornFiles.get(0).getFileName().toString()).isEqualTo("torn-20261127T080000000Z.bin");
    assertThat(Files.readAllBytes(tornFiles.get(0))).isEqualTo(torn);
    List<AuditEntry> entries = readAll(dir);
    assertThat(entries).hasSize(9);
    AuditEntry recorded = entries.get(7);
    assertThat(recorded.event().participant()).isEqualTo(AuditLog.SYSTEM_PARTICIPANT);
    assertThat(recorded.event().operation()).isEqualTo(AuditLog.TORN_TAIL_OPERATION);
    assertThat(recorded.event().detail())
        .isEqualTo("set aside 113 bytes of a torn entry from audit-000001.jsonl at offset " + (keep - 113)
            + " into torn-20261127T080000000Z.bin");
    assertThat(recorded.previousHash()).isEqualTo(sha256Hex(lines.get(6)));
    assertThat(AuditLog.verify(dir).intact()).isTrue();
  }

  @Test
  void aLogWhoseOnlyLineIsTornStartsAgainAtEntryOne() throws Exception {
    Path dir = tmp.resolve("audit");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("audit-000001.jsonl"), "{\"seq\":1,\"ti");
    assertThat(AuditLog.verify(dir).reason()).isEqualTo("torn last entry (12 bytes without a line end)");
    try (AuditLog log = AuditLog.open(dir, new MutableClock(T0))) {
      assertThat(log.size()).isEqualTo(1);
    }
    assertThat(readAll(dir).get(0).event().detail()).contains("12 bytes");
    assertThat(AuditLog.verify(dir).intact()).isTrue();
  }

  @Test
  void aDamagedLastEntryKeepsTheLogClosedForWriting() throws Exception {
    Path dir = tmp.resolve("audit");
    fill(dir, 4, AuditLog.DEFAULT_SEGMENT_BYTES, TestSeeds.random("audit-damaged"));
    Path segment = segments(dir).get(0);
    byte[] all = Files.readAllBytes(segment);
    all[all.length - 100] ^= 1;
    Files.write(segment, all);
    assertThatThrownBy(() -> AuditLog.open(dir, new MutableClock(T0)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("last complete entry is bad");
    assertThat(AuditLog.verify(dir).firstBadSequence()).isEqualTo(4);
    // Export and read stop at the break, after passing on what came before it.
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> AuditLog.export(dir, Instant.EPOCH, out))
        .isInstanceOfSatisfying(AuditChainException.class, e -> {
          assertThat(e.report().firstBadSequence()).isEqualTo(4);
          assertThat(e.passedOn()).isEqualTo(3);
        });
    assertThat(out.toString().lines()).hasSize(3);
    // The failed open left no lock behind.
    all[all.length - 100] ^= 1;
    Files.write(segment, all);
    AuditLog.open(dir, new MutableClock(T0)).close();
  }

  @Test
  void oneWriterAtATime() {
    Path dir = tmp.resolve("audit");
    try (AuditLog log = AuditLog.open(dir, new MutableClock(T0))) {
      assertThatThrownBy(() -> AuditLog.open(dir, new MutableClock(T0)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
      log.append(AuditEvent.of("p", "get", List.of(), 0));
    }
    try (AuditLog again = AuditLog.open(dir, new MutableClock(T0))) {
      assertThat(again.size()).isEqualTo(1);
      again.force();
    }
    assertThatThrownBy(() -> AuditLog.open(tmp.resolve("audit"), new MutableClock(T0), 100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendsFromManyThreadsFormOneChainWhileReadersVerify() throws Exception {
    Path dir = tmp.resolve("audit");
    int threads = 4;
    int perThread = TestSeeds.iterations(500);
    ConcurrentLinkedQueue<AuditEntry> acked = new ConcurrentLinkedQueue<>();
    List<VerifyReport> reports = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir, java.time.Clock.systemUTC(), 8192)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String participant = "writer-" + t;
        writers.add(Thread.ofPlatform().start(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < perThread; i++) {
            acked.add(log.append(AuditEvent.of(participant, "get", List.of("md5"), i)));
          }
        }));
      }
      AtomicBoolean done = new AtomicBoolean();
      Thread reader = Thread.ofPlatform().start(() -> {
        while (!done.get()) {
          VerifyReport r = AuditLog.verify(dir);
          synchronized (reports) {
            reports.add(r);
          }
        }
      });
      start.countDown();
      for (Thread w : writers) {
        w.join();
      }
      done.set(true);
      reader.join();
      assertThat(log.size()).isEqualTo((long) threads * perThread);
    }
    assertThat(reports).isNotEmpty().allSatisfy(r -> assertThat(r.intact()).as(r.summary()).isTrue());
    List<AuditEntry> entries = readAll(dir);
    assertThat(entries).hasSize(threads * perThread);
    assertThat(new HashSet<>(entries)).isEqualTo(new HashSet<>(acked));
    // Each thread's entries keep that thread's order.
    for (int t = 0; t < threads; t++) {
      String participant = "writer-" + t;
      assertThat(entries.stream().filter(e -> e.event().participant().equals(participant)).map(e -> e.event().queries()))
          .isSorted().hasSize(perThread);
    }
    Set<Long> sequences = new HashSet<>();
    acked.forEach(e -> sequences.add(e.sequence()));
    assertThat(sequences).hasSize(threads * perThread);
  }

  @Test
  void anInterruptedCallerDoesNotCloseTheLog() {
    Path dir = tmp.resolve("audit");
    try (AuditLog log = AuditLog.open(dir, new MutableClock(T0))) {
      Thread.currentThread().interrupt();
      try {
        log.append(AuditEvent.of("p", "get", List.of(), 0));
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      log.append(AuditEvent.of("p", "get", List.of(), 0));
      assertThat(log.size()).isEqualTo(2);
    }
  }
}
