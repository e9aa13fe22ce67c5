package org.lantern.loaders.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where an interrupted load stands, so that the same command run again continues there: for each
 * input, whether it is done, and for the one in progress how many records are settled (stored,
 * or written to the reject file), the reject file's length then, and the counts so far.
 *
 * <p>One file per load, named after a digest of what makes two loads the same (inputs, target,
 * participant, format options), replaced atomically after every settled batch; it is removed when
 * the load completes, so running the command again afterwards loads everything again (finding
 * duplicates). An input is recognised by its size, modification time and a digest of its first
 * 64 KiB (for a directory, of its file names and sizes): an input that changed starts over.
 *
 * <p>Thread-safety: not thread-safe; the pipeline's sequencer owns it.
 */
public final class LoadCheckpoint {
  private static final int IDENTITY_BYTES = 64 * 1024;

  /** The saved state of one input. */
  public record InputState(String identity, boolean done, long records, long rejectBytes, LoadTally tally) {}

  private final Path file;
  private final Properties saved;

  private LoadCheckpoint(Path file, Properties saved) {
    this.file = file;
    this.saved = saved;
  }

  /**
   * The checkpoint of the load described by {@code loadKey} in {@code dir}: the saved one if an
   * earlier run of it was interrupted, else an empty one.
   */
  public static LoadCheckpoint open(Path dir, String loadKey) throws IOException {
    Path file = dir.resolve("load-" + digest(loadKey).substring(0, 24) + ".checkpoint");
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      if (!loadKey.equals(p.getProperty("load"))) {
        p.clear(); // a digest collision: not ours
      }
    }
    p.setProperty("load", loadKey);
    return new LoadCheckpoint(file, p);
  }

  public Path file() {
    return file;
  }

  /** True if an earlier run of this load was interrupted and left state to resume from. */
  public boolean resuming() {
    return saved.stringPropertyNames().stream().anyMatch(n -> n.startsWith("input."));
  }

  /** The saved state of input {@code index}, or null if there is none or the input changed since. */
  public InputState state(int index, String identity) {
    String prefix = "input." + index + ".";
    String was = saved.getProperty(prefix + "identity");
    if (was == null || !was.equals(identity)) {
      return null;
    }
    return new InputState(
        was,
        Boolean.parseBoolean(saved.getProperty(prefix + "done")),
        Long.parseLong(saved.getProperty(prefix + "records")),
        Long.parseLong(saved.getProperty(prefix + "rejects.bytes")),
        LoadTally.load(saved, prefix + "tally."));
  }

  /** Records input {@code index}'s progress and replaces the file atomically. */
  public void save(int index, InputState state) throws IOException {
    String prefix = "input." + index + ".";
    saved.stringPropertyNames().stream().filter(n -> n.startsWith(prefix)).toList().forEach(saved::remove);
    saved.setProperty(prefix + "identity", state.identity());
    saved.setProperty(prefix + "done", Boolean.toString(state.done()));
    saved.setProperty(prefix + "records", Long.toString(state.records()));
    saved.setProperty(prefix + "rejects.bytes", Long.toString(state.rejectBytes()));
    state.tally().store(saved, prefix + "tally.");
    write();
  }

  /** The load completed: forget it. */
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  private void write() throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringWriter text = new StringWriter();
    saved.store(text, "lantern load checkpoint: delete this file to start the load over");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(text.toString());
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** What identifies an input's content cheaply: see the class comment. */
  public static String identity(Path input) throws IOException {
    MessageDigest sha = sha256();
    if (Files.isDirectory(input)) {
      try (Stream<Path> walk = Files.walk(input)) {
        List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
        for (Path f : files) {
          sha.update(input.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
          sha.update((byte) '\n');
        }
        return "dir:" + files.size() + ":" + HexFormat.of().formatHex(sha.digest());
      }
    }
    try (InputStream in = Files.newInputStream(input)) {
      sha.update(in.readNBytes(IDENTITY_BYTES));
    }
    return "file:" + Files.size(input) + ":" + Files.getLastModifiedTime(input).toMillis() + ":"
        + HexFormat.of().formatHex(sha.digest());
  }

  static String digest(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
