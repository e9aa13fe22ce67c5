package org.lantern.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.testing.TestSeeds;

class SignalStoreTest {
  @TempDir Path dir;
  private final SignalIds ids = new SignalIds("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  private Signal signal(SplittableRandom random, int n) {
    SignalType type = SignalType.values()[random.nextInt(SignalType.values().length)];
    String value = "value-" + n + "-" + Long.toHexString(random.nextLong());
    String id = SignalIds.encode(ids.derive(type, value, "p" + (n % 7)));
    Instant created = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000));
    return new Signal(
        id,
        type,
        value,
        "p" + (n % 7),
        random.nextBoolean() ? List.of("csam", "trade") : List.of(),
        random.nextBoolean() ? "" : "note ünïcödé " + n + " ✓",
        created,
        created.plusMillis(random.nextInt(1000)),
        random.nextBoolean() ? null : created.plusSeconds(86_400),
        SignalStatus.values()[random.nextInt(3)],
        random.nextBoolean() ? List.of() : List.of(id, id.replace('a', 'b')),
        random.nextBoolean() ? List.of() : List.of("meta", "mega"),
        random.nextLong(1, Long.MAX_VALUE));
  }

  @Test
  void everyFieldRoundTripsAndSurvivesReopen() {
    SplittableRandom random = TestSeeds.random("store-roundtrip");
    Map<String, StoredSignal> written = new HashMap<>();
    try (SignalStore store = SignalStore.open(dir, 1_000, false)) {
      for (int n = 0; n < 500; n++) {
        StoredSignal s = new StoredSignal(signal(random, n), random.nextInt(3) - 1L);
        store.put(s);
        written.put(s.signal().id(), s);
      }
      for (StoredSignal s : written.values()) {
        assertThat(store.get(s.signal().id())).as(TestSeeds.describe()).isEqualTo(s);
      }
    }
    try (SignalStore store = SignalStore.open(dir, 1_000, false)) {
      assertThat(store.size()).isEqualTo(written.size());
      List<StoredSignal> all = new ArrayList<>();
      store.forEach(all::add);
      assertThat(all).containsExactlyInAnyOrderElementsOf(written.values());
      assertThat(store.get("not-an-id")).isNull();
    }
  }

  @Test
  void growsIntoNewGenerationsFarPastThePlannedSize() {
    SplittableRandom random = TestSeeds.random("store-growth");
    List<StoredSignal> written = new ArrayList<>();
    try (SignalStore store = SignalStore.open(dir, 500, false)) {
      for (int n = 0; n < 20_000; n++) { // 40 × the first generation's plan
        StoredSignal s = new StoredSignal(signal(random, n), -1);
        store.put(s);
        written.add(s);
      }
      assertThat(store.generations()).isGreaterThan(3);
      assertThat(store.size()).isEqualTo(written.size());
      // An update goes to the generation holding the key: no duplicates anywhere.
      StoredSignal first = written.get(0);
      StoredSignal changed = new StoredSignal(first.signal().withStatus(SignalStatus.RETRACTED, Instant.EPOCH, 99), 7);
      store.put(changed);
      written.set(0, changed);
      assertThat(store.size()).isEqualTo(written.size());
    }
    try (SignalStore store = SignalStore.open(dir, 500, true)) { // recovery open also works on a clean store
      assertThat(store.size()).isEqualTo(written.size());
      for (int i = 0; i < written.size(); i += 37) {
        assertThat(store.get(written.get(i).signal().id())).isEqualTo(written.get(i));
      }
      assertThat(store.get(written.get(0).signal().id()).ordinal()).isEqualTo(7);
    }
  }

  @Test
  void changeLogKeepsOrderAndTheAppliedMarkAcrossReopen() {
    Path file = dir.resolve("changes.log");
    List<byte[]> logged = new ArrayList<>();
    try (ChangeLog log = ChangeLog.open(file)) {
      assertThat(log.size()).isZero();
      for (int i = 0; i < 100_000; i++) { // crosses several mapped chunks
        byte[] id = ids.derive(SignalType.MD5, Integer.toString(i), "p");
        assertThat(log.append(id)).isEqualTo(i + 1L);
        logged.add(id);
      }
      log.markApplied(77);
    }
    try (ChangeLog log = ChangeLog.open(file)) {
      assertThat(log.size()).isEqualTo(logged.size());
      assertThat(log.appliedSequence()).isEqualTo(77);
      for (int i = 0; i < logged.size(); i += 997) {
        assertThat(log.idAt(i + 1)).isEqualTo(logged.get(i));
      }
    }
  }
}
