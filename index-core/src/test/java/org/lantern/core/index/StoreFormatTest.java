package org.lantern.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lantern.core.hash.Hash;
import org.lantern.core.store.StoreFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or foreign directories are refused with a message naming the file and the field. */
class StoreFormatTest {
  @TempDir Path dir;

  private void createSmallIndex() {
    try (PlannedIndex index = PlannedIndex.open(dir, 256, IndexOptions.all(1_000))) {
      index.add(Hash.of256(1, 2, 3, 4));
    }
  }

  @Test
  void shouldRefuseAnotherWidth() {
    createSmallIndex();
    assertThatThrownBy(() -> PlannedIndex.open(dir, 64, IndexOptions.all(1_000)))
        .isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("index.properties").hasMessageContaining("256-bit").hasMessageContaining("64-bit");
  }

  @Test
  void shouldRefuseABadMagic() throws Exception {
    createSmallIndex();
    try (RandomAccessFile state = new RandomAccessFile(dir.resolve("state.dat").toFile(), "rw")) {
      state.writeLong(0x1234L);
    }
    assertThatThrownBy(() -> PlannedIndex.open(dir, 256, IndexOptions.all(1_000)))
        .isInstanceOf(StoreFormatException.class).hasMessageContaining("state.dat").hasMessageContaining("magic");
  }

  @Test
  void shouldRefuseATruncatedRecordFile() throws Exception {
    createSmallIndex();
    try (RandomAccessFile records = new RandomAccessFile(dir.resolve("records.dat").toFile(), "rw")) {
      records.setLength(records.length() - 100);
    }
    assertThatThrownBy(() -> PlannedIndex.open(dir, 256, IndexOptions.all(1_000)))
        .isInstanceOf(StoreFormatException.class).hasMessageContaining("records.dat").hasMessageContaining("length");
  }

  @Test
  void shouldRefuseASizeBeyondTheRecords() throws Exception {
    createSmallIndex();
    try (RandomAccessFile state = new RandomAccessFile(dir.resolve("state.dat").toFile(), "rw")) {
      state.seek(16);
      state.writeLong(Long.reverseBytes(1L << 40)); // the header is little-endian
    }
    assertThatThrownBy(() -> PlannedIndex.openReadOnly(dir, 256))
        .isInstanceOf(StoreFormatException.class).hasMessageContaining("size");
  }

  @Test
  void shouldRefuseAMissingIndexAndASecondWriter() {
    assertThatThrownBy(() -> PlannedIndex.openReadOnly(dir, 256))
        .isInstanceOf(StoreFormatException.class).hasMessageContaining("holds no index");
    try (PlannedIndex writer = PlannedIndex.open(dir, 256, IndexOptions.all(1_000))) {
      assertThatThrownBy(() -> PlannedIndex.open(dir, 256, IndexOptions.all(1_000)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open for writing");
      writer.add(Hash.of256(5, 6, 7, 8));
    }
    try (PlannedIndex again = PlannedIndex.open(dir, 256, IndexOptions.all(1_000))) {
      assertThat(again.size()).isEqualTo(1);
      assertThat(Files.exists(dir.resolve("index.properties"))).isTrue();
    }
  }
}
