package org.lantern.core.synth;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashFormatException;

/**
 * The plain hash file every benchmark tool reads: one hash per line as lower-case hex (16 digits
 * for 64 bits, 64 for 256), {@code \n} after every line, nothing else — no header, no blank lines,
 * no comments — so that {@code numpy}, {@code wc -l} and {@code lantern load} agree on what is in
 * it.
 *
 * <p>Thread-safety: stateless.
 */
public final class HashFiles {
  private HashFiles() {}

  /** Writes {@code count} packed hashes of {@code bits} bits to {@code file}, replacing it. */
  public static void write(Path file, long[] packed, int count, int bits) throws IOException {
    int words = bits / 64;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < count; i++) {
        out.write(Hash.toHex(packed, i * words, words));
        out.write('\n');
      }
    }
  }

  /**
   * Reads a hash file, taking the width from the first line (16 or 64 hex digits).
   *
   * @throws IllegalArgumentException naming the file and line of the first bad line
   */
  public static Loaded read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String first = in.readLine();
      if (first == null) {
        throw new IllegalArgumentException(file + ": empty hash file");
      }
      int bits = switch (first.length()) {
        case 16 -> 64;
        case 64 -> 256;
        default -> throw new IllegalArgumentException(file + ":1: expected 16 or 64 hex digits "
            + "(a 64- or 256-bit hash), got " + first.length() + " characters");
      };
      int words = bits / 64;
      long[] packed = new long[1024 * words];
      int count = 0;
      for (String line = first; line != null; line = in.readLine()) {
        if (count == Integer.MAX_VALUE / words) {
          throw new IllegalArgumentException(file + ": more than " + count + " hashes");
        }
        if ((count + 1) * words > packed.length) {
          packed = Arrays.copyOf(packed, (int) Math.min((long) packed.length * 2, Integer.MAX_VALUE - 8));
        }
        try {
          Hash.parseHexInto(line, bits, packed, count * words);
        } catch (HashFormatException e) {
          throw new IllegalArgumentException(
              file + ":" + (count + 1) + ": " + e.getMessage() + " (every line must be one "
                  + bits + "-bit hash, like line 1)", e);
        }
        count++;
      }
      return new Loaded(bits, count, Arrays.copyOf(packed, count * words));
    }
  }

  /**
   * A read hash file.
   *
   * <p>Thread-safety: the array is shared, not copied (files can hold 10M hashes); do not modify.
   *
   * @param bits width, 64 or 256
   * @param count number of hashes
   * @param packed the hashes, {@code bits / 64} words each
   */
  public record Loaded(int bits, int count, long[] packed) {}
}
