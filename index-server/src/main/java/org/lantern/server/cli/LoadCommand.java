package org.lantern.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.loaders.hashlist.HashLoader;
import org.lantern.loaders.hashlist.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lantern load}: bulk-loads hash lists into a data directory. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Loads perceptual hashes into the data directory's per-type indexes.",
      "Each line is a bare hex hash or '<type> <hex>' (python-threatexchange local files);",
      "blank lines and # comments are skipped. A bad line is reported as FILE:LINE: reason",
      "on stderr and skipped. A hash already stored is not added again.",
      "Exit status: 0 when every line loaded, 2 when any line was rejected.",
      "",
      "Example: lantern load --data ./data --type pdq hashes.txt"
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Data directory (created if missing).")
  Path data;

  @Option(names = "--type", paramLabel = "TYPE", converter = HashTypeConverter.class,
      description = "Type of bare hashes: pdq, phash or dhash (default: pdq for 64-digit hashes; "
          + "16-digit hashes need it).")
  HashType type;

  @Option(names = "--capacity", paramLabel = "N",
      description = "Expected number of hashes when an index is created (sizes its substrings); "
          + "default: the larger of 1000000 and the input's line count.")
  Long capacity;

  @Option(names = "--structures", paramLabel = "LIST", split = ",", converter = IndexKindConverter.class,
      description = "Search structures of an index this load creates, e.g. mih,bktree "
          + "(default: mih; the flat scan is always there).")
  IndexKind[] structures;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "8192",
      description = "Hashes per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Hash list files ('-' for stdin).")
  List<String> files;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    long started = System.nanoTime();
    long[] rejectedLines = {0};
    HashLoader.RejectSink sink = (source, line, reason) -> {
      rejectedLines[0]++;
      err.println(source + ":" + line + ": " + reason);
    };
    LoadReport report;
    try (HashLoader loader = new HashLoader(data, type, options(), batch, sink)) {
      for (String file : files) {
        if (file.equals("-")) {
          loader.load(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), "<stdin>");
        } else {
          Path path = Path.of(file);
          if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file: " + file);
          }
          loader.load(path);
        }
      }
      loader.flush();
      report = loader.report((System.nanoTime() - started) / 1e9);
    }
    err.println(report.summary());
    return report.rejected() == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  private IndexOptions options() throws java.io.IOException {
    long expected = capacity();
    if (structures == null) {
      return IndexOptions.defaults(expected);
    }
    return new IndexOptions(expected, java.util.EnumSet.copyOf(java.util.Arrays.asList(structures)), 0);
  }

  private long capacity() throws java.io.IOException {
    if (capacity != null) {
      if (capacity < 1) {
        throw new IllegalArgumentException("--capacity must be at least 1, got " + capacity);
      }
      return capacity;
    }
    long bytes = 0;
    for (String file : files) {
      Path path = Path.of(file);
      if (!file.equals("-") && Files.isRegularFile(path)) {
        bytes += Files.size(path);
      }
    }
    long lines = bytes / (HashType.PDQ.hexDigits() + 1); // a PDQ line is 65 bytes
    return Math.max(IndexOptions.DEFAULT_CAPACITY, lines);
  }
}
