package org.lantern.core.store;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A growable off-heap array backed by a memory-mapped file, addressed by byte offset.
 *
 * <p>The file is mapped in chunks of {@code 1 << chunkShift} bytes ({@link MappedChunks}), so an
 * offset splits into a chunk and a position with one shift and one mask. New bytes read as zero,
 * which is why every structure in this package encodes "empty" as 0. Writes land in the kernel's
 * page cache as soon as they are made, so they survive the death of the process (not of the
 * machine: that needs {@link #force()}).
 *
 * <p>Thread-safety: one writer (who alone calls {@link #ensureCapacity}, the put methods and
 * {@link #close}) and any number of readers. The chunk table is published by the writer before
 * it publishes the data that needs it (see {@code HashStore}'s snapshot); readers must not run
 * after {@link #close()}, which unmaps the memory.
 */
public final class MappedArray implements AutoCloseable {
  private final MappedChunks mapped;
  private UnsafeBuffer[] chunks; // mapped.chunks(), one indirection less on the hot path
  private final int chunkShift;
  private final long chunkMask;

  private MappedArray(MappedChunks mapped, int chunkShift) {
    this.mapped = mapped;
    this.chunks = mapped.chunks();
    this.chunkShift = chunkShift;
    this.chunkMask = (1L << chunkShift) - 1;
  }

  /**
   * Opens (creating it if asked) the file and maps every chunk it already has.
   *
   * @param chunkShift log2 of the chunk size in bytes, 12..30; the same on every open of a file
   */
  public static MappedArray open(Path file, int chunkShift, boolean writable) {
    if (chunkShift < 12 || chunkShift > 30) {
      throw new IllegalArgumentException("chunkShift must be in 12..30, got " + chunkShift);
    }
    return new MappedArray(MappedChunks.open(file, 1L << chunkShift, writable), chunkShift);
  }

  /** Chooses a chunk size for an array expected to reach {@code expectedBytes}: 64 KiB to 256 MiB. */
  public static int chunkShiftFor(long expectedBytes) {
    int shift = 64 - Long.numberOfLeadingZeros(Math.max(1, expectedBytes - 1));
    return Math.clamp(shift, 16, 28);
  }

  /** Makes sure bytes {@code [0, bytes)} are mapped. Writer only. */
  public void ensureCapacity(long bytes) {
    chunks = mapped.grow((int) ((bytes + chunkMask) >>> chunkShift));
  }

  /** Bytes currently mapped. */
  public long capacity() {
    return mapped.mappedBytes();
  }

  private UnsafeBuffer chunk(long offset) {
    return chunks[(int) (offset >>> chunkShift)];
  }

  public long getLong(long offset) {
    return chunk(offset).getLong((int) (offset & chunkMask));
  }

  public int getInt(long offset) {
    return chunk(offset).getInt((int) (offset & chunkMask));
  }

  public void putLong(long offset, long value) {
    chunk(offset).putLong((int) (offset & chunkMask), value);
  }

  public void putInt(long offset, int value) {
    chunk(offset).putInt((int) (offset & chunkMask), value);
  }

  /** A store that readers see only after every earlier store (release semantics). */
  public void putIntOrdered(long offset, int value) {
    chunk(offset).putIntRelease((int) (offset & chunkMask), value);
  }

  /** A store that readers see only after every earlier store (release semantics). */
  public void putLongOrdered(long offset, long value) {
    chunk(offset).putLongRelease((int) (offset & chunkMask), value);
  }

  /** Writes every dirty page to the device (protects against power loss, not only process death). */
  public void force() {
    mapped.force();
  }

  /** Bytes this array maps (resident or not). */
  public long mappedBytes() {
    return mapped.mappedBytes();
  }

  public Path file() {
    return mapped.file();
  }

  /** Unmaps the memory and closes the file. Readers must have stopped. */
  @Override
  public void close() {
    chunks = new UnsafeBuffer[0];
    mapped.close();
  }
}
