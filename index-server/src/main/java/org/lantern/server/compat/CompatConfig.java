package org.lantern.server.compat;

import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Settings of the doors for tools members already run, read from the server's properties file:
 *
 * <ul>
 *   <li>{@code compat.hma.prefix} (default {@code /hma}, {@code off} to disable): where HMA 2.0's
 *       matching API is served.
 *   <li>{@code compat.hma.pdq_threshold} (default 31, HMA's): the PDQ distance HMA routes match to.
 *   <li>{@code compat.stopncii.prefix} (default {@code /compat/stopncii/v1}, {@code off}): where
 *       the StopNCII-shaped {@code FetchHashes} feed is served.
 *   <li>{@code compat.stopncii.video_category} (default {@code video}): an MD5 signal is exported
 *       as {@code VideoMD5} only when it carries this category (list it in {@code
 *       categories.extra}); other MD5 signals are left out, StopNCII having no plain MD5 type.
 * </ul>
 *
 * @param hmaPrefix path prefix of the HMA routes, or {@code null} when disabled
 * @param pdqThreshold largest PDQ distance the HMA routes report as a match
 * @param stopnciiPrefix path prefix of the StopNCII feed, or {@code null} when disabled
 * @param videoCategory the category that marks an MD5 signal as a video's
 *     <p>Thread-safety: immutable.
 */
public record CompatConfig(String hmaPrefix, int pdqThreshold, String stopnciiPrefix, String videoCategory) {
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  public CompatConfig {
    checkPrefix("compat.hma.prefix", hmaPrefix);
    checkPrefix("compat.stopncii.prefix", stopnciiPrefix);
    if (pdqThreshold < 0 || pdqThreshold > 256) {
      throw new IllegalArgumentException("compat.hma.pdq_threshold must be in 0..256, got " + pdqThreshold);
    }
    if (hmaPrefix != null && hmaPrefix.equals(stopnciiPrefix)) {
      throw new IllegalArgumentException("compat.hma.prefix and compat.stopncii.prefix must differ, both are " + hmaPrefix);
    }
  }

  /** {@code /hma}, threshold 31, {@code /compat/stopncii/v1}, category {@code video}. */
  public static CompatConfig defaults() {
    return new CompatConfig("/hma", 31, "/compat/stopncii/v1", "video");
  }

  /** The defaults overridden by {@code compat.*} properties. */
  public static CompatConfig fromProperties(Properties p) {
    CompatConfig d = defaults();
    String threshold = p.getProperty("compat.hma.pdq_threshold");
    int pdq = d.pdqThreshold;
    if (threshold != null && !threshold.isBlank()) {
      try {
        pdq = Integer.parseInt(threshold.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("compat.hma.pdq_threshold: expected a whole number, got '" + threshold + "'");
      }
    }
    return new CompatConfig(
        prefix(p, "compat.hma.prefix", d.hmaPrefix),
        pdq,
        prefix(p, "compat.stopncii.prefix", d.stopnciiPrefix),
        p.getProperty("compat.stopncii.video_category", d.videoCategory).strip());
  }

  private static String prefix(Properties p, String name, String fallback) {
    String value = p.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    value = value.strip();
    return value.equals("off") ? null : value;
  }

  private static void checkPrefix(String name, String prefix) {
    if (prefix == null) {
      return;
    }
    if (!PREFIX.matcher(prefix).matches() || prefix.equals("/v1") || prefix.startsWith("/v1/")) {
      throw new IllegalArgumentException(
          name + " must be a path such as /hma (segments of [A-Za-z0-9._~-], no trailing slash, not under /v1), or off; got '"
              + prefix + "'");
    }
  }
}
