package org.lantern.server.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every hash-lookup command reads its queries with ({@code lantern match} and {@code
 * lantern index match}): a query file or standard input, or images to hash first, and how many
 * matches per query. A superclass rather than a mixin so that the commands keep reading them as
 * their own fields.
 *
 * <p>Thread-safety: one instance per command line.
 */
abstract class HashQueryOptions {
  @Option(names = "--limit", paramLabel = "K", defaultValue = "100",
      description = "At most K matches per query, the nearest (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--image", paramLabel = "IMAGE", arity = "1..*",
      description = "Hash these image files (or directories of images) and match the hashes.")
  List<String> images;

  @Option(names = "--dihedral", description = "With --image and pdq: match all 8 rotations and mirrors.")
  boolean dihedral;

  @Parameters(paramLabel = "FILE", arity = "0..1",
      description = "Query file, or '-' for standard input (the default without --image).")
  String input;
}
