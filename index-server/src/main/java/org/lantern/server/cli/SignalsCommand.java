package org.lantern.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.exchange.SubmitResult;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lantern signals add|get|retract|match|verify}: the exchange's signal operations on a
 * data directory, through the same {@link Exchange} facade the HTTP API uses. Answers are JSON
 * lines on stdout, one per value; problems with single values are in the JSON (and set exit status
 * 2); problems with the command are one line on stderr.
 */
@Command(
    name = "signals",
    mixinStandardHelpOptions = true,
    description = "Adds, reads, retracts and matches signals in a data directory.",
    subcommands = {
      SignalsCommand.Add.class,
      SignalsCommand.Get.class,
      SignalsCommand.Retract.class,
      SignalsCommand.MatchValues.class,
      SignalsCommand.Verify.class
    })
final class SignalsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: add, get, retract, match or verify");
  }

  /** {@code {"<key>": "<value>", "error": {...}}}: one value's failure, as one JSON line's object. */
  static void writeError(JsonGenerator json, String key, String value, SignalRejectedException e) throws IOException {
    json.writeStartObject();
    json.writeStringField(key, value);
    json.writeFieldName("error");
    SignalJson.writeErrorBody(json, e, null);
    json.writeEndObject();
  }

  /** The values from the arguments, or one per line from stdin for "-". */
  static List<String> values(List<String> given) throws IOException {
    List<String> out = new ArrayList<>();
    for (String value : given) {
      if (value.equals("-")) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            out.add(line);
          }
        }
      } else {
        out.add(value);
      }
    }
    return out;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {
        "Submits signals of one type; prints one JSON result per value (created, updated,",
        "unchanged or rejected with the reason). Exit status 2 if any was rejected.",
        "",
        "Example: lantern signals add --as mega --type url --category csam https://bad.example/x"
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Mixin ParticipantOption participant;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Signal type: pdq, phash, dhash, md5, sha1, sha256, url, keyword, username, email.")
    String type;

    @Option(names = "--category", paramLabel = "C", description = "A category (repeatable): csam, grooming, sextortion, trade, ncii, or configured ones.")
    List<String> categories = new ArrayList<>();

    @Option(names = "--note", paramLabel = "TEXT", description = "A note for investigators.")
    String note;

    @Option(names = "--expires", paramLabel = "TIME", description = "When to stop matching, ISO-8601 UTC (2027-01-01T00:00:00Z).")
    String expires;

    @Option(names = "--derived-from", paramLabel = "ID", description = "Id of a signal that led to these (repeatable).")
    List<String> derivedFrom = new ArrayList<>();

    @Option(names = "--visibility", paramLabel = "PARTICIPANT", description = "A participant allowed to see these (repeatable; default: all).")
    List<String> visibility = new ArrayList<>();

    @Parameters(paramLabel = "VALUE", arity = "1..*", description = "Values ('-' reads one per line from stdin).")
    List<String> given;

    @Override
    public Integer call() throws IOException {
      participant.require();
      Instant expiry = null;
      if (expires != null) {
        try {
          expiry = Instant.parse(expires);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("--expires: expected an ISO-8601 UTC time such as 2027-01-01T00:00:00Z, got '" + expires + "'");
        }
      }
      List<SignalSubmission> batch = new ArrayList<>();
      for (String value : values(given)) {
        batch.add(new SignalSubmission(type, value, categories, note, expiry, derivedFrom, visibility));
      }
      int rejected = 0;
      try (Exchange exchange = data.open(); JsonGenerator json = JsonLines.open(spec)) {
        for (SubmitResult result : exchange.submit(participant.caller(exchange), batch)) {
          SignalJson.writeSubmitResult(json, result);
          JsonLines.endLine(json);
          rejected += result.accepted() ? 0 : 1;
        }
      }
      return rejected == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints signals by id, one JSON object per line.")
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Mixin ParticipantOption participant;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Signal ids.")
    List<String> ids;

    @Override
    public Integer call() throws IOException {
      int missing = 0;
      try (Exchange exchange = data.open(); JsonGenerator json = JsonLines.open(spec)) {
        for (String id : ids) {
          Signal signal = exchange.get(participant.caller(exchange), id).orElse(null);
          if (signal == null) {
            writeError(json, "id", id, new SignalRejectedException("not_found", "id", "no signal has id '" + id + "'"));
            missing++;
          } else {
            SignalJson.writeSignal(json, signal);
          }
          JsonLines.endLine(json);
        }
      }
      return missing == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
    }
  }

  @Command(name = "retract", mixinStandardHelpOptions = true, description = "Retracts signals (only their contributor may).")
  static final class Retract implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Mixin ParticipantOption participant;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Signal ids.")
    List<String> ids;

    @Override
    public Integer call() throws IOException {
      participant.require();
      int failed = 0;
      try (Exchange exchange = data.open(); JsonGenerator json = JsonLines.open(spec)) {
        for (String id : ids) {
          try {
            SignalJson.writeSignal(json, exchange.retract(participant.caller(exchange), id));
          } catch (org.lantern.core.participant.AccessDeniedException e) {
            writeError(json, "id", id, new SignalRejectedException("forbidden", "id", e.getMessage()));
            failed++;
          } catch (SignalRejectedException e) {
            writeError(json, "id", id, e);
            failed++;
          }
          JsonLines.endLine(json);
        }
      }
      return failed == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
    }
  }

  @Command(name = "match", mixinStandardHelpOptions = true,
      description = {
        "Looks values up: perceptual hashes by distance, digests, accounts and keywords exactly,",
        "URLs exactly, by host + path prefix and by host; '--type text' scans free text for",
        "keyword signals. One JSON answer per value. A match is a lead, not evidence.",
        "",
        "Example: lantern signals match --type pdq --max-distance 31 <64 hex digits>"
      })
  static final class MatchValues implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Mixin ParticipantOption participant;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "A signal type, or 'text' to scan text for keywords.")
    String type;

    @Option(names = "--max-distance", paramLabel = "D", description = "Largest Hamming distance for perceptual types (default: 31 for pdq, 8 for phash/dhash).")
    Integer maxDistance;

    @Option(names = "--limit", defaultValue = "10", paramLabel = "N", description = "Most matches per value (default: ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(paramLabel = "VALUE", arity = "1..*", description = "Values ('-' reads one per line from stdin).")
    List<String> given;

    @Override
    public Integer call() throws IOException {
      boolean scan = type.trim().equalsIgnoreCase("text");
      SignalType signalType = scan ? null : SignalType.fromLabel(type);
      int distance = maxDistance != null ? maxDistance
          : signalType != null && signalType.hashType() != null ? signalType.hashType().defaultMaxDistance() : 0;
      int failed = 0;
      try (Exchange exchange = data.open(); JsonGenerator json = JsonLines.open(spec)) {
        var caller = participant.caller(exchange);
        for (String value : values(given)) {
          try {
            if (scan) {
              SignalJson.writeTextScan(json, exchange.scanText(caller, value));
            } else {
              SignalJson.writeMatches(json, exchange.match(caller, signalType, value, distance, limit));
            }
          } catch (SignalRejectedException e) {
            // An account lookup never echoes the identifier, not even in an error.
            boolean account = signalType != null && signalType.family() == SignalType.Family.ACCOUNT;
            writeError(json, "query", account ? "(account identifier)" : value, e);
            failed++;
          }
          JsonLines.endLine(json);
        }
      }
      return failed == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Checks that every index agrees with the signal store; prints each disagreement.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ExchangeOptions data;

    @Override
    public Integer call() throws IOException {
      try (Exchange exchange = data.open()) {
        List<String> problems = exchange.verify();
        var out = spec.commandLine().getOut();
        for (String problem : problems) {
          out.println(problem);
        }
        out.println(exchange.storedSignals() + " signals, " + problems.size() + " problems");
        out.flush();
        return problems.isEmpty() ? 0 : 1;
      }
    }
  }
}
