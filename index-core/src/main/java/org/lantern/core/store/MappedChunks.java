package org.lantern.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file mapped in equal chunks, the layer under {@link MappedArray} (byte addressed) and {@link
 * MappedRecords} (record addressed). Chunks never move once mapped: growing maps one more chunk
 * and replaces the chunk table copy-on-write, so what a reader holds stays valid. The file's length
 * is always a whole number of chunks; new chunks read as zero (the file grows sparsely).
 *
 * <p>Thread-safety: one writer (who alone grows, forces and closes); readers learn of new chunks
 * through a later volatile publication by their owner, and must not run after {@link #close()},
 * which unmaps the memory.
 */
final class MappedChunks {
  private final Path file;
  private final FileChannel channel;
  private final boolean writable;
  private final long chunkBytes;
  private MappedByteBuffer[] mapped = new MappedByteBuffer[0];
  private UnsafeBuffer[] chunks = new UnsafeBuffer[0];

  private MappedChunks(Path file, FileChannel channel, boolean writable, long chunkBytes) {
    this.file = file;
    this.channel = channel;
    this.writable = writable;
    this.chunkBytes = chunkBytes;
  }

  /**
   * Opens (creating when writable) {@code file} and maps the chunks it has.
   *
   * @param chunkBytes at most 1 GiB (an {@link UnsafeBuffer} over a mapping is int-addressed)
   * @throws StoreFormatException if the length is not a whole number of chunks
   */
  static MappedChunks open(Path file, long chunkBytes, boolean writable) {
    if (chunkBytes < 1 || chunkBytes > 1L << 30) {
      throw new IllegalArgumentException("chunk size must be in 1 .. 2^30 bytes, got " + chunkBytes);
    }
    try {
      FileChannel channel = writable
          ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
          : FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      if (size % chunkBytes != 0) {
        channel.close();
        throw new StoreFormatException(file + ": length " + size + " is not a multiple of the chunk size "
            + chunkBytes + " (truncated, or written with another capacity or record size)");
      }
      MappedChunks mappedChunks = new MappedChunks(file, channel, writable, chunkBytes);
      mappedChunks.ensureChunks((int) (size / chunkBytes));
      return mappedChunks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Maps chunks until there are {@code count}. Writer only (or while opening). */
  void ensureChunks(int count) {
    if (count <= chunks.length) {
      return;
    }
    MappedByteBuffer[] newMapped = Arrays.copyOf(mapped, count);
    UnsafeBuffer[] newChunks = Arrays.copyOf(chunks, count);
    try {
      for (int i = chunks.length; i < count; i++) {
        MappedByteBuffer buffer = channel.map(
            writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, i * chunkBytes, chunkBytes);
        newMapped[i] = buffer;
        newChunks[i] = new UnsafeBuffer(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file + " to " + count * chunkBytes + " bytes", e);
    }
    mapped = newMapped;
    chunks = newChunks;
  }

  /**
   * Grows the mapping to {@code count} chunks (if it has fewer) and returns the chunk table.
   * Writer only.
   *
   * @throws IllegalStateException if the file is open read-only and must grow
   */
  UnsafeBuffer[] grow(int count) {
    if (count > chunks.length && !writable) {
      throw new IllegalStateException(file + " is open read-only");
    }
    ensureChunks(count);
    return chunks;
  }

  /** The chunk table, replaced (never mutated) when the file grows. */
  UnsafeBuffer[] chunks() {
    return chunks;
  }

  int count() {
    return chunks.length;
  }

  Path file() {
    return file;
  }

  long mappedBytes() {
    return chunks.length * chunkBytes;
  }

  /** Writes every dirty page to the device (protects against power loss too). */
  void force() {
    for (MappedByteBuffer buffer : mapped) {
      buffer.force();
    }
  }

  /** Unmaps the memory and closes the file. Readers must have stopped. */
  void close() {
    for (MappedByteBuffer buffer : mapped) {
      IoUtil.unmap(buffer);
    }
    mapped = new MappedByteBuffer[0];
    chunks = new UnsafeBuffer[0];
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
