package org.lantern.core.signal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Exact lookup of cryptographic file digests (MD5, SHA-1, SHA-256): digest → ids of the active
 * signals carrying it (several contributors may share one file). Chronicle Map generations in
 * {@code <data>/digests/}; the key is the type's code followed by the digest's bytes, zero-padded
 * to 33 bytes so that keys have one size; the value is the ids' binary forms, concatenated.
 *
 * <p>Like the other indexes it is derived from the signal store: {@link #add} and {@link #remove}
 * are idempotent so that the change log can be re-applied after a crash.
 *
 * <p>Thread-safety: reads from any thread; writes serialized by the caller.
 */
public final class DigestIndex implements AutoCloseable {
  private static final int KEY_BYTES = 33;

  private final ChronicleGenerations maps;

  private DigestIndex(ChronicleGenerations maps) {
    this.maps = maps;
  }

  public static DigestIndex open(Path dir, long entriesPerGeneration, boolean recover) {
    return new DigestIndex(
        new ChronicleGenerations(dir, "digests", entriesPerGeneration, KEY_BYTES, SignalIds.BYTES, recover));
  }

  /** Records that signal {@code id} carries digest {@code hex} of {@code type}; no-op if it does. */
  public void add(SignalType type, String hex, byte[] id) {
    byte[] key = key(type, hex);
    byte[] ids = maps.get(key);
    if (ids == null) {
      maps.put(key, id.clone());
    } else if (indexOf(ids, id) < 0) {
      byte[] grown = Arrays.copyOf(ids, ids.length + SignalIds.BYTES);
      System.arraycopy(id, 0, grown, ids.length, SignalIds.BYTES);
      maps.put(key, grown);
    }
  }

  /** Forgets that signal {@code id} carries the digest; no-op if it does not. */
  public void remove(SignalType type, String hex, byte[] id) {
    byte[] key = key(type, hex);
    byte[] ids = maps.get(key);
    int at = ids == null ? -1 : indexOf(ids, id);
    if (at < 0) {
      return;
    }
    if (ids.length == SignalIds.BYTES) {
      maps.remove(key);
      return;
    }
    byte[] shrunk = new byte[ids.length - SignalIds.BYTES];
    System.arraycopy(ids, 0, shrunk, 0, at);
    System.arraycopy(ids, at + SignalIds.BYTES, shrunk, at, ids.length - at - SignalIds.BYTES);
    maps.put(key, shrunk);
  }

  /** Ids (binary) of the signals carrying digest {@code hex}, in the order they were added. */
  public List<byte[]> find(SignalType type, String hex) {
    byte[] ids = maps.get(key(type, hex));
    if (ids == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(ids.length / SignalIds.BYTES);
    for (int at = 0; at < ids.length; at += SignalIds.BYTES) {
      out.add(Arrays.copyOfRange(ids, at, at + SignalIds.BYTES));
    }
    return out;
  }

  /** Distinct digests held. */
  public long size() {
    return maps.size();
  }

  private static int indexOf(byte[] ids, byte[] id) {
    for (int at = 0; at < ids.length; at += SignalIds.BYTES) {
      if (Arrays.equals(ids, at, at + SignalIds.BYTES, id, 0, SignalIds.BYTES)) {
        return at;
      }
    }
    return -1;
  }

  /** The key of a canonical (lower-case, right-length) digest. */
  private static byte[] key(SignalType type, String hex) {
    if (type.family() != SignalType.Family.DIGEST || hex.length() != type.digestHexDigits()) {
      throw new IllegalArgumentException(type.label() + " digest expected, got '" + hex + "'");
    }
    byte[] key = new byte[KEY_BYTES];
    key[0] = type.code();
    byte[] digest = HexFormat.of().parseHex(hex);
    System.arraycopy(digest, 0, key, 1, digest.length);
    return key;
  }

  @Override
  public void close() {
    maps.close();
  }
}
