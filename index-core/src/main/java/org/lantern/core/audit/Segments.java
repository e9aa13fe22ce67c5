package org.lantern.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names in an audit directory, and who is writing to it.
 *
 * <ul>
 *   <li>{@code audit-000001.jsonl}, {@code audit-000002.jsonl}, ...: the segments, numbered from
 *       1 without gaps (more than six digits once past 999,999);
 *   <li>{@code audit.lock}: the writer holds an exclusive lock on it while the log is open;
 *   <li>{@code torn-<time>.bin}: bytes of a torn last entry, set aside on open.
 * </ul>
 *
 * <p>Thread-safety: stateless, except the set of directories open for writing in this JVM
 * (concurrent).
 */
final class Segments {
  static final String LOCK_FILE = "audit.lock";
  private static final Pattern SEGMENT = Pattern.compile("audit-(\\d{6,18})\\.jsonl");

  /** Real paths of the audit directories this JVM has open for writing. */
  private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();

  private Segments() {}

  static String name(long number) {
    return String.format("audit-%06d.jsonl", number);
  }

  static Path path(Path dir, long number) {
    return dir.resolve(name(number));
  }

  /** The segment numbers present in {@code dir}, ascending (empty when the directory is missing). */
  static TreeSet<Long> list(Path dir) {
    TreeSet<Long> numbers = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Matcher m = SEGMENT.matcher(file.getFileName().toString());
        if (m.matches()) {
          numbers.add(Long.parseLong(m.group(1)));
        }
      }
    } catch (NoSuchFileException e) {
      return numbers;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit directory " + dir, e);
    }
    return numbers;
  }

  /** Records that this JVM writes to {@code dir}; false if it already does. */
  static boolean claim(Path realDir) {
    return OPEN_HERE.add(realDir);
  }

  static void release(Path realDir) {
    OPEN_HERE.remove(realDir);
  }

  /**
   * Whether a writer has {@code dir} open right now, in this JVM or another process (it holds the
   * exclusive lock on {@value #LOCK_FILE}). A reader asks this to tell a line still being written
   * from one torn by a writer that died: only the first is possible while a writer is alive.
   */
  static boolean writerAlive(Path dir) {
    try {
      if (OPEN_HERE.contains(dir.toRealPath())) {
        return true;
      }
    } catch (IOException e) {
      return false; // no directory, no writer
    }
    Path lock = dir.resolve(LOCK_FILE);
    if (!Files.exists(lock)) {
      return false;
    }
    for (int attempt = 0; ; attempt++) {
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ)) {
        // A shared probe: conflicts with the writer's exclusive lock, never with other readers.
        FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
        if (probe == null) {
          return true;
        }
        probe.release();
        return false;
      } catch (OverlappingFileLockException e) {
        // Another reader in this JVM is probing at this very moment (this JVM's own writers are
        // in OPEN_HERE): try again in a moment.
        if (attempt >= 200) {
          return false;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
      } catch (IOException e) {
        return false;
      }
    }
  }
}
