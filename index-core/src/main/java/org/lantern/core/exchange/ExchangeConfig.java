package org.lantern.core.exchange;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.lantern.core.index.IndexOptions;

/**
 * How an {@link Exchange} is set up. {@link #defaults(Path)} gives a working exchange in a data
 * directory; the {@code with...} methods change one setting; {@link #fromProperties} reads the
 * exchange config file.
 *
 * @param dataDir where everything is kept
 * @param extraCategories categories allowed besides {@link Categories#BUILT_IN}
 * @param secret the exchange secret (HMAC key for ids and account identifiers), or {@code null}
 *     to use {@code <data>/secret.key}, generated on first start
 * @param maxNoteLength longest note accepted, in characters
 * @param signalsPerGeneration planned entries of the first signal-store map (later ones double)
 * @param hashCapacity planned hashes per perceptual type (sizes the multi-index tables)
 * @param expirySweepInterval how often signals past {@code expires} are retired; zero for never
 *     (then only {@link Exchange#expireDue()} does it)
 * @param commitInterval how often the text index is committed (bounds the change-log replay after
 *     a crash); zero for only on close
 * @param clock the time source (tests move it)
 * @param retention maximum age per category: a signal in a category with a retention is retired
 *     (expired) that long after it was created, whatever its own {@code expires}; the shortest
 *     of its categories' retentions applies
 * @param costs bounds on a lookup's cost (text hits, audit ids, shortest new keyword)
 *     <p>Thread-safety: immutable.
 */
public record ExchangeConfig(
    Path dataDir,
    Set<String> extraCategories,
    byte[] secret,
    int maxNoteLength,
    long signalsPerGeneration,
    long hashCapacity,
    Duration expirySweepInterval,
    Duration commitInterval,
    Clock clock,
    Map<String, Duration> retention,
    CostLimits costs) {

  public static final int DEFAULT_MAX_NOTE_LENGTH = 2_000;

  public ExchangeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    extraCategories = Set.copyOf(extraCategories);
    for (String category : extraCategories) {
      Categories.checkLabel(category);
    }
    secret = secret == null ? null : secret.clone();
    if (secret != null && secret.length < 16) {
      throw new IllegalArgumentException("the exchange secret must have at least 16 bytes");
    }
    if (maxNoteLength < 0) {
      throw new IllegalArgumentException("maxNoteLength must be >= 0");
    }
    if (signalsPerGeneration < 1 || hashCapacity < 1) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    Objects.requireNonNull(expirySweepInterval, "expirySweepInterval");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(clock, "clock");
    retention = Map.copyOf(retention);
    Objects.requireNonNull(costs, "costs");
    for (Map.Entry<String, Duration> e : retention.entrySet()) {
      if (e.getValue().isNegative() || e.getValue().isZero()) {
        throw new IllegalArgumentException("retention." + e.getKey() + " must be positive, got " + e.getValue());
      }
    }
  }

  public static ExchangeConfig defaults(Path dataDir) {
    return new ExchangeConfig(
        dataDir,
        Set.of(),
        null,
        DEFAULT_MAX_NOTE_LENGTH,
        1L << 20,
        IndexOptions.DEFAULT_CAPACITY,
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Clock.systemUTC(),
        Map.of(),
        CostLimits.defaults());
  }

  /**
   * Reads settings from a properties file's contents over {@link #defaults}: {@code
   * categories.extra} (comma-separated), {@code secret.hex}, {@code note.max_length}, {@code
   * store.signals_per_generation}, {@code index.hash_capacity}, {@code expiry.sweep_seconds},
   * {@code text.commit_millis}, {@code text.max_hits}, {@code audit.max_ids}, {@code keyword.min_chars}.
   *
   * @throws IllegalArgumentException naming the property and what was expected
   */
  public static ExchangeConfig fromProperties(Path dataDir, Properties p) {
    ExchangeConfig c = defaults(dataDir);
    Set<String> extra = new LinkedHashSet<>();
    for (String s : p.getProperty("categories.extra", "").split(",")) {
      if (!s.isBlank()) {
        extra.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    byte[] secret = null;
    String hex = p.getProperty("secret.hex");
    if (hex != null) {
      try {
        secret = HexFormat.of().parseHex(hex.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("secret.hex: expected hex digits, got '" + hex + "'");
      }
    }
    return new ExchangeConfig(
        dataDir,
        extra,
        secret,
        (int) longProperty(p, "note.max_length", c.maxNoteLength()),
        longProperty(p, "store.signals_per_generation", c.signalsPerGeneration()),
        longProperty(p, "index.hash_capacity", c.hashCapacity()),
        Duration.ofSeconds(longProperty(p, "expiry.sweep_seconds", c.expirySweepInterval().toSeconds())),
        Duration.ofMillis(longProperty(p, "text.commit_millis", c.commitInterval().toMillis())),
        c.clock(),
        retention(p),
        CostLimits.fromProperties(p, (name, fallback) -> longProperty(p, name, fallback)));
  }

  /** {@code retention.<category>=<ISO-8601 duration>} entries, e.g. {@code retention.trade=P365D}. */
  private static Map<String, Duration> retention(Properties p) {
    Map<String, Duration> out = new java.util.TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("retention.")) {
        String value = p.getProperty(name).trim();
        try {
          out.put(name.substring("retention.".length()), Duration.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException(name + ": expected an ISO-8601 duration such as P365D, got '" + value + "'");
        }
      }
    }
    return out;
  }

  private static long longProperty(Properties p, String name, long fallback) {
    String value = p.getProperty(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number, got '" + value + "'");
    }
  }

  public ExchangeConfig withClock(Clock newClock) {
    return new ExchangeConfig(
        dataDir, extraCategories, secret, maxNoteLength, signalsPerGeneration, hashCapacity,
        expirySweepInterval, commitInterval, newClock, retention, costs);
  }

  public ExchangeConfig withExtraCategories(Set<String> categories) {
    return new ExchangeConfig(
        dataDir, categories, secret, maxNoteLength, signalsPerGeneration, hashCapacity,
        expirySweepInterval, commitInterval, clock, retention, costs);
  }

  public ExchangeConfig withSecret(byte[] newSecret) {
    return new ExchangeConfig(
        dataDir, extraCategories, newSecret, maxNoteLength, signalsPerGeneration, hashCapacity,
        expirySweepInterval, commitInterval, clock, retention, costs);
  }

  public ExchangeConfig withSizes(long newSignalsPerGeneration, long newHashCapacity) {
    return new ExchangeConfig(
        dataDir, extraCategories, secret, maxNoteLength, newSignalsPerGeneration, newHashCapacity,
        expirySweepInterval, commitInterval, clock, retention, costs);
  }

  public ExchangeConfig withIntervals(Duration sweep, Duration commit) {
    return new ExchangeConfig(
        dataDir, extraCategories, secret, maxNoteLength, signalsPerGeneration, hashCapacity,
        sweep, commit, clock, retention, costs);
  }

  public ExchangeConfig withRetention(Map<String, Duration> newRetention) {
    return new ExchangeConfig(
        dataDir, extraCategories, secret, maxNoteLength, signalsPerGeneration, hashCapacity,
        expirySweepInterval, commitInterval, clock, newRetention, costs);
  }

  public ExchangeConfig withCosts(CostLimits newCosts) {
    return new ExchangeConfig(
        dataDir, extraCategories, secret, maxNoteLength, signalsPerGeneration, hashCapacity,
        expirySweepInterval, commitInterval, clock, retention, newCosts);
  }

  /** A copy of the configured secret, or {@code null}. */
  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }
}
