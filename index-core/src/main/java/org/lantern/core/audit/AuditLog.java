package org.lantern.core.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The exchange's audit log: every write and every lookup, appended as one hash-chained JSON line
 * to segment files in {@code <data>/audit}, for the outside auditor. The format and the decisions
 * behind it (how every byte is covered, torn last entries, time order, what a chain cannot show)
 * are in {@code package-info.java}.
 *
 * <p>Writing: {@link #open} takes the directory's lock (one writer, in one process), finds the
 * last complete entry and continues the chain from it. {@link #append} formats the entry into a
 * reused buffer, hashes it and hands the whole line to the kernel in one {@code write(2)}: a few
 * microseconds, on the caller's thread.
 *
 * <p>Durability: when {@code append} returns, the entry survives the death of the process ({@code
 * kill -9}), because the kernel holds its bytes. It is not {@code fsync}'d: surviving power loss
 * needs {@link #force()}, which the exchange calls when it runs with {@code --durability=fsync}
 * (DESIGN.md §4). A process that dies inside {@code write(2)} can leave a torn last line; the next
 * {@code open} sets it aside and records that it did.
 *
 * <p>Reading needs no writer: {@link #verify}, {@link #export} and {@link #read} are static, take
 * no lock and may run while another process appends (they check what is complete).
 *
 * <p>Failure: if a write fails (disk full), the partial line is cut off again and the call throws
 * {@link UncheckedIOException}; the caller decides whether the audited operation may proceed
 * (the exchange refuses it). If even the cut fails, the log takes no further entries. Writes use
 * {@link RandomAccessFile}, not an interruptible {@code FileChannel}: an interrupted caller thread
 * must not close the log for every other thread.
 *
 * <p>Thread-safety: thread-safe. Appends from many threads are serialized by one lock and numbered
 * in the order they take it; {@link #size()} may be read at any time without the lock.
 */
public final class AuditLog implements AutoCloseable {
  /** The audit log's directory inside a data directory: {@code <data>/audit}. */
  public static final String DIRECTORY_NAME = "audit";

  /** Default size at which the writer starts a new segment: 256 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 256L << 20;

  /** Smallest segment size {@link #open(Path, Clock, long)} accepts. */
  public static final long MIN_SEGMENT_BYTES = 4096;

  /**
   * How far an entry's time may lie before its predecessor's. The writer records the clock as it
   * is when it went back less than this (NTP slews, a leap second smeared), and the previous
   * entry's time when the clock jumped back further, so {@link #verify} can hold every log to it.
   */
  public static final Duration TIME_TOLERANCE = Duration.ofSeconds(1);

  /** The last verified point in the log's directory ({@code SEQ:HASH}, see {@link #recordVerifiedPoint}). */
  public static final String VERIFIED_FILE = "verified-head";

  /** The {@code prev} of entry 1: 64 zeros. */
  public static final String NO_PREVIOUS = "0".repeat(AuditFormat.HASH_HEX);

  /** The participant of entries the log writes about itself. */
  public static final String SYSTEM_PARTICIPANT = "lantern";

  /** The operation of the entry that records a torn last entry set aside on open. */
  public static final String TORN_TAIL_OPERATION = "audit_torn_tail";

  private static final DateTimeFormatter TORN_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Path dir;
  private final Path realDir;
  private final Clock clock;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ReentrantLock writeLock = new ReentrantLock();

  // Guarded by writeLock.
  private final AuditFormat.Encoder encoder = new AuditFormat.Encoder();
  private final byte[] previousHash = new byte[AuditFormat.HASH_HEX]; // hex of the last line's SHA-256
  private RandomAccessFile segment;
  private long segmentNumber;
  private long segmentSize; // bytes; also the write position
  private Instant lastTime; // of the last entry; null before the first
  private boolean directoryChanged; // a segment was created since the last force()
  private IOException failure; // set when the log can no longer be appended to
  private boolean closed;

  private volatile long sequence; // the last entry's sequence number, 0 when empty

  private AuditLog(Path dir, Path realDir, Clock clock, long segmentBytes, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.realDir = realDir;
    this.clock = clock;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if needed) the log in {@code dir}, with segments of {@value #DEFAULT_SEGMENT_BYTES} bytes. */
  public static AuditLog open(Path dir, Clock clock) {
    return open(dir, clock, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens (creating if needed) the log in {@code dir} for appending.
   *
   * <p>A torn last line (the writer died inside {@code write(2)}) is set aside into {@code
   * torn-<time>.bin} in {@code dir}, cut from its segment, and recorded as the next entry ({@link
   * #TORN_TAIL_OPERATION}); the chain continues from the last complete entry.
   *
   * @param segmentBytes size at which a new segment is started; a single entry larger than this
   *     gets a segment of its own
   * @throws IllegalStateException if another writer has the log open (in this process, or in
   *     another for longer than two seconds), or if the last complete entry is damaged: then the
   *     log needs {@code lantern audit verify} and a person, not more entries
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static AuditLog open(Path dir, Clock clock, long segmentBytes) {
    Objects.requireNonNull(clock, "clock");
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
    }
    Path realDir;
    try {
      Files.createDirectories(dir);
      realDir = dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audit directory " + dir, e);
    }
    if (!Segments.claim(realDir)) {
      throw new IllegalStateException("the audit log " + dir + " is already open in this process");
    }
    FileChannel lockChannel = null;
    try {
      lockChannel = FileChannel.open(dir.resolve(Segments.LOCK_FILE),
          StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = acquire(lockChannel, dir);
      AuditLog log = new AuditLog(dir, realDir, clock, segmentBytes, lockChannel, lock);
      try {
        log.recover();
      } catch (IOException | RuntimeException | Error e) {
        log.closeSegmentQuietly();
        throw e;
      }
      return log;
    } catch (IOException e) {
      close(lockChannel);
      Segments.release(realDir);
      throw new UncheckedIOException("cannot open the audit log " + dir, e);
    } catch (RuntimeException | Error e) {
      close(lockChannel);
      Segments.release(realDir);
      throw e;
    }
  }

  /**
   * Appends {@code event} as the next entry and returns it. On return the entry is in the kernel's
   * hands: it survives the death of this process, not a power loss (see {@link #force()}).
   *
   * @throws UncheckedIOException if the line could not be written (nothing of it stays in the log)
   * @throws IllegalStateException if the log is closed or failed earlier
   */
  public AuditEntry append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    writeLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the audit log " + dir + " is closed");
      }
      if (failure != null) {
        throw new IllegalStateException("the audit log " + dir + " failed earlier and takes no more entries", failure);
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      if (lastTime != null && now.isBefore(lastTime.minus(TIME_TOLERANCE))) {
        now = lastTime; // the clock jumped back: keep time order within the tolerance verify allows
      }
      long seq = sequence + 1;
      AuditFormat.Encoder e = encoder;
      e.encode(seq, now, event, previousHash);
      if (segmentSize > 0 && segmentSize + e.length() > segmentBytes) {
        roll();
      }
      write(e.buffer(), e.length());
      String previous = new String(previousHash, StandardCharsets.ISO_8859_1);
      System.arraycopy(e.lineHash(), 0, previousHash, 0, AuditFormat.HASH_HEX);
      lastTime = now;
      sequence = seq;
      return new AuditEntry(seq, now, event, previous);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Makes every appended entry durable against power loss: {@code fsync} of the current segment,
   * and of the directory if a segment was created since the last call.
   */
  public void force() {
    writeLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the audit log " + dir + " is closed");
      }
      segment.getFD().sync();
      if (directoryChanged) {
        syncDirectory(dir);
        directoryChanged = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force the audit log " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The newest entry as an anchor ({@code SEQ:HASH}): what {@code lantern audit head} prints and an
   * auditor keeps outside the data directory.
   */
  public AuditHead head() {
    writeLock.lock();
    try {
      return new AuditHead(sequence, new String(previousHash, StandardCharsets.ISO_8859_1));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Records the current head as the last verified point ({@value #VERIFIED_FILE} in the log's
   * directory, replaced atomically): the next {@link #verifyAtOpen} requires the chain to still
   * hold this entry with this hash, so that a log cut back or rewritten while the exchange was
   * stopped is refused at start. The writer calls it after the open check and on every clean stop;
   * it vouches only for entries it wrote or checked itself.
   */
  public void recordVerifiedPoint() {
    AuditHead head = head();
    Path tmp = dir.resolve(VERIFIED_FILE + ".tmp");
    try {
      Files.writeString(tmp, head + "\n", StandardCharsets.US_ASCII);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, dir.resolve(VERIFIED_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the verified point of the audit log " + dir, e);
    }
  }

  /** Entries in the log (the last sequence number; 0 when empty), including those of earlier runs. */
  public long size() {
    return sequence;
  }

  /** The audit directory. */
  public Path directory() {
    return dir;
  }

  /** Closes the current segment and releases the directory's lock. Idempotent. Does not force. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (segment != null) {
          segment.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the audit log " + dir, e);
      } finally {
        try {
          lock.release();
        } catch (IOException ignored) {
          // closing the channel below releases it as well
        }
        close(lockChannel);
        Segments.release(realDir);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Checks the whole chain in {@code dir}, from entry 1 through every segment, and reports the
   * first entry that is damaged, missing or out of place. Needs no writer and takes no lock; while
   * another process appends, it checks what is complete.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory
   * @throws UncheckedIOException if a segment cannot be read
   */
  public static VerifyReport verify(Path dir) {
    return ChainWalker.walk(dir, (entry, line, from, length) -> {}).report();
  }

  /**
   * As {@link #verify(Path)}, and also checks the chain against an anchor an auditor kept: entry
   * {@code expected.sequence()} must be present and its line's SHA-256 must be {@code
   * expected.hash()}. A log cut back behind the anchor, or rewritten up to it (hashes recomputed),
   * is reported broken at that entry.
   */
  public static VerifyReport verify(Path dir, AuditHead expected) {
    Objects.requireNonNull(expected, "expected");
    AnchorCheck check = new AnchorCheck(expected);
    return check.judge(ChainWalker.walk(dir, check).report());
  }

  /** A walk's sink that notes the hash of the anchored entry, then judges the report by it. */
  private static final class AnchorCheck implements ChainWalker.Sink {
    private final AuditHead expected;
    private final java.security.MessageDigest sha = AuditFormat.sha256();
    private String found; // hex SHA-256 of the anchored entry's line; null until seen

    AnchorCheck(AuditHead expected) {
      this.expected = expected;
    }

    @Override
    public void accept(AuditEntry entry, byte[] line, int from, int length) {
      if (entry.sequence() == expected.sequence()) {
        found = AuditFormat.sha256Hex(sha, line, from, length);
      }
    }

    VerifyReport judge(VerifyReport report) {
      if (expected.sequence() == 0) {
        return report;
      }
      if (found == null) {
        if (!report.intact()) {
          return report; // broken before the anchor: that break is the first fault
        }
        return new VerifyReport(report.entriesChecked(), false, report.entriesChecked() + 1,
            "entry " + expected.sequence() + " of the anchor " + expected + " is missing: the log ends at entry "
                + report.entriesChecked() + " (cut back, or not this exchange's log)", report.headHash());
      }
      if (!found.equals(expected.hash())) {
        return new VerifyReport(expected.sequence() - 1, false, expected.sequence(),
            "entry " + expected.sequence() + ": its SHA-256 is " + found + ", the anchor says " + expected.hash()
                + " (the entry, or one before it, was rewritten)", report.headHash());
      }
      return report;
    }
  }

  /**
   * The check the exchange makes before it opens the log for writing: the whole chain, and the
   * last verified point ({@link #recordVerifiedPoint}) if one was recorded. A torn last entry
   * alone is not a fault here ({@link #open} sets it aside and records it).
   *
   * @return the report; not intact means: do not append without a person's decision
   */
  public static VerifyReport verifyAtOpen(Path dir) {
    if (!Files.isDirectory(dir)) {
      return new VerifyReport(0, true, -1, null, NO_PREVIOUS);
    }
    AuditHead point = null;
    Path file = dir.resolve(VERIFIED_FILE);
    if (Files.exists(file)) {
      try {
        point = AuditHead.parse(Files.readString(file, StandardCharsets.US_ASCII));
      } catch (IOException | IllegalArgumentException e) {
        return new VerifyReport(0, false, 1, "the last verified point " + file + " is unreadable: " + e.getMessage(), NO_PREVIOUS);
      }
    }
    AnchorCheck check = new AnchorCheck(point == null ? new AuditHead(0, NO_PREVIOUS) : point);
    ChainWalker.Result result = ChainWalker.walk(dir, check);
    VerifyReport report = result.report();
    if (result.tornTailOnly()) {
      report = new VerifyReport(report.entriesChecked(), true, -1, null, report.headHash());
    }
    return check.judge(report);
  }

  /**
   * Writes the entries whose time is at or after {@code since} to {@code out}, exactly as stored:
   * one JSON object per line, {@code prev} and {@code hash} included, so the auditor can check the
   * chain of the exported range without this code. Every entry is verified on the way (also
   * those before {@code since}, which the chain runs through). A torn last entry is not an entry
   * and is left out (verify reports it).
   *
   * @return the number of entries written
   * @throws AuditChainException if the chain breaks before its end: the entries before the break
   *     have been written, and the exception says where and why
   * @throws IllegalArgumentException if {@code dir} is not a directory
   */
  public static long export(Path dir, Instant since, Writer out) {
    Objects.requireNonNull(since, "since");
    long[] count = {0};
    ChainWalker.Result result = ChainWalker.walk(dir, (entry, line, from, length) -> {
      if (!entry.time().isBefore(since)) {
        out.write(new String(line, from, length, StandardCharsets.UTF_8));
        count[0]++;
      }
    });
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export", e);
    }
    return checked(result, count[0]);
  }

  /**
   * Reads the entries whose time is at or after {@code since}, verifying the chain as {@link
   * #export} does, and hands them to {@code sink} in order.
   *
   * @return the number of entries handed on
   * @throws AuditChainException if the chain breaks before its end (entries before the break have
   *     been handed on)
   */
  public static long read(Path dir, Instant since, Consumer<? super AuditEntry> sink) {
    Objects.requireNonNull(since, "since");
    long[] count = {0};
    ChainWalker.Result result = ChainWalker.walk(dir, (entry, line, from, length) -> {
      if (!entry.time().isBefore(since)) {
        sink.accept(entry);
        count[0]++;
      }
    });
    return checked(result, count[0]);
  }

  private static long checked(ChainWalker.Result result, long passedOn) {
    if (!result.report().intact() && !result.tornTailOnly()) {
      throw new AuditChainException(result.report(), passedOn);
    }
    return passedOn;
  }

  // ---- opening: the tail of the chain, torn lines ----

  private static FileLock acquire(FileChannel channel, Path dir) throws IOException {
    // Readers probe the lock for a moment (Segments.writerAlive), so a busy lock is retried briefly
    // before it is taken for another writer.
    long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // a reader's probe in this JVM
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the audit log " + dir + " is open for writing in another process");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Finds the last complete entry, sets a torn tail aside, and opens the newest segment. */
  private void recover() throws IOException {
    TreeSet<Long> numbers = Segments.list(dir);
    long newest = numbers.isEmpty() ? 1 : numbers.last();
    Path newestPath = Segments.path(dir, newest);
    String tornNote = null;
    byte[] lastLine = null;
    if (!numbers.isEmpty()) {
      Tail tail = Tail.read(newestPath);
      if (tail.tornBytes() > 0) {
        tornNote = setAside(newestPath, tail.completeEnd(), tail.size());
      }
      lastLine = tail.lastLine();
      Long older = numbers.lower(newest);
      if (lastLine == null && older != null) {
        // The newest segment holds no complete entry yet: the chain's tail is in the one before.
        Tail before = Tail.read(Segments.path(dir, older));
        if (before.tornBytes() > 0 || before.lastLine() == null) {
          throw new IllegalStateException("the audit log " + dir + " is damaged: " + Segments.name(older)
              + (before.lastLine() == null ? " is empty" : " ends in a torn entry")
              + " but a newer segment exists; run `lantern audit verify`");
        }
        lastLine = before.lastLine();
      }
    }
    if (lastLine != null) {
      AuditFormat.Decoded last;
      try {
        last = AuditFormat.decode(lastLine, 0, lastLine.length, AuditFormat.sha256());
      } catch (AuditFormat.BadLine bad) {
        throw new IllegalStateException("the audit log " + dir + " is damaged: its last complete entry is bad ("
            + bad.getMessage() + "); run `lantern audit verify`. Appending after it would hide the damage, so"
            + " the log stays closed until a person has looked.");
      }
      sequence = last.entry().sequence();
      lastTime = last.entry().time();
      AuditFormat.hex(sha256(lastLine), previousHash, 0);
    } else {
      java.util.Arrays.fill(previousHash, (byte) '0'); // NO_PREVIOUS
    }
    segment = new RandomAccessFile(newestPath.toFile(), "rw"); // creates segment 1 of a new log
    segmentNumber = newest;
    segmentSize = segment.length();
    segment.seek(segmentSize);
    directoryChanged = numbers.isEmpty();
    if (tornNote != null) {
      append(new AuditEvent(SYSTEM_PARTICIPANT, TORN_TAIL_OPERATION, List.of(), 0, 0, List.of(), tornNote));
    }
  }

  private static byte[] sha256(byte[] bytes) {
    return AuditFormat.sha256().digest(bytes);
  }

  /**
   * Moves the bytes {@code [from, to)} of {@code segmentPath} into a new {@code torn-<time>.bin},
   * made durable before the segment is cut: if we die in between, the next open finds the same
   * torn bytes and sets them aside again (a second copy, never none). Returns the entry's detail.
   */
  private String setAside(Path segmentPath, long from, long to) throws IOException {
    int length = Math.toIntExact(to - from);
    ByteBuffer torn = ByteBuffer.allocate(length);
    try (FileChannel in = FileChannel.open(segmentPath, StandardOpenOption.READ)) {
      while (torn.hasRemaining() && in.read(torn, from + torn.position()) >= 0) {
        // read until full
      }
    }
    torn.flip();
    String stamp = TORN_STAMP.format(clock.instant());
    Path target = dir.resolve("torn-" + stamp + ".bin");
    for (int i = 2; Files.exists(target); i++) {
      target = dir.resolve("torn-" + stamp + "-" + i + ".bin");
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (torn.hasRemaining()) {
        out.write(torn);
      }
      out.force(true);
    }
    syncDirectory(dir);
    try (FileChannel cut = FileChannel.open(segmentPath, StandardOpenOption.WRITE)) {
      cut.truncate(from);
      cut.force(true);
    }
    return "set aside " + length + " bytes of a torn entry from " + segmentPath.getFileName() + " at offset "
        + from + " into " + target.getFileName();
  }

  /** The end of a segment: its last complete line, and the bytes after it. */
  private record Tail(byte[] lastLine, long completeEnd, long size) {
    long tornBytes() {
      return size - completeEnd;
    }

    static Tail read(Path path) throws IOException {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        long size = channel.size();
        long lastNewline = lastNewline(channel, size);
        if (lastNewline < 0) {
          return new Tail(null, 0, size);
        }
        long lineStart = lastNewline(channel, lastNewline) + 1;
        ByteBuffer line = ByteBuffer.allocate(Math.toIntExact(lastNewline + 1 - lineStart));
        while (line.hasRemaining() && channel.read(line, lineStart + line.position()) >= 0) {
          // read until full
        }
        return new Tail(line.array(), lastNewline + 1, size);
      }
    }

    /** Position of the last '\n' before {@code end}, or -1; reads backwards in 64 KiB blocks. */
    private static long lastNewline(FileChannel channel, long end) throws IOException {
      ByteBuffer block = ByteBuffer.allocate(1 << 16);
      for (long to = end; to > 0; ) {
        long from = Math.max(0, to - block.capacity());
        block.clear().limit((int) (to - from));
        while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
          // read until full
        }
        for (int i = block.position() - 1; i >= 0; i--) {
          if (block.get(i) == '\n') {
            return from + i;
          }
        }
        to = from;
      }
      return -1;
    }
  }

  // ---- writing ----

  private void write(byte[] line, int length) {
    try {
      segment.write(line, 0, length);
      segmentSize += length;
    } catch (IOException e) {
      // Part of the line may be in the file: cut it off, so that the chain stays whole. If even
      // that fails, take no more entries; the next open sets the torn bytes aside.
      try {
        segment.setLength(segmentSize);
        segment.seek(segmentSize);
      } catch (IOException cut) {
        e.addSuppressed(cut);
        failure = e;
      }
      throw new UncheckedIOException("cannot append to the audit log " + dir, e);
    }
  }

  /** Starts the next segment; the chain runs on into it (its first {@code prev} is our last line). */
  private void roll() {
    long next = segmentNumber + 1;
    Path path = Segments.path(dir, next);
    try {
      RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
      if (file.length() != 0) { // left by someone else: never write after foreign bytes
        file.close();
        throw new IllegalStateException("the audit log " + dir + " already has a non-empty " + path.getFileName());
      }
      segment.close();
      segment = file;
      segmentNumber = next;
      segmentSize = 0;
      directoryChanged = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the audit segment " + path, e);
    }
  }

  private void closeSegmentQuietly() {
    if (segment != null) {
      try {
        segment.close();
      } catch (IOException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
