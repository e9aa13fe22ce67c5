package org.lantern.loaders.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file rejected records go to, so they can be fixed and loaded again. Each rejected record
 * is two lines:
 *
 * <pre>
 * # hashes.txt:17: invalid pdq hash: 'x' at position 20 is not a hex digit
 * f8f8f0cc...x...
 * </pre>
 *
 * A comment line with where and why, then the record's original text. For line formats whose
 * readers skip {@code #} comments (hex, pytx-local) the reject file itself loads again once the
 * text lines are fixed. The file is created at the first reject, so a clean load leaves none.
 *
 * <p>Thread-safety: not thread-safe; the pipeline's sequencer writes it.
 */
public final class RejectFile implements AutoCloseable {
  private final Path path;
  private FileChannel channel;
  private BufferedWriter writer;
  private long count;

  /**
   * Opens {@code path} for a load: cut to {@code keepBytes} (the length a checkpoint recorded, or
   * 0 for a fresh load, which empties an old reject file).
   */
  public static RejectFile open(Path path, long keepBytes) throws IOException {
    RejectFile file = new RejectFile(path);
    if (Files.exists(path)) {
      if (keepBytes == 0) {
        Files.delete(path); // a fresh load: yesterday's rejects are not this load's
      } else {
        file.openChannel();
        file.channel.truncate(keepBytes);
      }
    } else if (keepBytes > 0) {
      throw new IOException("the checkpoint says " + path + " held " + keepBytes + " bytes of rejects, but it is gone");
    }
    return file;
  }

  private RejectFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** Rejects written by this load since it opened the file (not counting a resumed part). */
  public long count() {
    return count;
  }

  public void write(String source, long line, String reason, String original) throws IOException {
    if (writer == null) {
      openChannel();
    }
    writer.write("# ");
    writer.write(source);
    writer.write(':');
    writer.write(Long.toString(line));
    writer.write(": ");
    writer.write(oneLine(reason));
    writer.write('\n');
    writer.write(original);
    writer.write('\n');
    count++;
  }

  /** Writes out what is buffered and returns the file's length: what a checkpoint records. */
  public long flush() throws IOException {
    if (writer == null) {
      return channel == null ? 0 : channel.size();
    }
    writer.flush();
    return channel.size();
  }

  private void openChannel() throws IOException {
    if (channel == null) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.position(channel.size());
    }
    if (writer == null) {
      writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
    }
  }

  /** A reason on one line: a message may quote text with line breaks. */
  private static String oneLine(String reason) {
    return reason.replace("\r", "\\r").replace("\n", "\\n");
  }

  @Override
  public void close() throws IOException {
    try {
      if (writer != null) {
        writer.flush();
      }
    } finally {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
