package org.lantern.server.replica;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;

/**
 * A replica's durable state, {@code DATA/replica.properties}: the exchange it follows, the feed
 * cursor after the last applied page (opaque: stored exactly as the exchange gave it), and when
 * it was last in step with the exchange (the base of its lag after a restart).
 *
 * <p>Written after each page is applied, by writing a temporary file and renaming it over the old
 * one, so a {@code kill -9} leaves either the old or the new state, never a torn one. Applying is
 * idempotent, so a kill between applying a page and saving its cursor costs only that page again.
 * Power loss needs {@link #save(String, Instant, boolean)} with {@code force}.
 *
 * <p>Thread-safety: not thread-safe; the follower's thread owns it.
 */
public final class ReplicaState {
  /** The state file's name in the data directory. */
  public static final String FILE = "replica.properties";

  private final Path file;
  private final String follow;
  private String cursor; // null: nothing applied yet
  private Instant caughtUpAt; // null: never in step

  private ReplicaState(Path file, String follow, String cursor, Instant caughtUpAt) {
    this.file = file;
    this.follow = follow;
    this.cursor = cursor;
    this.caughtUpAt = caughtUpAt;
  }

  /**
   * Reads the state in {@code dataDir}, or starts a new one for {@code follow}.
   *
   * @throws IllegalArgumentException if the directory replicates another exchange, or is an exchange's
   */
  public static ReplicaState open(Path dataDir, String follow) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      if (Files.exists(dataDir.resolve("changes.log"))) {
        throw new IllegalArgumentException(
            dataDir + " holds an exchange, not a replica: give the replica a data directory of its own");
      }
      ReplicaState fresh = new ReplicaState(file, follow, null, null);
      try {
        fresh.save(null, null, false); // marks the directory as a replica from the start
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      return fresh;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String followed = p.getProperty("follow");
    if (followed != null && !followed.equals(follow)) {
      throw new IllegalArgumentException(
          dataDir + " is a replica of " + followed + ", not of " + follow + ": give another --data directory");
    }
    String at = p.getProperty("caught_up_at");
    return new ReplicaState(file, follow, p.getProperty("cursor"), at == null ? null : Instant.parse(at));
  }

  /** Whether {@code dataDir} belongs to a replica (so {@code serve} must not take writes into it). */
  public static boolean isReplica(Path dataDir) {
    return Files.exists(dataDir.resolve(FILE));
  }

  /** The cursor after the last applied page, as the exchange gave it; {@code null} before the first. */
  public String cursor() {
    return cursor;
  }

  /** When the replica was last in step with its exchange; {@code null} if never. */
  public Instant caughtUpAt() {
    return caughtUpAt;
  }

  /** Makes {@code newCursor} (and, if not null, {@code newCaughtUpAt}) durable. */
  void save(String newCursor, Instant newCaughtUpAt, boolean force) throws IOException {
    Properties p = new Properties();
    p.setProperty("follow", follow);
    if (newCursor != null) {
      p.setProperty("cursor", newCursor);
    }
    Instant at = newCaughtUpAt != null ? newCaughtUpAt : caughtUpAt;
    if (at != null) {
      p.setProperty("caught_up_at", at.toString());
    }
    Path tmp = file.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "lantern replica state: written after every applied feed page");
    }
    if (force) {
      try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    cursor = newCursor;
    caughtUpAt = at;
  }
}
