package org.lantern.core.store;

import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A growable off-heap array of fixed-size records backed by a memory-mapped file, addressed by
 * record number (ordinal).
 *
 * <p>The file is mapped in chunks of {@code 2^recordsPerChunkShift} records ({@link
 * MappedChunks}), so a record never straddles two chunks and a hot loop finds it with one shift,
 * one mask and one multiply: {@link #chunk(int)} and {@link #offsetInChunk(int)}. New records read
 * as zero.
 *
 * <p>Thread-safety: one writer (who alone grows, writes and closes), any number of readers, who
 * must learn of new records through a later volatile publication (the store's snapshot) and must
 * not run after {@link #close()}.
 */
public final class MappedRecords implements AutoCloseable {
  private final MappedChunks mapped;
  private UnsafeBuffer[] chunks; // mapped.chunks(), one indirection less on the hot path
  private final int recordBytes;
  private final int recordsPerChunkShift;
  private final int recordMask;

  private MappedRecords(MappedChunks mapped, int recordBytes, int shift) {
    this.mapped = mapped;
    this.chunks = mapped.chunks();
    this.recordBytes = recordBytes;
    this.recordsPerChunkShift = shift;
    this.recordMask = (1 << shift) - 1;
  }

  /**
   * Opens (creating when writable) a record file and maps the chunks it has.
   *
   * @param recordBytes bytes per record, a multiple of 8
   * @param expectedRecords sizes the chunks (1/8 of it per chunk, within 4 Ki .. 4 Mi records);
   *     must be the same on every open of a file
   */
  public static MappedRecords open(Path file, int recordBytes, long expectedRecords, boolean writable) {
    if (recordBytes < 8 || recordBytes % 8 != 0) {
      throw new IllegalArgumentException("record size must be a positive multiple of 8, got " + recordBytes);
    }
    int shift = Math.clamp(63 - Long.numberOfLeadingZeros(Math.max(1, expectedRecords / 8)), 12, 22);
    while (((long) recordBytes << shift) > (1L << 30)) {
      shift--; // keep chunks at 1 GiB or less
    }
    return new MappedRecords(MappedChunks.open(file, (long) recordBytes << shift, writable), recordBytes, shift);
  }

  /** Makes sure records {@code [0, count)} are mapped. Writer only. */
  public void ensureCapacity(long count) {
    chunks = mapped.grow((int) ((count + recordMask) >>> recordsPerChunkShift));
  }

  /** Records currently mapped. */
  public long capacity() {
    return (long) mapped.count() << recordsPerChunkShift;
  }

  public int recordBytes() {
    return recordBytes;
  }

  /** The buffer that holds record {@code ordinal}. */
  public UnsafeBuffer chunk(int ordinal) {
    return chunks[ordinal >>> recordsPerChunkShift];
  }

  /** Where record {@code ordinal} starts in its {@link #chunk}. */
  public int offsetInChunk(int ordinal) {
    return (ordinal & recordMask) * recordBytes;
  }

  /** Records per chunk: a power of two; consecutive ordinals within one chunk are contiguous. */
  public int recordsPerChunk() {
    return 1 << recordsPerChunkShift;
  }

  /** Bytes currently mapped. */
  public long mappedBytes() {
    return mapped.mappedBytes();
  }

  /** Writes every dirty page to the device. */
  public void force() {
    mapped.force();
  }

  /** Unmaps the memory and closes the file. Readers must have stopped. */
  @Override
  public void close() {
    chunks = new UnsafeBuffer[0];
    mapped.close();
  }
}
