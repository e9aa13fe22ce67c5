package org.lantern.core.hashing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files through {@code javax.imageio}, with the TwelveMonkeys plugins on the class
 * path (JPEG incl. CMYK/YCCK and progressive, WebP, TIFF, BMP) besides the JDK's (PNG, GIF, BMP,
 * WBMP, JPEG).
 *
 * <p><b>What you get.</b> The first image of the file (the first frame of an animated GIF, the
 * first page of a TIFF), as stored: EXIF orientation is <i>not</i> applied, because the PDQ
 * reference hashers do not apply it and hashes must agree with theirs.
 *
 * <p><b>Untrusted input.</b> The reader is chosen by content, not by file name. Width and height
 * are read from the header first, and an image of more than {@link #maxPixels()} pixels is refused
 * before any pixel memory is allocated (a 50000x50000 header would otherwise ask for 10 GB).
 * Empty, truncated, corrupt and unsupported files, and any exception a plugin throws on bad bytes,
 * become an {@link ImageDecodeException} naming the file and the problem. Decoder warnings (e.g.
 * "premature end of JPEG file", which the JPEG readers report instead of failing and then fill the
 * missing rows with gray) are treated as errors too, because a half-gray image would hash as a
 * different picture.
 *
 * <p>Thread-safety: immutable and safe for concurrent use; every call uses its own reader.
 */
public final class ImageDecoder {
  /** Default pixel limit: 100 megapixels (a 10000x10000 image). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  static {
    // Decode from memory, never through temporary files.
    ImageIO.setUseCache(false);
  }

  private final long maxPixels;
  private final long maxDecodedBytes;
  private final int subsampleAboveSide;

  /** A decoder with the {@link #DEFAULT_MAX_PIXELS default} limit. */
  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /**
   * A decoder refusing images of more than {@code maxPixels} pixels.
   *
   * @throws IllegalArgumentException if {@code maxPixels < 1}
   */
  public ImageDecoder(long maxPixels) {
    this(maxPixels, Long.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A decoder for untrusted uploads: besides the pixel limit, an image whose decoded pixels would
   * take more than {@code maxDecodedBytes} (width x height x bytes per pixel, every band at its
   * stored depth: a 16-bit RGBA pixel is 8 bytes) is refused from its header, and an image wider
   * or taller than {@code subsampleAboveSide} is decoded with ImageIO source subsampling (every
   * n-th pixel and row) so that neither side exceeds it. Subsampling changes a perceptual hash a
   * little; PDQ reduces every image to 64 x 64, so it is used only far above the sizes the
   * reference images have, and the bytes limit applies to the subsampled size.
   */
  public ImageDecoder(long maxPixels, long maxDecodedBytes, int subsampleAboveSide) {
    if (maxPixels < 1 || maxDecodedBytes < 1 || subsampleAboveSide < 1) {
      throw new IllegalArgumentException("image limits must be at least 1, got " + maxPixels + ", " + maxDecodedBytes + ", " + subsampleAboveSide);
    }
    this.maxPixels = maxPixels;
    this.maxDecodedBytes = maxDecodedBytes;
    this.subsampleAboveSide = subsampleAboveSide;
  }

  /** The largest width x height this decoder accepts. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Decodes the file at {@code path}.
   *
   * @throws ImageDecodeException if the file cannot be read or is not an acceptable image
   */
  public BufferedImage decode(Path path) throws ImageDecodeException {
    final String name = path.toString();
    final long size;
    try {
      size = Files.size(path);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(name, "cannot read file", e);
    }
    if (size == 0) {
      throw new ImageDecodeException(name, "empty file (0 bytes)");
    }
    try (ImageInputStream in = new FileImageInputStream(path.toFile())) {
      return read(in, name);
    } catch (IOException e) {
      throw new ImageDecodeException(name, "cannot read file", e);
    }
  }

  /**
   * Decodes {@code bytes}; {@code name} is used in error messages only (the format is detected
   * from the content).
   *
   * @throws ImageDecodeException if the bytes are not an acceptable image
   */
  public BufferedImage decode(byte[] bytes, String name) throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException(name, "empty file (0 bytes)");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      return read(in, name);
    } catch (IOException e) {
      throw new ImageDecodeException(name, "cannot read image", e);
    }
  }

  private BufferedImage read(ImageInputStream in, String name) throws ImageDecodeException {
    final ImageReader reader = readerFor(in, name);
    try {
      reader.setInput(in, true, true);
      final int width;
      final int height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw new ImageDecodeException(name, "corrupt " + format(reader) + " header", e);
      }
      checkDimensions(name, reader, width, height);
      final StringBuilder warnings = new StringBuilder();
      reader.addIIOReadWarningListener(collect(warnings));
      final BufferedImage image;
      try {
        final ImageReadParam param = reader.getDefaultReadParam();
        int stepX = width > subsampleAboveSide ? (int) (((long) width + subsampleAboveSide - 1) / subsampleAboveSide) : 1;
        int stepY = height > subsampleAboveSide ? (int) (((long) height + subsampleAboveSide - 1) / subsampleAboveSide) : 1;
        if (stepX > 1 || stepY > 1) {
          param.setSourceSubsampling(stepX, stepY, 0, 0);
        }
        checkDecodedBytes(name, reader, (width + stepX - 1) / stepX, (height + stepY - 1) / stepY);
        image = reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        throw new ImageDecodeException(name, "corrupt or truncated " + format(reader) + " data", e);
      } catch (OutOfMemoryError e) {
        // Below the pixel limit this means the heap is too small for the image, not a bad file;
        // still, it is this file's decode that failed, and the caller should get a typed answer.
        throw new ImageDecodeException(name, "not enough memory to decode " + width + "x" + height, e);
      }
      if (!warnings.isEmpty()) {
        throw new ImageDecodeException(name, "damaged " + format(reader) + " data: " + warnings);
      }
      if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
        throw new ImageDecodeException(name, "the " + format(reader) + " decoder returned no image");
      }
      return image;
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader readerFor(ImageInputStream in, String name) throws ImageDecodeException {
    final Iterator<ImageReader> readers;
    try {
      readers = ImageIO.getImageReaders(in);
    } catch (RuntimeException e) {
      throw new ImageDecodeException(name, "cannot detect the image format", e);
    }
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          name, "not a supported image format (JPEG, PNG, GIF, BMP, TIFF, WebP) or not an image");
    }
    return readers.next();
  }

  private void checkDimensions(String name, ImageReader reader, int width, int height)
      throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          name, format(reader) + " header gives an empty size " + width + "x" + height);
    }
    final long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new ImageDecodeException(name, format(reader) + " header says " + width + "x" + height
          + " = " + pixels + " pixels, above the limit of " + maxPixels + "; not decoded");
    }
  }

  /** Refuses an image whose decoded pixels would take more than {@code maxDecodedBytes}. */
  private void checkDecodedBytes(String name, ImageReader reader, int width, int height) throws ImageDecodeException {
    if (maxDecodedBytes == Long.MAX_VALUE) {
      return;
    }
    long bytesPerPixel = 4; // what a decode to (A)RGB takes when the stored layout cannot be told
    try {
      javax.imageio.ImageTypeSpecifier type = reader.getRawImageType(0);
      if (type == null) {
        Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        type = types.hasNext() ? types.next() : null;
      }
      if (type != null) {
        java.awt.image.SampleModel model = type.getSampleModel(1, 1);
        long perSample = Math.max(1, java.awt.image.DataBuffer.getDataTypeSize(model.getDataType()) / 8);
        bytesPerPixel = model instanceof java.awt.image.ComponentSampleModel ? perSample * model.getNumBands() : perSample;
      }
    } catch (IOException | RuntimeException e) {
      // keep the conservative guess
    }
    long bytes = (long) width * height * bytesPerPixel;
    if (bytes > maxDecodedBytes) {
      throw new ImageDecodeException(name, format(reader) + " image of " + width + "x" + height + " at " + bytesPerPixel
          + " bytes per pixel would take " + bytes + " bytes decoded, above the limit of " + maxDecodedBytes + "; not decoded");
    }
  }

  private static String format(ImageReader reader) {
    try {
      return reader.getFormatName().toUpperCase(Locale.ROOT);
    } catch (IOException | RuntimeException e) {
      return "image";
    }
  }

  private static IIOReadWarningListener collect(StringBuilder warnings) {
    return (source, warning) -> {
      if (!warnings.isEmpty()) {
        warnings.append("; ");
      }
      warnings.append(warning);
    };
  }
}
