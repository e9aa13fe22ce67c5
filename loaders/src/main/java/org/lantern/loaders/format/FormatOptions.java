package org.lantern.loaders.format;

import java.util.Map;
import org.lantern.core.signal.SignalType;

/**
 * What a reader needs to know that the file may not say.
 *
 * @param bareType the type of bare hex hashes ({@code --type}); {@code null} to infer PDQ from 64
 *     hex digits (and refuse 16-digit hashes, which could be pHash or dHash)
 * @param columns generic CSV/TSV column mapping ({@code --map value=md5,category=label}): signal
 *     field ({@code value}, {@code type}, {@code category}, {@code note}, {@code expires}) to
 *     header name; empty when not given
 * @param minQuality PDQ reference-tool rows with a lower quality are rejected ({@code
 *     --min-quality}, default 50)
 * @param keepPaths whether an image's file path becomes the note of its signals ({@code
 *     --no-paths} turns it off)
 *     <p>Thread-safety: immutable.
 */
public record FormatOptions(SignalType bareType, Map<String, String> columns, int minQuality, boolean keepPaths) {
  public static final int DEFAULT_MIN_QUALITY = 50;

  public FormatOptions {
    columns = Map.copyOf(columns);
  }

  public static FormatOptions defaults() {
    return new FormatOptions(null, Map.of(), DEFAULT_MIN_QUALITY, true);
  }
}
