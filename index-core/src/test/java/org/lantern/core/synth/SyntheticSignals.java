package org.lantern.core.synth;

import java.util.SplittableRandom;
import org.lantern.core.hash.Hash;
import org.lantern.core.signal.SignalType;

/**
 * Seeded synthetic signal values of every type, for benchmarks and load tests: hashes and digests
 * uniform, URLs on a bounded pool of hosts (so that host and prefix lookups find neighbours, as on
 * real file-sharing hosts), keywords and account names from letters without runs (so that folding
 * leaves them as generated), and free text made of a filler vocabulary.
 *
 * <p>Thread-safety: not thread-safe (holds a random stream); deterministic for a seed.
 */
public final class SyntheticSignals {
  private final SplittableRandom random;
  private final int hosts;

  /**
   * @param seed the stream's seed
   * @param hosts how many distinct hosts URLs are spread over
   */
  public SyntheticSignals(long seed, int hosts) {
    this.random = new SplittableRandom(seed);
    this.hosts = Math.max(1, hosts);
  }

  public SplittableRandom random() {
    return random;
  }

  /** A random value of {@code type}, in its canonical spelling. */
  public String value(SignalType type) {
    return switch (type) {
      case PDQ -> Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()).toHex();
      case PHASH, DHASH -> Hash.of64(random.nextLong()).toHex();
      case MD5 -> hex(2);
      case SHA1 -> hex(3).substring(0, 40);
      case SHA256 -> hex(4);
      case URL -> url();
      case KEYWORD -> keyword();
      case EMAIL -> letters(8) + "." + letters(5) + "@" + host();
      case USERNAME -> letters(6) + "_" + letters(6);
    };
  }

  /** {@code https://<host>/<1-4 segments>}, sometimes with a query. */
  public String url() {
    StringBuilder url = new StringBuilder("https://").append(host());
    int depth = 1 + random.nextInt(4);
    for (int i = 0; i < depth; i++) {
      url.append('/').append(letters(3 + random.nextInt(8)));
    }
    if (random.nextInt(4) == 0) {
      url.append("?id=").append(random.nextInt(1_000_000));
    }
    return url.toString();
  }

  /** One of the pool's hosts. */
  public String host() {
    int h = random.nextInt(hosts);
    return "h" + Integer.toString(h, 36) + "x" + (h % 7 == 0 ? ".files.example" : ".example");
  }

  /** A phrase of 1-3 words (60 % one word, 30 % two, 10 % three). */
  public String keyword() {
    int r = random.nextInt(10);
    int words = r < 6 ? 1 : r < 9 ? 2 : 3;
    StringBuilder phrase = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        phrase.append(' ');
      }
      phrase.append(letters(4 + random.nextInt(6)));
    }
    return phrase.toString();
  }

  /** Lower-case letters with no letter twice in a row (folding collapses runs). */
  public String letters(int n) {
    StringBuilder s = new StringBuilder(n);
    char previous = 0;
    while (s.length() < n) {
      char c = (char) ('a' + random.nextInt(26));
      if (c != previous) {
        s.append(c);
        previous = c;
      }
    }
    return s.toString();
  }

  private String hex(int longs) {
    StringBuilder s = new StringBuilder(longs * 16);
    for (int i = 0; i < longs; i++) {
      s.append(String.format("%016x", random.nextLong()));
    }
    return s.toString();
  }
}
