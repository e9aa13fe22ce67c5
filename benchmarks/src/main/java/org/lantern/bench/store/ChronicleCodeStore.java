package org.lantern.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.core.values.IntValue;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.values.Values;

/**
 * {@link CodeStore} over a Chronicle Map persisted to one file, keyed by the ordinal: {@code
 * IntValue → LongValue} for 64-bit codes, {@code IntValue → Code256} for 256-bit codes. Keys and
 * values are Chronicle Values instances reused across calls, so no operation allocates per call:
 *
 * <ul>
 *   <li>{@link #distance} reads either with {@code getUsing(key, reusedValue)} (a copy of the
 *       entry into a heap instance; {@code inPlace == false}), or in place through a query context
 *       ({@code queryContext(key).entry().value()}: the bytes of the entry, read under the
 *       segment's read lock, no copy; {@code inPlace == true});
 *   <li>{@link #append} is one {@code put} per code;
 *   <li>{@link #scan} walks the segments with {@code forEachEntry}, reading every value's bytes in
 *       place.
 * </ul>
 *
 * <p>The map is created for exactly {@code capacity} entries; more would spill into extra tiers
 * (see DESIGN.md §4), so callers recreate it before it fills.
 *
 * <p>Thread-safety: the reused key and value holders make an instance single-threaded.
 */
public abstract sealed class ChronicleCodeStore implements CodeStore
    permits ChronicleCodeStore.Codes64, ChronicleCodeStore.Codes256 {
  final IntValue key = Values.newHeapInstance(IntValue.class);
  final boolean inPlace;
  int size;

  ChronicleCodeStore(boolean inPlace) {
    this.inPlace = inPlace;
  }

  /**
   * Creates a new map in {@code file} for {@code capacity} codes of {@code bits} bits.
   *
   * @param inPlace read single codes through a query context instead of {@code getUsing}
   */
  public static ChronicleCodeStore create(Path file, int bits, long capacity, boolean inPlace) {
    try {
      return switch (bits) {
        case 64 -> new Codes64(file, capacity, inPlace);
        case 256 -> new Codes256(file, capacity, inPlace);
        default -> throw new IllegalArgumentException("bits must be 64 or 256, got " + bits);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chronicle Map in " + file, e);
    }
  }

  @Override
  public int size() {
    return size;
  }

  /** 64-bit codes: one {@code long} value per ordinal. */
  static final class Codes64 extends ChronicleCodeStore {
    private final ChronicleMap<IntValue, LongValue> map;
    private final LongValue value = Values.newHeapInstance(LongValue.class);

    Codes64(Path file, long capacity, boolean inPlace) throws IOException {
      super(inPlace);
      this.map =
          ChronicleMap.of(IntValue.class, LongValue.class)
              .name("lantern-codes64")
              .entries(capacity)
              .createPersistedTo(file.toFile());
      this.size = (int) map.longSize();
    }

    @Override
    public int words() {
      return 1;
    }

    @Override
    public void append(long[] packed, int count) {
      for (int i = 0; i < count; i++) {
        key.setValue(size);
        value.setValue(packed[i]);
        map.put(key, value);
        size++;
      }
    }

    @Override
    public int distance(int ordinal, long[] query) {
      key.setValue(ordinal);
      if (inPlace) {
        try (ExternalMapQueryContext<IntValue, LongValue, ?> c = map.queryContext(key)) {
          MapEntry<IntValue, LongValue> entry = c.entry();
          Data<LongValue> data = entry.value();
          return Long.bitCount(data.bytes().readLong(data.offset()) ^ query[0]);
        }
      }
      return Long.bitCount(map.getUsing(key, value).getValue() ^ query[0]);
    }

    @Override
    public long scan(long[] query) {
      final long q0 = query[0];
      final long[] sum = new long[1];
      map.forEachEntry(
          entry -> {
            Data<LongValue> data = entry.value();
            sum[0] += Long.bitCount(data.bytes().readLong(data.offset()) ^ q0);
          });
      return sum[0];
    }

    @Override
    public void close() {
      map.close();
    }
  }

  /** 256-bit codes: four longs per ordinal, most significant first. */
  static final class Codes256 extends ChronicleCodeStore {
    private final ChronicleMap<IntValue, Code256> map;
    private final Code256 value = Values.newHeapInstance(Code256.class);

    Codes256(Path file, long capacity, boolean inPlace) throws IOException {
      super(inPlace);
      this.map =
          ChronicleMap.of(IntValue.class, Code256.class)
              .name("lantern-codes256")
              .entries(capacity)
              .createPersistedTo(file.toFile());
      this.size = (int) map.longSize();
    }

    @Override
    public int words() {
      return 4;
    }

    @Override
    public void append(long[] packed, int count) {
      for (int i = 0; i < count; i++) {
        int base = i * 4;
        key.setValue(size);
        value.setWordAt(0, packed[base]);
        value.setWordAt(1, packed[base + 1]);
        value.setWordAt(2, packed[base + 2]);
        value.setWordAt(3, packed[base + 3]);
        map.put(key, value);
        size++;
      }
    }

    @Override
    public int distance(int ordinal, long[] query) {
      key.setValue(ordinal);
      if (inPlace) {
        try (ExternalMapQueryContext<IntValue, Code256, ?> c = map.queryContext(key)) {
          MapEntry<IntValue, Code256> entry = c.entry();
          Data<Code256> data = entry.value();
          return distanceAt(data.bytes(), data.offset(), query[0], query[1], query[2], query[3]);
        }
      }
      Code256 v = map.getUsing(key, value);
      return Long.bitCount(v.getWordAt(0) ^ query[0])
          + Long.bitCount(v.getWordAt(1) ^ query[1])
          + Long.bitCount(v.getWordAt(2) ^ query[2])
          + Long.bitCount(v.getWordAt(3) ^ query[3]);
    }

    /** Distance of the code whose 32 bytes start at {@code offset} (the Code256 layout). */
    private static int distanceAt(
        RandomDataInput bytes, long offset, long q0, long q1, long q2, long q3) {
      return Long.bitCount(bytes.readLong(offset) ^ q0)
          + Long.bitCount(bytes.readLong(offset + 8) ^ q1)
          + Long.bitCount(bytes.readLong(offset + 16) ^ q2)
          + Long.bitCount(bytes.readLong(offset + 24) ^ q3);
    }

    @Override
    public long scan(long[] query) {
      final long q0 = query[0], q1 = query[1], q2 = query[2], q3 = query[3];
      final long[] sum = new long[1];
      map.forEachEntry(
          entry -> {
            Data<Code256> data = entry.value();
            sum[0] += distanceAt(data.bytes(), data.offset(), q0, q1, q2, q3);
          });
      return sum[0];
    }

    @Override
    public void close() {
      map.close();
    }
  }
}
