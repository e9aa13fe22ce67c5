package org.lantern.core.signal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantern.core.store.StoreFormatException;

/**
 * The stored byte form of a {@link StoredSignal}: a format byte, then the fields in declaration
 * order (strings as modified UTF-8 with a 16-bit length, times as epoch milliseconds, a missing
 * expiry as {@link Long#MIN_VALUE}, lists as a 16-bit count then their strings). The id is the map
 * key and is not repeated.
 *
 * <p>Thread-safety: stateless.
 */
final class SignalCodec {
  static final byte FORMAT = 1;
  private static final long NO_EXPIRY = Long.MIN_VALUE;

  private SignalCodec() {}

  static byte[] encode(StoredSignal stored) {
    Signal s = stored.signal();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + s.value().length() + s.note().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(s.type().code());
      out.writeUTF(s.value());
      out.writeUTF(s.contributor());
      writeList(out, s.categories());
      out.writeUTF(s.note());
      out.writeLong(s.created().toEpochMilli());
      out.writeLong(s.updated().toEpochMilli());
      out.writeLong(s.expires() == null ? NO_EXPIRY : s.expires().toEpochMilli());
      out.writeByte(s.status().ordinal());
      writeList(out, s.derivedFrom());
      writeList(out, s.visibility());
      out.writeLong(s.sequence());
      out.writeLong(stored.ordinal());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  static StoredSignal decode(String id, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new StoreFormatException("signal " + id + " has record format " + format + ", expected " + FORMAT);
      }
      SignalType type = SignalType.fromCode(in.readByte());
      String value = in.readUTF();
      String contributor = in.readUTF();
      List<String> categories = readList(in);
      String note = in.readUTF();
      Instant created = Instant.ofEpochMilli(in.readLong());
      Instant updated = Instant.ofEpochMilli(in.readLong());
      long expiresMillis = in.readLong();
      Instant expires = expiresMillis == NO_EXPIRY ? null : Instant.ofEpochMilli(expiresMillis);
      int status = in.readByte();
      if (status < 0 || status >= SignalStatus.values().length) {
        throw new StoreFormatException("signal " + id + " has unknown status code " + status);
      }
      List<String> derivedFrom = readList(in);
      List<String> visibility = readList(in);
      long sequence = in.readLong();
      long ordinal = in.readLong();
      Signal signal =
          new Signal(
              id, type, value, contributor, categories, note, created, updated, expires,
              SignalStatus.values()[status], derivedFrom, visibility, sequence);
      return new StoredSignal(signal, ordinal);
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreFormatException("signal " + id + " has a damaged record: " + e.getMessage());
    }
  }

  private static void writeList(DataOutputStream out, List<String> values) throws IOException {
    out.writeShort(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.readUTF());
    }
    return out;
  }
}
