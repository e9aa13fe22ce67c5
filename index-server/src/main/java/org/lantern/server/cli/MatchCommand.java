package org.lantern.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.Matches;
import org.lantern.core.hash.HashType;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;
import org.lantern.server.lookup.ImageMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lantern match}: looks hashes and images up in the exchange of a data directory, as a
 * participant, through the same {@link Exchange} calls as {@code GET /v1/match/pdq/{hex}} and
 * {@code POST /v1/match/image}: the answers have the same fields (signal ids, one result per
 * signal, the lead-not-evidence note), visibility and allow-lists apply, and every lookup is in
 * the audit log. The raw index lookup is {@code lantern index match}.
 *
 * <p>Thread-safety: one run per instance.
 */
@Command(
    name = "match",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Looks hashes or images up in the exchange, as a participant (JSON lines).",
      "",
      "Reads one hash per line (FILE, or standard input) and writes, in input order, what",
      "GET /v1/match/pdq/<hex> answers: {\"query\":...,\"canonical\":...,\"matches\":[{\"id\":<signal id>,",
      "\"type\",\"hash\",\"kind\",\"distance\",\"categories\",\"contributor\",\"created\",\"opinion\",...}],",
      "\"suppressed\":N,\"note\":\"A match is a lead for investigation, not evidence.\"}.",
      "Each matching signal is one match, nearest first. A malformed line gives",
      "{\"query\":...,\"error\":{\"code\",\"message\",\"field\"}} and the others go on (exit status 2).",
      "With --image, hashes the images (directories are walked) and writes what",
      "POST /v1/match/image answers, with \"image\":<file> first; --dihedral (PDQ) also matches",
      "the 7 rotations and mirrors, and each match names the one that found it (\"transform\").",
      "Every lookup is recorded in the audit log, as the --as participant (default: the local",
      "operator, who sees every signal). Blank lines and # comments are skipped.",
      "",
      "Examples: lantern match --type pdq queries.txt",
      "          lantern match --as acme --type pdq --max-distance 20 - < queries.txt",
      "          lantern match --type pdq --dihedral --image upload.jpg",
      "",
      "Options:"
    })
final class MatchCommand extends HashQueryOptions implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ExchangeOptions exchangeOptions;

  @Mixin ParticipantOption participant;

  @Option(names = "--type", defaultValue = "pdq", paramLabel = "TYPE",
      description = "Hash type of the queries: pdq, phash, dhash, md5, sha1 or sha256 (default: ${DEFAULT-VALUE}).")
  String typeLabel;

  @Option(names = "--max-distance", paramLabel = "R",
      description = "Largest Hamming distance, inclusive (default: 31 for pdq, 8 for phash and dhash).")
  Integer maxDistance;

  @Override
  public Integer call() throws IOException {
    SignalType type = hashType();
    int bits = type.family() == SignalType.Family.PERCEPTUAL ? type.hashType().bits() : 0;
    int radius = maxDistance == null ? (bits == 0 ? 0 : type.hashType().defaultMaxDistance()) : maxDistance;
    if (bits > 0 && (radius < 0 || radius > bits)) {
      throw new IllegalArgumentException("--max-distance must be in 0.." + bits + " for " + type.label() + ", got " + radius);
    }
    if (limit < 1 || limit > Exchange.MAX_LIMIT) {
      throw new IllegalArgumentException("--limit must be in 1.." + Exchange.MAX_LIMIT + ", got " + limit);
    }
    if (images != null && input != null) {
      throw new IllegalArgumentException("give either --image or a query FILE, not both");
    }
    if (images != null && bits == 0) {
      throw new IllegalArgumentException("--image needs a perceptual --type: pdq, phash or dhash");
    }
    if (dihedral && (images == null || type != SignalType.PDQ)) {
      throw new IllegalArgumentException("--dihedral goes with --image and --type pdq");
    }
    String source = input == null ? "-" : input;
    if (images == null && !source.equals("-") && !Files.isRegularFile(Path.of(source))) {
      throw new IllegalArgumentException("no such file: " + source);
    }
    try (Exchange exchange = exchangeOptions.open()) {
      Caller caller = participant.caller(exchange);
      return images != null
          ? matchImages(exchange, caller, type.hashType(), radius)
          : matchLines(exchange, caller, type, radius, source);
    }
  }

  private SignalType hashType() {
    SignalType type;
    try {
      type = SignalType.fromLabel(typeLabel);
    } catch (SignalRejectedException e) {
      type = null;
    }
    if (type == null || (type.family() != SignalType.Family.PERCEPTUAL && type.family() != SignalType.Family.DIGEST)) {
      throw new IllegalArgumentException(
          "--type must be a hash type: pdq, phash, dhash, md5, sha1 or sha256, got '" + typeLabel + "'");
    }
    return type;
  }

  /** One answer per query line, as {@code GET /v1/match/pdq/{hex}} gives it. */
  private int matchLines(Exchange exchange, Caller caller, SignalType type, int radius, String source) throws IOException {
    boolean fromStdin = source.equals("-");
    long queries = 0;
    long errors = 0;
    long matched = 0;
    try (BufferedReader reader = fromStdin
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8);
        JsonGenerator json = JsonLines.open(spec)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String text = line.strip();
        if (text.isEmpty() || text.charAt(0) == '#') {
          continue;
        }
        queries++;
        try {
          String hex = withoutTypeLabel(text, type);
          Matches m = type.family() == SignalType.Family.PERCEPTUAL
              ? exchange.matchHash(caller, type, hex, radius, limit)
              : exchange.matchExact(caller, type, hex, limit);
          SignalJson.writeMatches(json, m);
          matched += m.matches().isEmpty() ? 0 : 1;
        } catch (SignalRejectedException e) {
          errors++;
          SignalsCommand.writeError(json, "query", text, e);
        }
        json.writeRaw('\n');
        if (fromStdin) {
          json.flush(); // an interactive pipeline waits for each answer
        }
      }
    }
    spec.commandLine().getErr().printf("%d queries, %d with matches, %d malformed. %s%n",
        queries, matched, errors, Exchange.LEAD_NOTE);
    return errors == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  /** A query line is a bare hash, or {@code <type> <hash>} naming this command's type. */
  private static String withoutTypeLabel(String text, SignalType type) {
    int space = text.indexOf(' ');
    if (space < 0) {
      space = text.indexOf('\t');
    }
    if (space < 0) {
      return text;
    }
    String label = text.substring(0, space);
    if (!label.equalsIgnoreCase(type.label())) {
      throw new SignalRejectedException("invalid_type", "type",
          "expected a " + type.label() + " hash, got type '" + label + "'");
    }
    return text.substring(space).strip();
  }

  /** One answer per image, as {@code POST /v1/match/image} gives it, with the file first. */
  private int matchImages(Exchange exchange, Caller caller, HashType type, int radius) throws IOException {
    ImageDecoder decoder = new ImageDecoder();
    long failed = 0;
    long matched = 0;
    List<Path> files = ImageFiles.expand(images);
    try (JsonGenerator json = JsonLines.open(spec)) {
      for (Path file : files) {
        json.writeStartObject();
        json.writeStringField("image", file.toString());
        BufferedImage image;
        try {
          image = decoder.decode(file);
        } catch (ImageDecodeException e) {
          failed++;
          json.writeObjectFieldStart("error");
          json.writeStringField("code", "invalid_image");
          json.writeStringField("message", e.getMessage());
          json.writeStringField("field", "image");
          json.writeEndObject();
          json.writeEndObject();
          json.writeRaw('\n');
          continue;
        }
        ImageMatch found = ImageMatch.of(exchange, caller, image, type, dihedral, radius, limit);
        found.writeFields(json);
        matched += found.matches().isEmpty() ? 0 : 1;
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    spec.commandLine().getErr().printf("%d images, %d with matches, %d could not be read. %s%n",
        files.size(), matched, failed, Exchange.LEAD_NOTE);
    return failed == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }
}
