package org.lantern.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Mixin {@code --data DIR --config FILE}: where an exchange lives ({@link DataDirectoryOption}),
 * how it is configured, and the one way a command opens it. Every command that opens the exchange
 * mixes this in, so the options read the same everywhere and the config file is read one way.
 *
 * <p>Thread-safety: one instance per command line, filled by picocli before the command runs.
 */
final class ExchangeOptions {
  @Mixin DataDirectoryOption data;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (properties): the exchange's keys (categories.extra, note.max_length, ...); "
          + "for serve also the server.* limits.")
  Path config;

  /** The data directory (created by the exchange when missing). */
  Path path() {
    return data.path();
  }

  /** The config file's properties; empty without {@code --config}. */
  Properties properties() throws IOException {
    Properties properties = new Properties();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("no such config file: " + config);
      }
      try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return properties;
  }

  /** The exchange's configuration: the data directory with the config file's keys. */
  ExchangeConfig exchangeConfig() throws IOException {
    return ExchangeConfig.fromProperties(data.path(), properties());
  }

  /** Opens the exchange for a one-shot command (see {@link #open(UnaryOperator)}). */
  Exchange open() throws IOException {
    return open(UnaryOperator.identity());
  }

  /**
   * Opens the exchange for a one-shot command: no background sweeps (the command ends before they
   * would run); instead, signals whose expiry has passed are expired once, at open, so the command
   * never answers with one. {@code adjust} may change the configuration first (sizes of a new store).
   */
  Exchange open(UnaryOperator<ExchangeConfig> adjust) throws IOException {
    ExchangeConfig c = adjust.apply(exchangeConfig().withIntervals(Duration.ZERO, Duration.ZERO));
    Exchange exchange = Exchange.open(c);
    try {
      exchange.expireDue();
    } catch (RuntimeException e) {
      exchange.close();
      throw e;
    }
    return exchange;
  }
}
