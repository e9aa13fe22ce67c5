package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lantern.core.hash.Hamming;
import org.lantern.core.hash.Hash;
import org.lantern.core.search.HitCollector;
import org.lantern.core.search.HitFilter;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.testing.TestSeeds;

/**
 * {@link RestrictedHashes} against a map model: random adds, moves between audiences and removals
 * (enough of them to compact partitions many times), each followed by searches of every audience
 * whose hits must equal a brute-force scan of the model, and exact-value lookups across audiences.
 */
class RestrictedHashesTest {
  private record Held(Hash hash, int audience) {}

  @Test
  void searchesEqualBruteForceThroughAddsMovesRemovalsAndCompactions() {
    SplittableRandom random = TestSeeds.random("restricted-hashes");
    RestrictedHashes hashes = new RestrictedHashes(256);
    Map<String, Held> model = new HashMap<>();
    List<Hash> pool = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      pool.add(Hash.of256(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ids.add(SignalIds.encode(idBytes(i)));
    }
    int operations = TestSeeds.iterations(20_000);
    for (int op = 0; op < operations; op++) {
      String id = ids.get(random.nextInt(ids.size()));
      byte[] binary = SignalIds.decode(id);
      if (random.nextInt(3) == 0) {
        hashes.remove(binary);
        model.remove(id);
      } else {
        Held old = model.get(id);
        Hash hash = old != null ? old.hash() : pool.get(random.nextInt(pool.size())); // a signal's hash never changes
        int audience = 1 + random.nextInt(4);
        hashes.put(binary, hash, audience);
        model.put(id, new Held(hash, audience));
      }
      if (op % 500 == 0) {
        check(hashes, model, pool.get(random.nextInt(pool.size())), "op " + op + " " + TestSeeds.describe());
      }
    }
    assertThat(hashes.size()).isEqualTo(model.size());
  }

  private static void check(RestrictedHashes hashes, Map<String, Held> model, Hash query, String context) {
    for (int audience = 0; audience <= 5; audience++) {
      for (int radius : new int[] {0, 100, 128, 256}) {
        final int a = audience;
        Map<String, Integer> want = new TreeMap<>();
        model.forEach((id, h) -> {
          int d = Hamming.distance(query.words(), h.hash().words());
          if (h.audience() == a && d <= radius) {
            want.put(id, d);
          }
        });
        Map<String, Integer> got = new TreeMap<>();
        RestrictedHashes.Hits hits = hashes.search(audience, query.words(), Integer.MAX_VALUE, radius, view -> HitFilter.ALL);
        if (hits != null) {
          for (long packed : hits.packed()) {
            byte[] id = hits.view().idAt(HitCollector.ordinal(packed));
            assertThat(got.put(SignalIds.encode(id), HitCollector.distance(packed))).as(context).isNull();
          }
        }
        assertThat(got).as("%s: audience %d radius %d", context, audience, radius).isEqualTo(want);
      }
    }
    Hash any = model.isEmpty() ? query : model.values().iterator().next().hash();
    List<String> equal = new ArrayList<>();
    hashes.idsOf(any).forEach(id -> equal.add(SignalIds.encode(id)));
    List<String> wantEqual = new ArrayList<>();
    model.forEach((id, h) -> {
      if (h.hash().equals(any)) {
        wantEqual.add(id);
      }
    });
    assertThat(equal).as(context).containsExactlyInAnyOrderElementsOf(wantEqual);
  }

  private static byte[] idBytes(int i) {
    byte[] id = new byte[SignalIds.BYTES];
    id[0] = (byte) (i >>> 8);
    id[1] = (byte) i;
    id[15] = 7;
    return id;
  }
}
