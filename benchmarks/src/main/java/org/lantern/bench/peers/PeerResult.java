package org.lantern.bench.peers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the peer comparison: one index of one tool on one data set and query file. Both the
 * Java runner ({@link LanternPeers}) and the FAISS script ({@code benchmarks/peers/faiss_peers.py})
 * append these as JSON lines (snake_case fields) to the same file; {@link PeerTable} reads them.
 *
 * <p>Thread-safety: immutable.
 *
 * @param tool "lantern", "java" (the plain scan) or "faiss"
 * @param index the index and its configuration, e.g. "MultiHash 16x16 nflip=1"
 * @param dataset the data file's name
 * @param n stored hashes
 * @param bits hash width
 * @param radius the range query's radius (inclusive)
 * @param buildSeconds time to build the index from the packed hashes
 * @param memoryMib what the index holds: mapped file bytes (Lantern), the array (scan) or the
 *     growth of the resident set during the build (FAISS)
 * @param queries timed queries
 * @param p50Us median latency per query, microseconds
 * @param p99Us 99th percentile latency per query, microseconds
 * @param meanUs mean latency per query, microseconds
 * @param recall found true matches / all true matches (the scan's answers), over all timed
 *     queries; 1.0 when there are none
 * @param note anything a reader needs to interpret the row (may be null)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerResult(
    String tool,
    String index,
    String dataset,
    int n,
    int bits,
    int radius,
    double buildSeconds,
    double memoryMib,
    int queries,
    double p50Us,
    double p99Us,
    double meanUs,
    double recall,
    String note) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** "tool index", the row's label. */
  public String label() {
    return tool + " " + index;
  }

  /** This result as one JSON line (no line break). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends this result to a JSON-lines file. */
  public void appendTo(Path file) throws IOException {
    Files.writeString(file, toJson() + "\n", java.nio.charset.StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  /**
   * Reads every result of a JSON-lines file.
   *
   * @throws IllegalArgumentException naming the file and line of a line that is not a result
   */
  public static List<PeerResult> readAll(Path file) throws IOException {
    List<PeerResult> results = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        results.add(JSON.readValue(line, PeerResult.class));
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ":" + number + ": not a peer result: " + e.getMessage(), e);
      }
    }
    return results;
  }
}
