package org.lantern.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.DataLayout;
import org.lantern.core.index.IndexKind;
import org.lantern.core.index.IndexOptions;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.Formats;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.pipeline.ExchangeSink;
import org.lantern.loaders.pipeline.InputCheck;
import org.lantern.loaders.pipeline.LoadPipeline;
import org.lantern.loaders.pipeline.LoadProgress;
import org.lantern.loaders.pipeline.LoadResult;
import org.lantern.loaders.pipeline.RecordDefaults;
import org.lantern.loaders.pipeline.RemoteSink;
import org.lantern.loaders.pipeline.SignalSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lantern load}: bulk ingest of hash lists and signal files into a data directory (the
 * exchange in this process) or into a running server.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Loads signal files (hash lists, exchange exports) into a data directory or a server.",
      "",
      "Loads into a data directory (--data, the default ./data) or through a running server",
      "(--server URL --key KEY).",
      "",
      "Formats are detected from each file's name and first lines (--format forces one):",
      "{formats}",
      "Any of them may be gzip-compressed; '-' reads standard input.",
      "",
      "Every record read ends up loaded (new), updated (changed or retracted), a duplicate",
      "(already there as it is) or rejected: read = loaded + updated + duplicates + rejected.",
      "Rejected records go to a reject file (default: <input>.rejects beside each input) as",
      "'# FILE:LINE: reason' followed by the original text, so they can be fixed and loaded again;",
      "the first ten are also shown here. Loading a file twice adds nothing the second time.",
      "A load that is interrupted (killed, server gone) resumes where it stopped when the same",
      "command is run again; --restart starts over.",
      "",
      "Before loading anything, every input is checked (exists, readable, format told and accepted);",
      "if any is unusable, every problem is listed and nothing is loaded (exit status 3).",
      "With several inputs, the summary gives each input's counts, then the total.",
      "",
      "Exit status: 0 when every record was accepted, 2 when some were rejected (or the command",
      "line is wrong), 3 when an input is unusable (nothing was loaded), 1 when an input could",
      "not be read to its end or the load stopped.",
      "",
      "Examples:",
      "  lantern load hashes.txt                                  # 64-digit lines are PDQ",
      "  lantern load --type dhash dhashes.txt.gz                 # 16-digit lines need a type",
      "  lantern load --as ncmec --category csam ncmec-2026-11-24.xml",
      "  lantern load --format csv --map value=md5,note=case --type md5 partner.csv",
      "  lantern load --expires P90D --visibility acme,globex stopncii-page-*.json",
      "  lantern load --no-paths --min-quality 70 ./reviewed-images/",
      "  lantern load --server http://localhost:8080 --key \"$LANTERN_KEY\" simple.pdq.te",
      "",
      "Options:"
    })
final class LoadCommand implements Callable<Integer> {
  /** Exit status when an input is unusable: missing, unreadable, or of a format that cannot be told. */
  static final int EXIT_UNUSABLE_INPUT = 3;

  /** The participant an embedded load contributes as when --as is not given. */
  static final String DEFAULT_PARTICIPANT = "local";

  @Spec CommandSpec spec;

  // --data, --config and --as are for a load into a data directory (--as defaults to 'local',
  // created on first use); --server and --key for a load through a server (the key says who).
  @Mixin ExchangeOptions exchangeOptions;

  @Mixin ParticipantOption participant;

  @Mixin ServerOptions server;

  @Option(names = "--format", paramLabel = "NAME",
      description = "Input format, for every input: one of the names above (default: detected per input).")
  String format;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Type of bare hashes: pdq, phash, dhash, md5, sha1 or sha256 (default: pdq for 64 digits, "
          + "md5 for 32, sha1 for 40; 16 digits need pdq/phash/dhash said).")
  String type;

  @Option(names = "--map", paramLabel = "FIELD=COLUMN", split = ",",
      description = "For --format csv: which header column holds each field (value, type, category, note, "
          + "expires), e.g. --map value=md5,category=label.")
  Map<String, String> columns = new LinkedHashMap<>();

  @Option(names = "--min-quality", paramLabel = "Q", defaultValue = "50",
      description = "PDQ rows and images below this quality (0-100) are rejected (default: ${DEFAULT-VALUE}).")
  int minQuality;

  @Option(names = "--no-paths",
      description = "For image directories: do not keep each image's file path as its signals' note.")
  boolean noPaths;

  @Option(names = "--category", paramLabel = "CATEGORY", split = ",",
      description = "Categories for signals whose input names none, e.g. csam or csam,trade.")
  List<String> categories = new ArrayList<>();

  @Option(names = "--expires", paramLabel = "WHEN",
      description = "Expiry for signals whose input gives none: an instant (2027-01-01T00:00:00Z), a date "
          + "(2027-01-01) or a period from now (P90D).")
  String expires;

  @Option(names = "--visibility", paramLabel = "WHO",
      description = "Who may see signals whose input does not say: 'all' (default) or participant ids, e.g. acme,globex.")
  String visibility;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "One reject file for every input (default: <input>.rejects beside each input).")
  Path rejects;

  @Option(names = "--batch", paramLabel = "N",
      description = "Records per batch (default: 10000 into a data directory, 1000 through a server, "
          + "whose server.max_batch must allow it).")
  Integer batch;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "With --server: batches in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--attempts", paramLabel = "N", defaultValue = "8",
      description = "With --server: tries per batch on 429, 5xx or a broken connection, backing off "
          + "(default: ${DEFAULT-VALUE}).")
  int attempts;

  @Option(names = "--checkpoints", paramLabel = "DIR",
      description = "Where resume checkpoints are kept (default: DATA/loads, or ./.lantern-loads with --server).")
  Path checkpoints;

  @Option(names = "--restart", description = "Ignore the checkpoint of an interrupted load of the same inputs: start over.")
  boolean restart;

  @Option(names = "--quiet", description = "No progress output (the summary is still printed).")
  boolean quiet;

  @Option(names = "--capacity", paramLabel = "N",
      description = "Expected number of hashes when a new data directory's hash indexes are created "
          + "(sizes them); default: the larger of 1000000 and the inputs' size / 65.")
  Long capacity;

  @Option(names = "--structures", paramLabel = "LIST", split = ",", converter = IndexKindConverter.class,
      description = "Search structures of hash indexes this load creates, e.g. mih,bktree "
          + "(default: mih; the flat scan is always there).")
  IndexKind[] structures;

  @Parameters(paramLabel = "INPUT", arity = "1..*",
      description = "Files, directories of images, or '-' for standard input.")
  List<String> inputs;

  /**
   * Puts the formats, which the loaders module knows, where the description says {@code
   * {formats}}: annotations can only hold constants.
   */
  static void listFormats(CommandSpec load) {
    List<String> lines = new ArrayList<>();
    for (String line : load.usageMessage().description()) {
      if (!line.equals("{formats}")) {
        lines.add(line);
        continue;
      }
      for (InputFormat f : Formats.all()) {
        // Wrapped here with a hanging indent: picocli would wrap to the left margin.
        String lead = String.format(Locale.ROOT, "  %-14s ", f.name());
        StringBuilder wrapped = new StringBuilder(lead);
        for (String word : f.description().split(" ")) {
          if (wrapped.length() + word.length() > 98 && wrapped.length() > lead.length()) {
            lines.add(wrapped.toString().stripTrailing().replace("%", "%%"));
            wrapped = new StringBuilder(" ".repeat(lead.length()));
          }
          wrapped.append(word).append(' ');
        }
        lines.add(wrapped.toString().stripTrailing().replace("%", "%%"));
      }
    }
    load.usageMessage().description(lines.toArray(String[]::new));
  }

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    List<InputSource> sources = sources();
    LoadPipeline.Settings settings =
        new LoadPipeline.Settings(
            format == null ? null : Formats.byName(format),
            new FormatOptions(bareType(), columns, checkedQuality(), !noPaths),
            new RecordDefaults(categories, expiry(), visibilityList()),
            batch != null ? checkedBatch(batch) : server.given() ? 1_000 : 10_000,
            rejects,
            null,
            "",
            progress(err),
            err);
    List<String> problems = InputCheck.problems(sources, settings.format(), settings.formatOptions());
    if (!problems.isEmpty()) {
      for (String problem : problems) {
        err.println("lantern load: " + problem);
      }
      err.println("lantern load: nothing was loaded: " + problems.size() + " of " + sources.size()
          + " inputs cannot be used (fix or leave them out, then run the same command again)");
      return EXIT_UNUSABLE_INPUT;
    }
    LoadResult result;
    if (server.given()) {
      if (exchangeOptions.data.given() || participant.id != null || exchangeOptions.config != null) {
        throw new IllegalArgumentException("--server loads through the server: --data, --config and --as do not apply");
      }
      String apiKey = server.apiKey();
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException("--concurrency must be in 1..64, got " + concurrency);
      }
      try (SignalSink sink = new RemoteSink(server.server, apiKey, concurrency, Math.max(1, attempts))) {
        result = run(sink, settings, checkpoints != null ? checkpoints : Path.of(".lantern-loads"), sources, err);
      }
    } else {
      Path dir = exchangeOptions.path();
      try (Exchange exchange = open(dir)) {
        Caller caller = caller(exchange, err);
        try (SignalSink sink = new ExchangeSink(exchange, caller)) {
          result = run(sink, settings, checkpoints != null ? checkpoints : dir.resolve("loads"), sources, err);
        }
      }
    }
    if (result == null) {
      return 1;
    }
    if (result.inputs().size() > 1) {
      for (LoadResult.InputTally input : result.inputs()) {
        err.println(input.name() + ": " + input.tally().summary());
      }
      err.print("total: ");
    }
    err.println(String.format(Locale.ROOT, "%s in %.1f s (%,.0f records/s)",
        result.tally().summary(), result.seconds(), result.recordsPerSecond()));
    if (!result.rejectFiles().isEmpty()) {
      err.println("rejected records are in " + String.join(", ", result.rejectFiles().stream().map(Path::toString).toList()));
    }
    if (!result.failures().isEmpty()) {
      return 1;
    }
    return result.tally().rejected() == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  private LoadResult run(SignalSink sink, LoadPipeline.Settings base, Path checkpointDir, List<InputSource> sources,
      java.io.PrintWriter err) throws IOException, InterruptedException {
    String loadKey = String.join("\n", "target=" + sink.target(), "format=" + format, "type=" + type,
        "map=" + columns, "min-quality=" + minQuality, "paths=" + !noPaths, "categories=" + categories,
        "expires=" + expires, "visibility=" + visibility);
    LoadPipeline.Settings settings =
        new LoadPipeline.Settings(base.format(), base.formatOptions(), base.defaults(), base.batchSize(), base.rejects(),
            checkpointDir, loadKey, base.progress(), base.messages());
    LoadPipeline pipeline = new LoadPipeline(sink, settings);
    if (restart) {
      pipeline.forgetCheckpoint(sources);
    }
    try {
      return pipeline.run(sources);
    } catch (LoadPipeline.LoadAbortedException e) {
      err.println("lantern load: " + e.getMessage());
      err.println("so far: " + e.tally().summary());
      return null;
    }
  }

  private List<InputSource> sources() {
    List<InputSource> sources = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals("-")) {
        sources.add(InputSource.ofStream("<stdin>", System.in));
        continue;
      }
      sources.add(InputSource.of(Path.of(input))); // checked, with the others, before loading
    }
    return sources;
  }

  private LoadProgress progress(java.io.PrintWriter err) {
    if (quiet) {
      return LoadProgress.quiet();
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal() ? LoadProgress.bar() : LoadProgress.lines(err, 10_000);
  }

  private Exchange open(Path dir) throws IOException {
    // A new store: size its first generation and hash indexes for this load, so that a big
    // backlog lands in one map and one index layout instead of a chain of doublings.
    UnaryOperator<ExchangeConfig> sizing = UnaryOperator.identity();
    if (!Files.exists(dir.resolve("signals"))) {
      long expected = capacity();
      sizing = c -> c.withSizes(Math.max(c.signalsPerGeneration(), expected), Math.max(c.hashCapacity(), expected));
    }
    long hashCapacity = sizing.apply(exchangeOptions.exchangeConfig()).hashCapacity();
    createIndexes(dir, capacity != null ? capacity : Math.max(hashCapacity, capacity()));
    return exchangeOptions.open(sizing);
  }

  /** With --structures: creates the perceptual indexes this load may fill, with those structures. */
  private void createIndexes(Path dir, long expected) {
    if (structures == null) {
      return;
    }
    IndexOptions options = new IndexOptions(expected, EnumSet.copyOf(Arrays.asList(structures)), 0);
    for (HashType hashType : HashType.values()) {
      Path index = DataLayout.hashIndex(dir, hashType);
      if (!Files.exists(index)) {
        PlannedIndex.open(index, hashType.bits(), options).close();
      }
    }
  }

  private long capacity() throws IOException {
    if (capacity != null) {
      if (capacity < 1) {
        throw new IllegalArgumentException("--capacity must be at least 1, got " + capacity);
      }
      return capacity;
    }
    long bytes = 0;
    for (String input : inputs) {
      Path path = Path.of(input);
      if (!input.equals("-") && Files.isRegularFile(path)) {
        bytes += Files.size(path);
      }
    }
    return Math.max(IndexOptions.DEFAULT_CAPACITY, bytes / (HashType.PDQ.hexDigits() + 1)); // a PDQ line is 65 bytes
  }

  /** The contributor: --as, or the default participant, created with the contributor role on first use. */
  private Caller caller(Exchange exchange, java.io.PrintWriter err) {
    String id = participant.id != null ? participant.id : DEFAULT_PARTICIPANT;
    var known = exchange.participants().get(id);
    if (known.isEmpty() && participant.id == null) {
      exchange.administration().add(Caller.localOperator(), id, "Local loads", EnumSet.of(Role.CONTRIBUTOR, Role.READER));
      err.println("lantern load: created participant '" + id + "' to contribute these signals (choose another with --as)");
    }
    Caller caller = ParticipantOption.registered(exchange, id);
    if (!caller.has(Role.CONTRIBUTOR)) {
      throw new IllegalArgumentException("participant '" + id + "' does not have the contributor role; "
          + "add it with: lantern participants add " + id + " --roles contributor,reader (or pick another with --as)");
    }
    return caller;
  }

  private SignalType bareType() {
    if (type == null) {
      return null;
    }
    try {
      SignalType t = SignalType.fromLabel(type);
      if (t.family() != SignalType.Family.PERCEPTUAL && t.family() != SignalType.Family.DIGEST) {
        throw new IllegalArgumentException("--type must be a hash type (pdq, phash, dhash, md5, sha1, sha256), got '" + type + "'");
      }
      return t;
    } catch (SignalRejectedException e) {
      throw new IllegalArgumentException("unknown hash type '" + type + "' (expected pdq, phash, dhash, md5, sha1 or sha256)");
    }
  }

  private int checkedQuality() {
    if (minQuality < 0 || minQuality > 100) {
      throw new IllegalArgumentException("--min-quality must be in 0..100, got " + minQuality);
    }
    return minQuality;
  }

  private static int checkedBatch(int n) {
    if (n < 1 || n > 1_000_000) {
      throw new IllegalArgumentException("--batch must be in 1..1000000, got " + n);
    }
    return n;
  }

  private Instant expiry() {
    if (expires == null) {
      return null;
    }
    String text = expires.strip();
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Instant.now().plus(Duration.parse(text));
      }
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--expires must be an instant (2027-01-01T00:00:00Z), a date (2027-01-01) or a period (P90D), got '" + expires + "'");
    }
  }

  private List<String> visibilityList() {
    if (visibility == null || visibility.strip().equalsIgnoreCase("all")) {
      return List.of();
    }
    List<String> who = new ArrayList<>();
    for (String p : visibility.split(",")) {
      if (!p.isBlank()) {
        who.add(p.strip());
      }
    }
    if (who.isEmpty()) {
      // Fail closed: an empty list must never widen to everyone (the exchange reads [] as all).
      throw new IllegalArgumentException(
          "--visibility '" + visibility + "' names no participant: give participant ids separated by commas, or 'all'");
    }
    return who;
  }
}
