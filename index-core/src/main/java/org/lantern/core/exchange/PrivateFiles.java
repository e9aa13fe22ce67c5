package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps a data directory private to the user that runs the exchange: the directory and every
 * directory in it {@code rwx------} (0700), every file {@code rw-------} (0600). The signal store,
 * opinions, audit log, access log and participant list must not be readable by other local users.
 *
 * <p>Java cannot set the process umask, and the libraries underneath (Chronicle Map, Lucene)
 * create their files with it. So the directory is created 0700 before anything is put in it
 * (which alone keeps other users out: they cannot enter it), and {@link #tighten} brings every
 * file in it to 0600 when the exchange opens, forces and closes, and periodically while it runs.
 * An existing directory that was wider gets a warning ({@link #create}), then is tightened.
 *
 * <p>On a file system without POSIX permissions nothing is changed and nothing is warned.
 *
 * <p>Thread-safety: stateless; concurrent calls are harmless (each sets the same modes).
 */
public final class PrivateFiles {
  /** Mode of every directory: {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  /** Mode of every file: {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} (and missing parents of it) with mode 0700, or, if it exists with a wider
   * mode, narrows it and returns a warning that says what it was.
   *
   * @return warnings for the operator, empty when all was well
   */
  public static List<String> create(Path dir) {
    List<String> warnings = new ArrayList<>();
    try {
      if (!Files.exists(dir)) {
        Files.createDirectories(dir);
        setIfPosix(dir, DIRECTORY);
        return warnings;
      }
      if (!posix(dir)) {
        return warnings;
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
      if (!DIRECTORY.containsAll(mode)) {
        warnings.add("the data directory " + dir + " was " + PosixFilePermissions.toString(mode)
            + ", readable by other local users; now rwx------ and its files rw-------."
            + " Check who read it meanwhile.");
        Files.setPosixFilePermissions(dir, DIRECTORY);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    return warnings;
  }

  /** Sets every directory under {@code dir} (itself included) to 0700 and every file to 0600. */
  public static void tighten(Path dir) {
    if (!Files.isDirectory(dir) || !posix(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          narrow(d, DIRECTORY);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile()) {
            narrow(file, FILE);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // removed meanwhile (a Lucene merge, a temporary file)
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot narrow the permissions in " + dir, e);
    }
  }

  private static void narrow(Path p, Set<PosixFilePermission> mode) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(p).equals(mode)) {
        Files.setPosixFilePermissions(p, mode);
      }
    } catch (NoSuchFileException e) {
      // removed meanwhile
    }
  }

  private static void setIfPosix(Path p, Set<PosixFilePermission> mode) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, mode);
    }
  }

  private static boolean posix(Path p) {
    return Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
  }
}
