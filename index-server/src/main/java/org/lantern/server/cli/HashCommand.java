package org.lantern.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.hashing.Dihedral;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.ImageHasher;
import org.lantern.core.hashing.PdqDihedralHashes;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lantern hash}: perceptual hashes of image files, in the reference tools' format. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Hashes image files (JPEG, PNG, GIF first frame, BMP, WebP, TIFF); directories are walked",
      "for files with those extensions. Output, one line per image, as Meta's pdq-photo-hasher:",
      "  pdq:          <hash>,<quality>,<file>     (--dihedral: 8 lines, orig rot90 rot180 rot270",
      "                                            flipx flipy flipp flipm)",
      "  phash, dhash: <hash>,<file>",
      "--json writes one JSON object per line instead. A file that cannot be decoded is reported",
      "on stderr and the others go on (exit status 2 at the end).",
      "",
      "Example: lantern hash --type pdq photos/"
    })
final class HashCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--type", defaultValue = "pdq", converter = HashTypeConverter.class,
      description = "pdq, phash or dhash (default: ${DEFAULT-VALUE}).")
  HashType type;

  @Option(names = "--dihedral", description = "PDQ only: also the 7 rotations and mirrors.")
  boolean dihedral;

  @Option(names = "--json", description = "Write JSON lines.")
  boolean json;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
      description = "Refuse images with more pixels than this, before decoding (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Image files or directories.")
  List<String> inputs;

  @Override
  public Integer call() throws IOException {
    if (dihedral && type != HashType.PDQ) {
      throw new IllegalArgumentException("--dihedral applies to pdq only");
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("--max-pixels must be at least 1, got " + maxPixels);
    }
    ImageDecoder decoder = new ImageDecoder(maxPixels);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    int hashed = 0;
    try (JsonGenerator generator = JsonLines.open(spec)) {
      for (Path file : ImageFiles.expand(inputs)) {
        BufferedImage image;
        try {
          image = decoder.decode(file);
        } catch (ImageDecodeException e) {
          failed++;
          err.println(e.getMessage());
          continue;
        }
        hashed++;
        if (type == HashType.PDQ) {
          if (dihedral) {
            PdqDihedralHashes variants = PdqHasher.INSTANCE.hashDihedral(image);
            for (Dihedral transform : Dihedral.values()) {
              write(generator, out, file, variants.get(transform), variants.quality(), transform);
            }
          } else {
            PdqHash pdq = PdqHasher.INSTANCE.hash(image);
            write(generator, out, file, pdq.hash(), pdq.quality(), null);
          }
        } else {
          write(generator, out, file, ImageHasher.forType(type).hashBits(image), -1, null);
        }
      }
      generator.flush();
    }
    out.flush();
    if (failed > 0) {
      err.printf("%d of %d images could not be hashed%n", failed, failed + hashed);
    }
    return failed == 0 ? 0 : LanternCli.EXIT_BAD_INPUT;
  }

  private void write(JsonGenerator generator, PrintWriter out, Path file, Hash hash, int quality, Dihedral transform)
      throws IOException {
    if (!json) {
      generator.flush();
      out.println(hash.toHex() + (quality >= 0 ? "," + quality : "") + "," + file);
      return;
    }
    generator.writeStartObject();
    generator.writeStringField("file", file.toString());
    generator.writeStringField("type", type.label());
    generator.writeStringField("hash", hash.toHex());
    if (quality >= 0) {
      generator.writeNumberField("quality", quality);
    }
    if (transform != null) {
      generator.writeStringField("transform", transform.label());
    }
    generator.writeEndObject();
    generator.writeRaw('\n');
  }
}
