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
 * A growable off-heap array backed by a memory-mapped file, addressed by byte offset.
 *
 * <p>The file is mapped in chunks of {@code 1 << chunkShift} bytes. Chunks never move once
 * mapped, so growing the array (mapping one more chunk) never invalidates what a reader holds;
 * the chunk table is replaced copy-on-write. New chunks read as zero (the file is extended
 * sparsely), which is why every structure in this package encodes "empty" as 0.
 *
 * <p>Writes land in the kernel's page cache as soon as they are made, so they survive the death
 * of the process (not of the machine: that needs {@link #force()}).
 *
 * <p>Thread-safety: one writer (who alone calls {@link #ensureCapacity}, the put methods and
 * {@link #close}) and any number of readers. The chunk table is published by the writer before
 * it publishes the data that needs it (see {@code HashStore}'s snapshot); readers must not run
 * after {@link #close()}, which unmaps the memory.
 */
public final class MappedArray implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final boolean writable;
  private final int chunkShift;
  private final long chunkMask;
  private MappedByteBuffer[] mapped;
  private UnsafeBuffer[] chunks; // read by hot loops; replaced, never mutated, when growing

  private MappedArray(Path file, FileChannel channel, boolean writable, int chunkShift) {
    this.file = file;
    this.channel = channel;
    this.writable = writable;
    this.chunkShift = chunkShift;
    this.chunkMask = (1L << chunkShift) - 1;
    this.mapped = new MappedByteBuffer[0];
    this.chunks = new UnsafeBuffer[0];
  }

  /**
   * Opens (creating it if asked) the file and maps every chunk it already has.
   *
   * @param chunkShift log2 of the chunk size in bytes, 12..30
   */
  public static MappedArray open(Path file, int chunkShift, boolean writable) {
    if (chunkShift < 12 || chunkShift > 30) {
      throw new IllegalArgumentException("chunkShift must be in 12..30, got " + chunkShift);
    }
    try {
      FileChannel channel =
          writable
              ? FileChannel.open(
                  file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
              : FileChannel.open(file, StandardOpenOption.READ);
      MappedArray array = new MappedArray(file, channel, writable, chunkShift);
      long size = channel.size();
      if (size % (1L << chunkShift) != 0) {
        channel.close();
        throw new StoreFormatException(
            file + ": length " + size + " is not a multiple of the chunk size " + (1L << chunkShift)
                + " (the file was truncated or written by something else)");
      }
      array.mapChunks((int) (size >>> chunkShift));
      return array;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Chooses a chunk size for an array expected to reach {@code expectedBytes}: 64 KiB to 256 MiB. */
  public static int chunkShiftFor(long expectedBytes) {
    int shift = 64 - Long.numberOfLeadingZeros(Math.max(1, expectedBytes - 1));
    return Math.clamp(shift, 16, 28);
  }

  /** Makes sure bytes {@code [0, bytes)} are mapped. Writer only. */
  public void ensureCapacity(long bytes) {
    long needed = (bytes + chunkMask) >>> chunkShift;
    if (needed > chunks.length) {
      if (!writable) {
        throw new IllegalStateException(file + " is open read-only");
      }
      mapChunks((int) needed);
    }
  }

  private void mapChunks(int count) {
    if (count <= chunks.length) {
      return;
    }
    MappedByteBuffer[] newMapped = Arrays.copyOf(mapped, count);
    UnsafeBuffer[] newChunks = Arrays.copyOf(chunks, count);
    long chunkBytes = 1L << chunkShift;
    try {
      for (int i = chunks.length; i < count; i++) {
        MappedByteBuffer buffer =
            channel.map(
                writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                i * chunkBytes,
                chunkBytes);
        newMapped[i] = buffer;
        newChunks[i] = new UnsafeBuffer(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map " + file + " to " + count * chunkBytes + " bytes", e);
    }
    mapped = newMapped;
    chunks = newChunks;
  }

  /** Bytes currently mapped. */
  public long capacity() {
    return (long) chunks.length << chunkShift;
  }

  public long getLong(long offset) {
    return chunks[(int) (offset >>> chunkShift)].getLong((int) (offset & chunkMask));
  }

  public int getInt(long offset) {
    return chunks[(int) (offset >>> chunkShift)].getInt((int) (offset & chunkMask));
  }

  public int getIntVolatile(long offset) {
    return chunks[(int) (offset >>> chunkShift)].getIntVolatile((int) (offset & chunkMask));
  }

  public void putLong(long offset, long value) {
    chunks[(int) (offset >>> chunkShift)].putLong((int) (offset & chunkMask), value);
  }

  public void putInt(long offset, int value) {
    chunks[(int) (offset >>> chunkShift)].putInt((int) (offset & chunkMask), value);
  }

  /** A store that readers see only after every earlier store (release semantics). */
  public void putIntOrdered(long offset, int value) {
    chunks[(int) (offset >>> chunkShift)].putIntRelease((int) (offset & chunkMask), value);
  }

  /** A store that readers see only after every earlier store (release semantics). */
  public void putLongOrdered(long offset, long value) {
    chunks[(int) (offset >>> chunkShift)].putLongRelease((int) (offset & chunkMask), value);
  }

  /** The chunk table, for hot loops that hoist it out of the loop. Do not keep it past close. */
  UnsafeBuffer[] chunks() {
    return chunks;
  }

  int chunkShift() {
    return chunkShift;
  }

  /** Writes every dirty page to the device (protects against power loss, not only process death). */
  public void force() {
    for (MappedByteBuffer buffer : mapped) {
      buffer.force();
    }
  }

  /** Resident-or-not, the bytes this array maps (for memory reports). */
  public long mappedBytes() {
    return capacity();
  }

  public Path file() {
    return file;
  }

  /** Unmaps the memory and closes the file. Readers must have stopped. */
  @Override
  public void close() {
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
