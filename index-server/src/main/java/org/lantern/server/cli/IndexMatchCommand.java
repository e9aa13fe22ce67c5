package org.lantern.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lantern.core.hashing.Dihedral;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.ImageHasher;
import org.lantern.core.hashing.PdqDihedralHashes;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashFormatException;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.DataLayout;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.search.Match;
import org.lantern.core.search.SearchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lantern index match}: the raw perceptual-hash index of a data directory, for engineers
 * checking or measuring an index (which structure answers, what it holds). It answers with the
 * index's internal slots, not signal ids, sees every hash whatever its signal's status or
 * visibility, and is not audited: lookups of the exchange go through {@code lantern match}.
 */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Looks hashes up in the raw index of a data directory (engineers: slots, not signal ids).",
      "",
      "Reads one hex hash per line and writes one JSON line per query, in input order:",
      "  {\"query\":\"<hex>\",\"matches\":[{\"id\":\"<slot>\",\"hash\":\"<hex>\",\"distance\":3},...]}",
      "An id here is the index's internal slot: several signals sharing a hash share one slot.",
      "This bypasses the exchange: no visibility, no status, no allow-lists, no audit entry;",
      "use it to check or measure an index (--index picks the structure). For lookups, use",
      "'lantern match', which answers with signal ids as the HTTP API does.",
      "Matches are sorted by distance, then slot. A malformed line gives",
      "  {\"query\":\"...\",\"error\":\"...\"} and the others go on (exit status 2 at the end).",
      "Blank lines and # comments are skipped. --image hashes images first (directories are",
      "walked); --dihedral also matches the 7 rotations and mirrors of each image (PDQ).",
      "",
      "Example: lantern index match --data ./data --type pdq --index mih queries.txt",
      "",
      "Options:"
    })
final class IndexMatchCommand extends HashQueryOptions implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirectoryOption dataDirectory;

  @Option(names = "--type", required = true, paramLabel = "TYPE", converter = HashTypeConverter.class,
      description = "Hash type of the queries: pdq, phash or dhash.")
  HashType type;

  @Option(names = "--max-distance", paramLabel = "R",
      description = "Largest Hamming distance to report, inclusive (default: 31 for pdq, 8 for "
          + "phash and dhash).")
  Integer maxDistance;

  @Option(names = "--index", paramLabel = "INDEX", defaultValue = "auto", converter = IndexKindConverter.class,
      description = "auto (the planner chooses per query), mih, bktree or flat (default: ${DEFAULT-VALUE}).")
  IndexKind index;

  @Override
  public Integer call() throws IOException {
    Path data = dataDirectory.required(spec);
    int radius = maxDistance == null ? type.defaultMaxDistance() : maxDistance;
    if (radius < 0 || radius > type.bits()) {
      throw new IllegalArgumentException(
          "--max-distance must be in 0.." + type.bits() + " for " + type.label() + ", got " + radius);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
    Path dir = DataLayout.hashIndex(data, type);
    if (!PlannedIndex.exists(dir)) {
      throw new IllegalArgumentException(
          "no " + type.label() + " index in " + data + " (load hashes first: lantern load --data "
              + data + " --type " + type.label() + " FILE)");
    }
    if (images != null && input != null) {
      throw new IllegalArgumentException("give either --image or a query FILE, not both");
    }
    if (dihedral && (images == null || type != HashType.PDQ)) {
      throw new IllegalArgumentException("--dihedral goes with --image and --type pdq");
    }
    if (images != null) {
      return matchImages(dir, radius);
    }
    if (input == null) {
      input = "-";
    }
    boolean fromStdin = input.equals("-");
    if (!fromStdin && !Files.isRegularFile(Path.of(input))) {
      throw new IllegalArgumentException("no such file: " + input);
    }
    long queries = 0;
    long errors = 0;
    long matched = 0;
    try (PlannedIndex planned = PlannedIndex.openReadOnly(dir, type.bits());
        BufferedReader reader = fromStdin
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        JsonGenerator json = JsonLines.open(spec)) {
      if (planned.structures().isEmpty() && index != IndexKind.AUTO && index != IndexKind.FLAT) {
        throw new IllegalArgumentException(dir + " maintains only the flat index");
      }
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String text = line.strip();
        if (text.isEmpty() || text.charAt(0) == '#') {
          continue;
        }
        queries++;
        json.writeStartObject();
        json.writeStringField("query", text);
        try {
          SearchResult result = planned.search(parse(text), limit, radius, index);
          writeMatches(json, result.matches(), null);
          matched += result.matches().isEmpty() ? 0 : 1;
        } catch (HashFormatException | QueryException e) {
          errors++;
          json.writeStringField("error", e.getMessage());
        }
        json.writeEndObject();
        json.writeRaw('\n');
        if (fromStdin) {
          json.flush(); // an interactive pipeline waits for each answer
        }
      }
    }
    var err = spec.commandLine().getErr();
    err.printf("%d queries, %d with matches, %d malformed. A match is a lead for investigation, "
        + "not evidence.%n", queries, matched, errors);
    return errors == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  private static void writeMatches(JsonGenerator json, List<Match> matches, Map<Long, Dihedral> transforms)
      throws IOException {
    json.writeArrayFieldStart("matches");
    for (Match match : matches) {
      json.writeStartObject();
      json.writeStringField("id", Long.toString(match.id()));
      json.writeStringField("hash", match.hash().toHex());
      json.writeNumberField("distance", match.distance());
      if (transforms != null) {
        json.writeStringField("transform", transforms.get(match.id()).label());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Hashes each image (all 8 variants with --dihedral) and writes its matches. */
  private int matchImages(Path dir, int radius) throws IOException {
    ImageDecoder decoder = new ImageDecoder();
    long failed = 0;
    long matched = 0;
    List<Path> files = ImageFiles.expand(images);
    try (PlannedIndex planned = PlannedIndex.openReadOnly(dir, type.bits());
        JsonGenerator json = JsonLines.open(spec)) {
      for (Path file : files) {
        json.writeStartObject();
        json.writeStringField("image", file.toString());
        BufferedImage image;
        try {
          image = decoder.decode(file);
        } catch (ImageDecodeException e) {
          failed++;
          json.writeStringField("error", e.getMessage());
          json.writeEndObject();
          json.writeRaw('\n');
          continue;
        }
        List<Match> matches;
        Map<Long, Dihedral> transforms = null;
        if (type == HashType.PDQ) {
          PdqDihedralHashes variants = dihedral ? PdqHasher.INSTANCE.hashDihedral(image) : null;
          PdqHash original = dihedral ? variants.pdq(Dihedral.ORIGINAL) : PdqHasher.INSTANCE.hash(image);
          json.writeStringField("query", original.hash().toHex());
          json.writeNumberField("quality", original.quality());
          if (dihedral) {
            transforms = new HashMap<>();
            matches = matchVariants(planned, variants, radius, transforms);
          } else {
            matches = planned.search(original.hash(), limit, radius, index).matches();
          }
        } else {
          Hash hash = ImageHasher.forType(type).hashBits(image);
          json.writeStringField("query", hash.toHex());
          matches = planned.search(hash, limit, radius, index).matches();
        }
        writeMatches(json, matches, transforms);
        matched += matches.isEmpty() ? 0 : 1;
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    spec.commandLine().getErr().printf("%d images, %d with matches, %d could not be read. A match is a "
        + "lead for investigation, not evidence.%n", files.size(), matched, failed);
    return failed == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  /**
   * The nearest stored hashes to any of the 8 variants: each id once, at its smallest distance
   * (the first variant in reference order on a tie), sorted by distance then id.
   */
  private List<Match> matchVariants(
      PlannedIndex planned, PdqDihedralHashes variants, int radius, Map<Long, Dihedral> transforms) {
    Map<Long, Match> best = new HashMap<>();
    for (Dihedral transform : Dihedral.values()) {
      for (Match match : planned.search(variants.get(transform), limit, radius, index).matches()) {
        Match previous = best.get(match.id());
        if (previous == null || match.distance() < previous.distance()) {
          best.put(match.id(), match);
          transforms.put(match.id(), transform);
        }
      }
    }
    List<Match> merged = new ArrayList<>(best.values());
    merged.sort(Comparator.comparingInt(Match::distance).thenComparingLong(Match::id));
    return merged.size() > limit ? merged.subList(0, limit) : merged;
  }

  /** Parses a query line: a bare hex hash, or '<type> <hex>' with this command's type. */
  private Hash parse(String text) throws QueryException {
    String hex = text;
    int space = text.indexOf(' ');
    if (space < 0) {
      space = text.indexOf('\t');
    }
    if (space > 0) {
      String label = text.substring(0, space);
      if (!label.equalsIgnoreCase(type.label())) {
        throw new QueryException("expected a " + type.label() + " hash, got type '" + label + "'");
      }
      hex = text.substring(space).strip();
    }
    return Hash.parseHex(hex, type.bits());
  }

  /** A query line that is not a hash of this command's type. */
  private static final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;

    QueryException(String message) {
      super(message, null, false, false);
    }
  }
}
