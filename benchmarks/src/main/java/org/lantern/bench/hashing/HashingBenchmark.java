package org.lantern.bench.hashing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.lantern.core.hash.Hash;
import org.lantern.core.hashing.DHasher;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.PHasher;
import org.lantern.core.hashing.PdqDihedralHashes;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Image hashing throughput on one thread: PDQ (plain and all eight dihedral variants), pHash and
 * dHash on an already-decoded 1024x768 image, and, separately, decoding that image from JPEG.
 *
 * <p>The image is synthetic and seeded (smooth shapes plus noise, so the hashes are not
 * degenerate), held as {@code TYPE_3BYTE_BGR}, the layout ImageIO's JPEG reader produces.
 *
 * <pre>
 * ./mvnw -q -B -pl index-core install -DskipTests
 * ./mvnw -q -B -pl benchmarks package -DskipTests
 * java $FLAGS -jar benchmarks/target/benchmarks.jar HashingBenchmark -f 1 -wi 2 -i 3
 * </pre>
 * ($FLAGS: the parent pom's {@code lantern.jvm.flags}.) Results: {@code benchmarks/RESULTS.md}.
 *
 * <p>Thread-safety: JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class HashingBenchmark {
  /** Width of the benchmark image. */
  public static final int WIDTH = 1024;
  /** Height of the benchmark image. */
  public static final int HEIGHT = 768;
  /** Seed for the synthetic image. */
  public static final long SEED = 0x1A2B3C4DL;

  BufferedImage image;
  byte[] jpeg;
  final PdqHasher pdq = new PdqHasher();
  final PHasher phash = new PHasher();
  final DHasher dhash = new DHasher();
  final ImageDecoder decoder = new ImageDecoder();

  /** Builds the image and its JPEG encoding. */
  @Setup(Level.Trial)
  public void setUp() {
    image = syntheticImage(WIDTH, HEIGHT, SEED);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpeg", out);
      jpeg = out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A seeded image: overlapping coloured ellipses on a gradient, plus noise. */
  public static BufferedImage syntheticImage(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = img.createGraphics();
    g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(random.nextInt(0xffffff)),
        width, height, new java.awt.Color(random.nextInt(0xffffff))));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 40; i++) {
      g.setColor(new java.awt.Color(random.nextInt(0xffffff)));
      g.fillOval(random.nextInt(width), random.nextInt(height),
          20 + random.nextInt(width / 3), 20 + random.nextInt(height / 3));
    }
    g.dispose();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = img.getRGB(x, y);
        int n = random.nextInt(17) - 8;
        int r = Math.max(0, Math.min(255, ((v >> 16) & 0xff) + n));
        int gg = Math.max(0, Math.min(255, ((v >> 8) & 0xff) + n));
        int b = Math.max(0, Math.min(255, (v & 0xff) + n));
        img.setRGB(x, y, r << 16 | gg << 8 | b);
      }
    }
    return img;
  }

  /** PDQ hash + quality of the decoded image. */
  @Benchmark
  public PdqHash pdq() {
    return pdq.hash(image);
  }

  /** PDQ of all eight rotations/mirrors (one DCT). */
  @Benchmark
  public PdqDihedralHashes pdqDihedral() {
    return pdq.hashDihedral(image);
  }

  /** 64-bit pHash of the decoded image. */
  @Benchmark
  public Hash phash() {
    return phash.hash(image);
  }

  /** 64-bit dHash of the decoded image. */
  @Benchmark
  public Hash dhash() {
    return dhash.hash(image);
  }

  /** Decoding the image from its JPEG bytes (no hashing). */
  @Benchmark
  public BufferedImage decodeJpeg() throws ImageDecodeException {
    return decoder.decode(jpeg, "benchmark.jpg");
  }
}
