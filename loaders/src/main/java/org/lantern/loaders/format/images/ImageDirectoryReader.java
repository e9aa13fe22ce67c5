package org.lantern.loaders.format.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.core.hash.Hash;
import org.lantern.core.hashing.DHasher;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.PHasher;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * Hashes every image of a directory tree, in {@link SortedWalk} order, into three records per
 * image, in this order and all with the image's position in the walk as {@code line}:
 *
 * <ol>
 *   <li>{@code pdq}: submitted when its quality is at least {@link FormatOptions#minQuality()};
 *       otherwise rejected with the quality, the minimum and the hash (so the operator can still
 *       load it deliberately).
 *   <li>{@code phash} and {@code dhash}: submitted. The quality gate is PDQ's own measure and
 *       {@code --min-quality} is documented as a PDQ threshold, so it does not hold them back.
 * </ol>
 *
 * <p>One image gives all three because the decode (not the hashing) is most of the cost, and the
 * exchange's participants match with different algorithms; a load that wants fewer types can
 * filter them in the pipeline. A file that cannot be decoded (empty, truncated, corrupt, not an
 * image, over the pixel limit) gives one rejected record with the decoder's reason instead; a
 * directory that cannot be listed gives one rejected record, at its place in the walk.
 *
 * <p>{@code original} is the file's path relative to the directory, with {@code /} separators, so
 * a rejected image can be found; it is also the note of the signals unless {@link
 * FormatOptions#keepPaths()} is false. Files are chosen by extension: {@value #EXTENSIONS_TEXT},
 * any case; other files are not images to this format and are passed over.
 *
 * <p>Thread-safety: not thread-safe; one thread reads.
 */
final class ImageDirectoryReader implements RecordReader {
  static final String EXTENSIONS_TEXT = "jpg, jpeg, png, gif, bmp, webp, tif, tiff";

  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

  private final Path root;
  private final FormatOptions options;
  private final ImageDecoder decoder;
  private final SortedWalk walk;
  private final ArrayDeque<SourceRecord> pending = new ArrayDeque<>(3);
  private long position; // 1-based position of the last step of the walk

  ImageDirectoryReader(Path root, FormatOptions options, ImageDecoder decoder) throws IOException {
    this.root = root;
    this.options = options;
    this.decoder = decoder;
    this.walk = new SortedWalk(root, ImageDirectoryReader::isImageName);
  }

  /** Whether a file name has one of the image extensions, in any case. */
  static boolean isImageName(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  @Override
  public SourceRecord next() {
    if (pending.isEmpty()) {
      SortedWalk.Step step = walk.next();
      if (step == null) {
        return null;
      }
      position++;
      String relative = SourceRecord.clip(relative(step.path()));
      switch (step) {
        case SortedWalk.Step.Unlisted unlisted -> pending.add(new SourceRecord.Rejected(position, relative,
            "cannot list directory " + relative + ": " + unlisted.failure()));
        case SortedWalk.Step.File file -> hash(file.path(), relative);
      }
    }
    return pending.poll();
  }

  private void hash(Path file, String relative) {
    final BufferedImage image;
    final PdqHash pdq;
    final Hash phash;
    final Hash dhash;
    try {
      image = decoder.decode(file);
      pdq = PdqHasher.INSTANCE.hash(image);
      phash = PHasher.INSTANCE.hash(image);
      dhash = DHasher.INSTANCE.hash(image);
    } catch (ImageDecodeException e) {
      pending.add(new SourceRecord.Rejected(position, relative, "cannot decode image: " + e.getMessage()));
      return;
    } catch (IllegalArgumentException e) {
      pending.add(new SourceRecord.Rejected(position, relative, "cannot hash image: " + e.getMessage()));
      return;
    }
    String note = options.keepPaths() ? relative : null;
    if (pdq.quality() < options.minQuality()) {
      pending.add(new SourceRecord.Rejected(position, relative, "PDQ quality " + pdq.quality()
          + " is below the minimum of " + options.minQuality() + " (--min-quality); pdq " + pdq.hash().toHex()
          + " not loaded"));
    } else {
      pending.add(submit(SignalType.PDQ, pdq.hash(), note, relative));
    }
    pending.add(submit(SignalType.PHASH, phash, note, relative));
    pending.add(submit(SignalType.DHASH, dhash, note, relative));
  }

  private SourceRecord submit(SignalType type, Hash hash, String note, String relative) {
    return new SourceRecord.Submit(position, relative,
        new SignalSubmission(type.label(), hash.toHex(), null, note, null, null, null));
  }

  /** The path below the root, with {@code /} between names whatever the platform's separator. */
  private String relative(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path name : root.relativize(path)) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(name);
    }
    return out.toString();
  }

  @Override
  public void close() {
    // nothing open between calls: each file is opened and closed by the decoder
  }
}
