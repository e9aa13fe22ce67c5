package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.signal.Signal;

/**
 * Who lost sight of a signal when its visibility was narrowed: what the delta feed needs to send
 * a participant's replica a deletion for a signal it holds but may no longer see. Without it the
 * replica would keep matching (and storing) a signal its participant was since cut off from; and
 * sending the deletion to everybody instead would tell participants that never saw the signal
 * that it exists.
 *
 * <p>Only narrowings are recorded (they are rare): for each signal, the participants that could
 * see some earlier version and cannot see a later one, or {@link #EVERYONE} when an earlier
 * version was shared with all. The record is a line per narrowing ({@code id TAB p1,p2}) appended
 * to {@code visibility-history} <em>before</em> the narrowed record is written, so a kill in
 * between leaves at most a line about a version that was still visible to those named, which
 * costs one unneeded deletion and reveals nothing. A torn last line (no newline) is ignored.
 *
 * <p>Thread-safety: reads are thread-safe; {@link #narrowed} is called by the single writer.
 */
final class VisibilityHistory implements AutoCloseable {
  static final String FILE = "visibility-history";
  /** Stands for "every participant": the earlier version was shared with all. */
  static final String EVERYONE = "*";

  private final FileChannel channel;
  private final ConcurrentHashMap<String, Set<String>> lost = new ConcurrentHashMap<>();

  private VisibilityHistory(FileChannel channel) {
    this.channel = channel;
  }

  static VisibilityHistory open(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      VisibilityHistory history =
          new VisibilityHistory(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int start = 0;
      for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        String line = text.substring(start, nl);
        int tab = line.indexOf('\t');
        if (tab > 0) {
          history.remember(line.substring(0, tab), List.of(line.substring(tab + 1).split(",")));
        }
        start = nl + 1;
      }
      return history;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /**
   * Records who could see {@code before} and cannot see {@code after} (a version of the same
   * signal), if anybody. Writer only; call before the record of {@code after} is written.
   */
  void narrowed(Signal before, Signal after) {
    if (before == null || before.visibility().equals(after.visibility())) {
      return;
    }
    List<String> was = before.visibility();
    List<String> now = after.visibility();
    Set<String> gone = new java.util.TreeSet<>();
    if (was.isEmpty()) {
      if (now.isEmpty()) {
        return;
      }
      gone.add(EVERYONE);
    } else {
      for (String p : was) {
        if (!now.isEmpty() && !now.contains(p)) {
          gone.add(p);
        }
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    String line = after.id() + '\t' + String.join(",", gone) + '\n';
    try {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a visibility change of " + after.id(), e);
    }
    remember(after.id(), gone);
  }

  private void remember(String id, java.util.Collection<String> participants) {
    lost.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).addAll(participants);
  }

  /** Whether {@code participant} could see an earlier version of signal {@code id} that it no longer sees. */
  boolean lostSight(String id, String participant) {
    Set<String> who = lost.get(id);
    return who != null && (who.contains(EVERYONE) || who.contains(participant));
  }

  /** Signals whose visibility was ever narrowed (for tests and metrics). */
  int size() {
    return lost.size();
  }

  void force() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force " + FILE, e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
