package org.lantern.loaders.format.images;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Walks a directory tree depth-first in sorted order: the entries of each directory sorted by
 * name ({@link String#compareTo}, so the same on every file system and locale), a subdirectory
 * walked where its name falls among its siblings. The order depends only on the names, so a
 * resumed load that skips by count skips the same files.
 *
 * <p><b>Memory.</b> Only the listings of the directories on the current path are held (one sorted
 * listing per level), never the whole tree.
 *
 * <p>Symbolic links to directories are not followed (they could make a cycle); links to files are
 * read like files. A directory that cannot be listed is reported as a {@link Step.Unlisted} step
 * in its place, and the walk goes on.
 *
 * <p>Thread-safety: not thread-safe; one thread walks.
 */
final class SortedWalk {
  /** One stop of the walk. */
  sealed interface Step {
    Path path();

    /** A file whose name {@code wanted} accepted. */
    record File(Path path) implements Step {}

    /** A directory that could not be listed, and why. */
    record Unlisted(Path path, IOException failure) implements Step {}
  }

  private static final Comparator<Path> BY_NAME = Comparator.comparing(p -> String.valueOf(p.getFileName()));

  private final Predicate<String> wanted;
  private final Deque<Iterator<Path>> open = new ArrayDeque<>();

  /**
   * @param root the directory to walk
   * @param wanted which file names to stop at
   * @throws IOException if {@code root} itself cannot be listed
   */
  SortedWalk(Path root, Predicate<String> wanted) throws IOException {
    this.wanted = wanted;
    open.push(list(root).iterator());
  }

  /** The next file or unlistable directory, or {@code null} at the end of the walk. */
  Step next() {
    while (!open.isEmpty()) {
      Iterator<Path> entries = open.peek();
      if (!entries.hasNext()) {
        open.pop();
        continue;
      }
      Path entry = entries.next();
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        try {
          open.push(list(entry).iterator());
        } catch (IOException e) {
          return new Step.Unlisted(entry, e);
        }
      } else if (wanted.test(String.valueOf(entry.getFileName())) && !Files.isDirectory(entry)) {
        return new Step.File(entry);
      }
    }
    return null;
  }

  private static List<Path> list(Path directory) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path entry : stream) {
        entries.add(entry);
      }
    } catch (RuntimeException e) {
      // DirectoryIteratorException wraps a failure met while iterating
      throw e.getCause() instanceof IOException io ? io : new IOException(e);
    }
    entries.sort(BY_NAME);
    return entries;
  }
}
