package org.lantern.loaders.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a load.
 *
 * @param tally the counts over every input, resumed parts included
 * @param seconds wall time of this run (not of an interrupted earlier one)
 * @param recordsThisRun records settled by this run, for its rate
 * @param failures one message per input that could not be read to its end (a truncated gzip
 *     stream, an unreadable file); the records before the failure were loaded
 * @param rejectFiles the reject files this load wrote to
 * @param inputs the counts of each input, in the order given (resumed parts included)
 *     <p>Thread-safety: immutable.
 */
public record LoadResult(
    LoadTally tally, double seconds, long recordsThisRun, List<String> failures, List<Path> rejectFiles, List<InputTally> inputs) {
  public LoadResult {
    failures = List.copyOf(failures);
    rejectFiles = List.copyOf(rejectFiles);
    inputs = List.copyOf(inputs);
  }

  /** One input's counts, under the name it is shown by (the path as given, or {@code <stdin>}). */
  public record InputTally(String name, LoadTally tally) {}

  public double recordsPerSecond() {
    return seconds > 0 ? recordsThisRun / seconds : 0;
  }
}
