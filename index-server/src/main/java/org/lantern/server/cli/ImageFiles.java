package org.lantern.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands command-line arguments into image files: a file stands for itself (whatever its name),
 * a directory for the image files below it (by extension), in a stable sorted order.
 */
final class ImageFiles {
  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  private ImageFiles() {}

  static List<Path> expand(List<String> arguments) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String argument : arguments) {
      Path path = Path.of(argument);
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(ImageFiles::looksLikeImage).sorted().forEach(files::add);
        }
      } else {
        files.add(path); // named explicitly: try it, and report it if it is not an image
      }
    }
    return files;
  }

  private static boolean looksLikeImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
