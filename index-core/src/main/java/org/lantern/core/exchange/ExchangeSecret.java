package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.lantern.core.store.StoreFormatException;

/**
 * The exchange secret: 256 random bits, the HMAC key behind signal ids and account-identifier
 * keys. Kept in {@code <data>/secret.key} as hex, created on first start readable by the owner
 * only. Losing it makes every stored account key and id unreproducible, so it is never rotated
 * implicitly: a data directory whose secret file is missing but which holds signals refuses to
 * open (see {@link Exchange}).
 *
 * <p>Thread-safety: static methods, no shared state.
 */
final class ExchangeSecret {
  static final String FILE = "secret.key";
  private static final int BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private ExchangeSecret() {}

  static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve(FILE));
  }

  /** Reads the secret file, creating it with a fresh secret if absent. */
  static byte[] loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        byte[] text = (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
          writeOwnerOnly(file, text);
          return secret;
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: read theirs
        }
      }
      String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        byte[] secret = HexFormat.of().parseHex(hex);
        if (secret.length < 16) {
          throw new StoreFormatException(file + " holds a secret of " + secret.length + " bytes; at least 16 expected");
        }
        return secret;
      } catch (IllegalArgumentException e) {
        throw new StoreFormatException(file + " does not hold a hex secret");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the exchange secret " + file, e);
    }
  }

  /** Creates {@code file} with {@code bytes}, owner read/write only from the first byte on. */
  static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.write(
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY)),
          bytes,
          StandardOpenOption.WRITE);
    } else {
      Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }
}
