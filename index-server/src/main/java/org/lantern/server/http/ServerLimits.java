package org.lantern.server.http;

import java.util.Properties;

/**
 * The server's limits, each answered with a clear 4xx when exceeded (never a 500 or a hung
 * connection). Read from the same properties file as the exchange's configuration, under
 * {@code server.*}.
 *
 * @param maxBodyBytes largest JSON/NDJSON body (413 above)
 * @param maxImageBytes largest image upload to {@code /v1/match/image} (413 above)
 * @param maxImagePixels largest width x height decoded (400 {@code image_too_large} above)
 * @param maxBatch most signals in one {@code POST /v1/signals} (413 above)
 * @param maxQueries most hashes, URLs or accounts in one match request (413 above)
 * @param ratePerSecond sustained requests per second per participant (429 with Retry-After above)
 * @param rateBurst requests a participant may send at once before the rate applies
 * @param connections deadlines and caps per connection (see {@link ConnectionLimits})
 * @param work bounds on a request's work: text length, concurrent image decodes, decoded bytes,
 *     and the cost-based rate (see {@link WorkLimits})
 *     <p>Thread-safety: immutable.
 */
public record ServerLimits(
    long maxBodyBytes,
    long maxImageBytes,
    long maxImagePixels,
    int maxBatch,
    int maxQueries,
    double ratePerSecond,
    double rateBurst,
    ConnectionLimits connections,
    WorkLimits work) {

  public ServerLimits {
    if (maxBodyBytes < 1 || maxImageBytes < 1 || maxImagePixels < 1 || maxBatch < 1 || maxQueries < 1) {
      throw new IllegalArgumentException("server limits must be positive");
    }
    if (!(ratePerSecond > 0) || !(rateBurst >= 1)) {
      throw new IllegalArgumentException(
          "server.rate_per_second must be > 0 and server.rate_burst >= 1, got " + ratePerSecond + " and " + rateBurst);
    }
  }

  /**
   * Defaults sized for inline upload pipelines on one machine: 4 MiB of JSON (a 1,000-signal
   * batch with notes is about 0.5 MiB), 20 MiB images, 50 megapixels, 2,000 requests/s per key.
   */
  public static ServerLimits defaults() {
    return new ServerLimits(
        4L << 20, 20L << 20, 50_000_000L, 1_000, 1_000, 2_000, 4_000, ConnectionLimits.defaults(), WorkLimits.defaults());
  }

  /** The defaults overridden by {@code server.*} properties. */
  public static ServerLimits fromProperties(Properties p) {
    ServerLimits d = defaults();
    return new ServerLimits(
        longProperty(p, "server.max_body_bytes", d.maxBodyBytes),
        longProperty(p, "server.max_image_bytes", d.maxImageBytes),
        longProperty(p, "server.max_image_pixels", d.maxImagePixels),
        (int) longProperty(p, "server.max_batch", d.maxBatch),
        (int) longProperty(p, "server.max_queries", d.maxQueries),
        doubleProperty(p, "server.rate_per_second", d.ratePerSecond),
        doubleProperty(p, "server.rate_burst", d.rateBurst),
        ConnectionLimits.fromProperties(p),
        WorkLimits.fromProperties(p));
  }

  public ServerLimits withRate(double perSecond, double burst) {
    return new ServerLimits(
        maxBodyBytes, maxImageBytes, maxImagePixels, maxBatch, maxQueries, perSecond, burst, connections, work);
  }

  public ServerLimits withSizes(long bodyBytes, long imageBytes, long imagePixels, int batch, int queries) {
    return new ServerLimits(
        bodyBytes, imageBytes, imagePixels, batch, queries, ratePerSecond, rateBurst, connections, work);
  }

  public ServerLimits withConnections(ConnectionLimits limits) {
    return new ServerLimits(
        maxBodyBytes, maxImageBytes, maxImagePixels, maxBatch, maxQueries, ratePerSecond, rateBurst, limits, work);
  }

  public ServerLimits withWork(WorkLimits limits) {
    return new ServerLimits(
        maxBodyBytes, maxImageBytes, maxImagePixels, maxBatch, maxQueries, ratePerSecond, rateBurst, connections, limits);
  }

  /** Longest text scanned by one {@code POST /v1/match/text} (413 above). */
  public int maxTextChars() {
    return work.maxTextChars();
  }

  static long longProperty(Properties p, String name, long fallback) {
    String value = p.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number, got '" + value + "'");
    }
  }

  static double doubleProperty(Properties p, String name, double fallback) {
    String value = p.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a number, got '" + value + "'");
    }
  }
}
