package org.lantern.loaders.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded random {@link ScriptedFormat} input and what loading it once into an empty exchange
 * must count: the oracle the pipeline tests compare with. It mixes new signals, exact repeats,
 * repeats with another category (updates), values the exchange refuses, retractions of stored and
 * of unknown signals, reader rejects and unsupported hashes.
 */
final class Script {
  final List<String> lines = new ArrayList<>();
  long read;
  long loaded;
  long updated;
  long retracted;
  long duplicates;
  long rejected;
  long unsupported;

  /** One stored signal's state in the oracle. */
  private record State(boolean active, String category) {}

  static Script generate(long seed, int records) {
    SplittableRandom random = new SplittableRandom(seed);
    Script s = new Script();
    Map<String, State> store = new HashMap<>();
    List<String> seen = new ArrayList<>();
    String[] categories = {"csam", "trade", null};
    for (int i = 0; i < records; i++) {
      int dice = random.nextInt(100);
      if (dice < 60 || seen.isEmpty()) {
        String type = random.nextInt(4) == 0 ? "md5" : "pdq";
        String value = hex(random, type.equals("md5") ? 16 : 32);
        String category = categories[random.nextInt(3)];
        s.submit(store, seen, type + " " + value, category);
      } else if (dice < 75) { // the same signal again, with the same or another category
        String key = seen.get(random.nextInt(seen.size()));
        String category = random.nextBoolean() ? store.get(key).category() : categories[random.nextInt(3)];
        s.submit(store, seen, key, category);
      } else if (dice < 80) {
        s.lines.add("+pdq " + hex(random, 31) + "zz"); // not hex: the exchange refuses it
        s.read++;
        s.rejected++;
      } else if (dice < 86) {
        String key = random.nextInt(4) == 0 ? "pdq " + hex(random, 32) : seen.get(random.nextInt(seen.size()));
        s.lines.add("-" + key);
        s.read++;
        State state = store.get(key);
        if (state != null && state.active()) {
          store.put(key, new State(false, state.category()));
          s.updated++;
          s.retracted++;
        } else {
          s.duplicates++;
        }
      } else if (dice < 93) {
        s.lines.add("!field x: expected a hex digit at position " + random.nextInt(64));
        s.read++;
        s.rejected++;
      } else if (dice < 96) {
        s.lines.add("?photodna");
        s.unsupported++;
      } else {
        s.lines.add(""); // skipped: not a record
        i--;
      }
    }
    return s;
  }

  private void submit(Map<String, State> store, List<String> seen, String key, String category) {
    lines.add("+" + key + (category == null ? "" : " " + category));
    read++;
    State state = store.get(key);
    if (state == null) {
      loaded++;
      seen.add(key);
    } else if (state.active() && java.util.Objects.equals(state.category(), category)) {
      duplicates++;
    } else {
      updated++;
    }
    store.put(key, new State(true, category));
  }

  private static String hex(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  String text() {
    return String.join("\n", lines) + "\n";
  }
}
