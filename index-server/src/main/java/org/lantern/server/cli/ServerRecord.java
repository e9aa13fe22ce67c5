package org.lantern.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code DATA/server.url}: where the server that holds a data directory listens, and its process
 * id, written by {@code lantern serve} once it is up (owner-only, replaced atomically) and removed
 * when it stops. A command that finds the directory held uses it to say how to reach that server
 * instead, or how to stop it. A record left by a killed server names a process that is gone, and
 * is ignored.
 *
 * <p>Thread-safety: stateless; the file is replaced atomically.
 */
record ServerRecord(String url, long pid) {
  static final String FILE = "server.url";

  /** Records {@code url} and this process for {@code data}. */
  static void write(Path data, String url) throws IOException {
    Path tmp = data.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, url + "\n" + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, data.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the record if it is this process's. */
  static void remove(Path data) {
    read(data).filter(r -> r.pid() == ProcessHandle.current().pid()).ifPresent(r -> {
      try {
        Files.deleteIfExists(data.resolve(FILE));
      } catch (IOException e) {
        // a stale record is ignored by readers: its process is gone
      }
    });
  }

  /** The server recorded for {@code data}, if its process is still alive. */
  static Optional<ServerRecord> read(Path data) {
    try {
      List<String> lines = Files.readAllLines(data.resolve(FILE), StandardCharsets.UTF_8);
      if (lines.size() < 2) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(1).strip());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(new ServerRecord(lines.get(0).strip(), pid)) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
