package org.lantern.server.http;

import java.util.Properties;

/**
 * Bounds on one request's work, and what the per-key rate limit charges for it (DESIGN.md §7:
 * rate limits charge by work). The rate limiter's tokens are <em>work units</em>: every request
 * costs 1 on admission, and then 1 more per value looked up beyond the first, per {@code
 * textBytesPerUnit} bytes of text scanned and per {@code pixelsPerUnit} pixels decoded. So a
 * 1,000-hash batch costs about 1,000 single lookups, a 256 KiB text 1 + 4, and a 20-megapixel image
 * 1 + 20; the charge for a request's work is taken when the work is known, and a key that
 * overdraws waits ({@code 429} with {@code Retry-After}) until its bucket refills.
 *
 * @param maxTextChars longest text one {@code POST /v1/match/text} scans ({@code
 *     server.max_text_chars}; 413 above)
 * @param maxConcurrentDecodes images decoded at once; more get 503 with {@code Retry-After}
 *     ({@code server.max_concurrent_decodes}; 0 sizes it from the heap: a quarter of the heap
 *     divided by {@code maxDecodedBytes}, at least 1)
 * @param maxDecodedBytes largest decoded image, width x height x bytes per pixel (all bands and
 *     bit depths counted: a 16-bit RGBA pixel is 8 bytes), checked from the header before decoding
 *     ({@code server.max_decoded_bytes}; 400 {@code image_too_large} above)
 * @param subsampleAboveSide an image wider or taller than this is decoded subsampled (ImageIO
 *     source subsampling) so that neither side exceeds it; PDQ reduces every image to 64 x 64,
 *     so this changes hashes only of images far larger than any reference image ({@code
 *     server.subsample_above_side})
 * @param textBytesPerUnit bytes of text scanned per work unit ({@code server.cost_text_bytes_per_unit})
 * @param pixelsPerUnit pixels decoded per work unit ({@code server.cost_pixels_per_unit})
 *     <p>Thread-safety: immutable.
 */
public record WorkLimits(
    int maxTextChars,
    int maxConcurrentDecodes,
    long maxDecodedBytes,
    int subsampleAboveSide,
    long textBytesPerUnit,
    long pixelsPerUnit) {

  public WorkLimits {
    if (maxTextChars < 1 || maxConcurrentDecodes < 0 || maxDecodedBytes < 1 || subsampleAboveSide < 64
        || textBytesPerUnit < 1 || pixelsPerUnit < 1) {
      throw new IllegalArgumentException("server work limits must be positive (server.max_concurrent_decodes may be 0,"
          + " server.subsample_above_side at least 64)");
    }
  }

  /**
   * 256 Ki characters of text, decodes sized from the heap, 256 MiB decoded per image, subsampled
   * above 4,096 pixels a side, a unit per 64 KiB scanned and per megapixel decoded.
   */
  public static WorkLimits defaults() {
    return new WorkLimits(262_144, 0, 256L << 20, 4_096, 64 * 1024, 1_000_000);
  }

  static WorkLimits fromProperties(Properties p) {
    WorkLimits d = defaults();
    return new WorkLimits(
        (int) ServerLimits.longProperty(p, "server.max_text_chars", d.maxTextChars),
        (int) ServerLimits.longProperty(p, "server.max_concurrent_decodes", d.maxConcurrentDecodes),
        ServerLimits.longProperty(p, "server.max_decoded_bytes", d.maxDecodedBytes),
        (int) ServerLimits.longProperty(p, "server.subsample_above_side", d.subsampleAboveSide),
        ServerLimits.longProperty(p, "server.cost_text_bytes_per_unit", d.textBytesPerUnit),
        ServerLimits.longProperty(p, "server.cost_pixels_per_unit", d.pixelsPerUnit));
  }

  /** The decode permits: as configured, or a quarter of {@code maxHeapBytes} over the largest decode. */
  int decodePermits(long maxHeapBytes) {
    if (maxConcurrentDecodes > 0) {
      return maxConcurrentDecodes;
    }
    return (int) Math.max(1, Math.min(64, maxHeapBytes / 4 / maxDecodedBytes));
  }

  public WorkLimits withDecodes(int concurrent, long decodedBytes) {
    return new WorkLimits(maxTextChars, concurrent, decodedBytes, subsampleAboveSide, textBytesPerUnit, pixelsPerUnit);
  }

  public WorkLimits withMaxTextChars(int chars) {
    return new WorkLimits(chars, maxConcurrentDecodes, maxDecodedBytes, subsampleAboveSide, textBytesPerUnit, pixelsPerUnit);
  }
}
