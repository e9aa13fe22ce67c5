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
 * A growable off-heap array of fixed-size records backed by a memory-mapped file, addressed by
 * record number (ordinal).
 *
 * <p>The file is mapped in chunks of {@code 2^recordsPerChunkShift} records, so a record never
 * straddles two chunks and a hot loop finds it with one shift, one mask and one multiply: {@link
 * #chunk(int)} and {@link #offsetInChunk(int)}. Chunks never move once mapped; growing maps one
 * more and replaces the chunk table copy-on-write. New records read as zero.
 *
 * <p>Thread-safety: one writer (who alone grows, writes and closes), any number of readers, who
 * must learn of new records through a later volatile publication (the store's snapshot) and must
 * not run after {@link #close()}.
 */
public final class MappedRecords implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final boolean writable;
  private final int recordBytes;
  private final int recordsPerChunkShift;
  private final int recordMask;
  private final long chunkBytes;
  private MappedByteBuffer[] mapped = new MappedByteBuffer[0];
  private UnsafeBuffer[] chunks = new UnsafeBuffer[0];

  private MappedRecords(Path file, FileChannel channel, boolean writable, int recordBytes, int shift) {
    this.file = file;
    this.channel = channel;
    this.writable = writable;
    this.recordBytes = recordBytes;
    this.recordsPerChunkShift = shift;
    this.recordMask = (1 << shift) - 1;
    this.chunkBytes = (long) recordBytes << shift;
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
      shift--; // an UnsafeBuffer over a mapping holds at most 2 GiB; keep chunks at 1 GiB or less
    }
    try {
      FileChannel channel = writable
          ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
          : FileChannel.open(file, StandardOpenOption.READ);
      MappedRecords records = new MappedRecords(file, channel, writable, recordBytes, shift);
      long size = channel.size();
      if (size % records.chunkBytes != 0) {
        channel.close();
        throw new StoreFormatException(file + ": length " + size + " is not a multiple of the chunk size "
            + records.chunkBytes + " (truncated, or written with another capacity or record size)");
      }
      records.mapChunks((int) (size / records.chunkBytes));
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Makes sure records {@code [0, count)} are mapped. Writer only. */
  public void ensureCapacity(long count) {
    long needed = (count + recordMask) >>> recordsPerChunkShift;
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

  /** Records currently mapped. */
  public long capacity() {
    return (long) chunks.length << recordsPerChunkShift;
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
    return chunks.length * chunkBytes;
  }

  /** Writes every dirty page to the device. */
  public void force() {
    for (MappedByteBuffer buffer : mapped) {
      buffer.force();
    }
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
