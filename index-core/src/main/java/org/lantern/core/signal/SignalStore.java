package org.lantern.core.signal;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The durable record of every signal, keyed by id: Chronicle Map generations in {@code
 * <data>/signals/}. This is the exchange's source of truth; the Hamming, digest and text indexes
 * are derived from it and can be brought back in line with it after a crash (see {@link
 * ChangeLog}).
 *
 * <p>Thread-safety: reads from any thread; writes serialized by the caller (one writer).
 */
public final class SignalStore implements AutoCloseable {
  /** A signal record's typical size in bytes, used to size the maps (measured: 120-400). */
  private static final int AVERAGE_RECORD_BYTES = 256;

  private final ChronicleGenerations maps;

  private SignalStore(ChronicleGenerations maps) {
    this.maps = maps;
  }

  /**
   * Opens the store in {@code dir}, creating it if needed.
   *
   * @param entriesPerGeneration planned signals of the first map; later ones double
   * @param recover true after an unclean shutdown: every map is opened with Chronicle's recovery
   */
  public static SignalStore open(Path dir, long entriesPerGeneration, boolean recover) {
    return new SignalStore(
        new ChronicleGenerations(
            dir, "signals", entriesPerGeneration, SignalIds.BYTES, AVERAGE_RECORD_BYTES, recover));
  }

  /** The record of {@code id} (binary form), or {@code null}. */
  public StoredSignal get(byte[] id) {
    byte[] bytes = maps.get(id);
    return bytes == null ? null : SignalCodec.decode(SignalIds.encode(id), bytes);
  }

  /** The record of {@code id} (text form), or {@code null} when absent or not an id. */
  public StoredSignal get(String id) {
    byte[] binary = SignalIds.tryDecode(id);
    return binary == null ? null : get(binary);
  }

  /** Stores (creates or replaces) a record. Writer only. */
  public void put(StoredSignal stored) {
    put(stored, SignalIds.decode(stored.signal().id()));
  }

  /** As {@link #put(StoredSignal)}, with the id already in binary form. Writer only. */
  public void put(StoredSignal stored, byte[] binaryId) {
    maps.put(binaryId, SignalCodec.encode(stored));
  }

  /**
   * Stores the record of a signal the caller has just found absent (no {@link #get} since found
   * it): goes straight to the newest map, skipping the search of older ones. Writer only.
   */
  public void putNew(StoredSignal stored, byte[] binaryId) {
    maps.putAbsent(binaryId, SignalCodec.encode(stored));
  }

  /** Every record, in no particular order. */
  public void forEach(Consumer<StoredSignal> action) {
    maps.forEach((key, value) -> action.accept(SignalCodec.decode(SignalIds.encode(key), value)));
  }

  /** Records of any status. */
  public long size() {
    return maps.size();
  }

  /** Chronicle Map generations in use. */
  public int generations() {
    return maps.generationCount();
  }

  /** Fill level of the newest generation (0..~1; a new one is opened at 1). */
  public double fillLevel() {
    return maps.fillLevel();
  }

  @Override
  public void close() {
    maps.close();
  }
}
