package org.lantern.core.participant;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.store.StoreFormatException;

/**
 * The exchange's participants and their API keys, in {@code <data>/participants.properties}.
 *
 * <p>An API key is {@code lk_<key id>_<secret>}: a 10-character id that names the key (shown in
 * lists, used to revoke it) and 256 random bits. Only the SHA-256 of the whole key is stored, so
 * a copy of the data directory does not hand out working keys; the key itself is returned once, by
 * {@link #createKey}. A plain hash (not a slow password hash) is enough because the secret is 256
 * random bits, not something a person chose.
 *
 * <p>Every change rewrites the file through a temporary file, {@code fsync} and an atomic rename:
 * changes are rare, and a half-written participant list must never lock everybody out.
 *
 * <p>Thread-safety: thread-safe. Changes are serialized; {@link #authenticate} reads an immutable
 * snapshot without locking (it runs on every request).
 */
public final class Participants {
  static final String FILE = "participants.properties";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern KEY = Pattern.compile("lk_([a-z2-7]{10})_([a-z2-7]{52})");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Path file;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Snapshot snapshot;

  /** The whole state; replaced, never changed, so that readers need no lock. */
  private record Snapshot(Map<String, Participant> participants, Map<String, StoredKey> keys) {}

  private record StoredKey(String keyId, String participant, String sha256, Instant created, Instant revoked) {}

  /** A newly created API key: the only time its secret is seen. */
  public record NewKey(String participant, String keyId, String secret) {}

  private Participants(Path file, Clock clock, Snapshot snapshot) {
    this.file = file;
    this.clock = clock;
    this.snapshot = snapshot;
  }

  /** Opens (or starts empty) the participant list of a data directory. */
  public static Participants open(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return new Participants(file, clock, new Snapshot(Map.of(), Map.of()));
    }
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      return new Participants(file, clock, parse(p));
    } catch (RuntimeException e) {
      throw new StoreFormatException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** Every participant, by id. */
  public List<Participant> list() {
    return new ArrayList<>(snapshot.participants().values());
  }

  public Optional<Participant> get(String id) {
    return Optional.ofNullable(snapshot.participants().get(id));
  }

  public boolean isEmpty() {
    return snapshot.participants().isEmpty();
  }

  /**
   * The caller a presented API key stands for, if the key is well-formed, known, not revoked and
   * its participant is active; empty otherwise (the HTTP layer answers 401 without saying which).
   */
  public Optional<Caller> authenticate(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    var m = KEY.matcher(presented.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    Snapshot s = snapshot;
    StoredKey key = s.keys().get(m.group(1));
    if (key == null || key.revoked() != null) {
      return Optional.empty();
    }
    byte[] expected = HexFormat.of().parseHex(key.sha256());
    if (!MessageDigest.isEqual(expected, sha256(presented.trim()))) { // constant time
      return Optional.empty();
    }
    Participant participant = s.participants().get(key.participant());
    if (participant == null || participant.suspended()) {
      return Optional.empty();
    }
    return Optional.of(new Caller(participant.id(), participant.roles()));
  }

  /**
   * The caller for a participant id, for trusted local use (the command line on the data
   * directory); empty if unknown or suspended.
   */
  public Optional<Caller> caller(String id) {
    Participant participant = snapshot.participants().get(id);
    if (participant == null || participant.suspended()) {
      return Optional.empty();
    }
    return Optional.of(new Caller(participant.id(), participant.roles()));
  }

  /** True if {@code id} names an active participant right now (a caller may have been suspended since). */
  public boolean isActive(String id) {
    if (Caller.LOCAL_OPERATOR.equals(id)) {
      return true;
    }
    Participant participant = snapshot.participants().get(id);
    return participant != null && !participant.suspended();
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  /**
   * Adds a participant.
   *
   * @throws SignalRejectedException {@code invalid_participant} for a bad id, {@code conflict} if
   *     it exists
   */
  public synchronized Participant add(String id, String displayName, Set<Role> roles) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new SignalRejectedException("invalid_participant", "id", "'" + id + "' is not a participant id (1-64 of [A-Za-z0-9._-], starting with a letter or digit)");
    }
    if (roles == null || roles.isEmpty()) {
      throw new SignalRejectedException("invalid_role", "roles", "a participant needs at least one role (contributor, reader, admin)");
    }
    Snapshot s = snapshot;
    if (s.participants().containsKey(id)) {
      throw new SignalRejectedException("conflict", "id", "participant '" + id + "' already exists");
    }
    String name = displayName == null || displayName.isBlank() ? id : displayName.strip();
    Participant participant = new Participant(id, name, EnumSet.copyOf(roles), false, now(), List.of());
    Map<String, Participant> participants = new TreeMap<>(s.participants());
    participants.put(id, participant);
    save(new Snapshot(participants, s.keys()));
    return participant;
  }

  /** Suspends or reactivates a participant; its keys stop (or start again) working at once. */
  public synchronized Participant setSuspended(String id, boolean suspended) {
    Participant p = require(id);
    Participant changed = new Participant(p.id(), p.displayName(), p.roles(), suspended, p.created(), p.keys());
    Map<String, Participant> participants = new TreeMap<>(snapshot.participants());
    participants.put(id, changed);
    save(new Snapshot(participants, snapshot.keys()));
    return changed;
  }

  /** Creates an API key for a participant and returns it; only its hash is kept. */
  public synchronized NewKey createKey(String id) {
    require(id);
    String keyId;
    do {
      keyId = base32(7).substring(0, 10);
    } while (snapshot.keys().containsKey(keyId));
    String secret = "lk_" + keyId + "_" + base32(33).substring(0, 52);
    Map<String, StoredKey> keys = new TreeMap<>(snapshot.keys());
    keys.put(keyId, new StoredKey(keyId, id, HexFormat.of().formatHex(sha256(secret)), now(), null));
    save(rebuild(snapshot.participants(), keys));
    return new NewKey(id, keyId, secret);
  }

  /**
   * Revokes one of a participant's keys.
   *
   * @throws SignalRejectedException {@code not_found} if the participant has no such key
   */
  public synchronized boolean revokeKey(String id, String keyId) {
    require(id);
    StoredKey key = snapshot.keys().get(keyId);
    if (key == null || !key.participant().equals(id)) {
      throw new SignalRejectedException("not_found", "key_id", "participant '" + id + "' has no key '" + keyId + "'");
    }
    if (key.revoked() != null) {
      return false;
    }
    Map<String, StoredKey> keys = new TreeMap<>(snapshot.keys());
    keys.put(keyId, new StoredKey(keyId, id, key.sha256(), key.created(), now()));
    save(rebuild(snapshot.participants(), keys));
    return true;
  }

  private Participant require(String id) {
    Participant p = snapshot.participants().get(id);
    if (p == null) {
      throw new SignalRejectedException("not_found", "id", "no participant has id '" + id + "'");
    }
    return p;
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** A snapshot whose participants list the given keys. */
  private static Snapshot rebuild(Map<String, Participant> participants, Map<String, StoredKey> keys) {
    Map<String, List<Participant.ApiKeyInfo>> byParticipant = new LinkedHashMap<>();
    for (StoredKey k : keys.values()) {
      byParticipant.computeIfAbsent(k.participant(), x -> new ArrayList<>())
          .add(new Participant.ApiKeyInfo(k.keyId(), k.created(), k.revoked()));
    }
    Map<String, Participant> out = new TreeMap<>();
    for (Participant p : participants.values()) {
      out.put(p.id(), new Participant(p.id(), p.displayName(), p.roles(), p.suspended(), p.created(),
          byParticipant.getOrDefault(p.id(), List.of())));
    }
    return new Snapshot(out, new TreeMap<>(keys));
  }

  private void save(Snapshot next) {
    Properties p = new Properties();
    for (Participant participant : next.participants().values()) {
      String prefix = "participant." + participant.id() + ".";
      p.setProperty(prefix + "name", participant.displayName());
      List<String> roles = new ArrayList<>();
      for (Role r : participant.roles()) {
        roles.add(r.label());
      }
      roles.sort(null);
      p.setProperty(prefix + "roles", String.join(",", roles));
      p.setProperty(prefix + "suspended", Boolean.toString(participant.suspended()));
      p.setProperty(prefix + "created", participant.created().toString());
    }
    for (StoredKey k : next.keys().values()) {
      String prefix = "key." + k.keyId() + ".";
      p.setProperty(prefix + "participant", k.participant());
      p.setProperty(prefix + "sha256", k.sha256());
      p.setProperty(prefix + "created", k.created().toString());
      if (k.revoked() != null) {
        p.setProperty(prefix + "revoked", k.revoked().toString());
      }
    }
    try {
      StringWriter text = new StringWriter();
      p.store(text, "Lantern participants and API key hashes; written by the exchange, do not edit by hand");
      Path tmp = file.resolveSibling(FILE + ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    snapshot = rebuild(next.participants(), next.keys());
  }

  private static Snapshot parse(Properties p) {
    Map<String, Participant> participants = new TreeMap<>();
    Map<String, StoredKey> keys = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("participant.") && name.endsWith(".roles")) {
        String id = name.substring("participant.".length(), name.length() - ".roles".length());
        String prefix = "participant." + id + ".";
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : p.getProperty(name).split(",")) {
          roles.add(Role.fromLabel(r));
        }
        participants.put(id, new Participant(id, p.getProperty(prefix + "name", id), roles,
            Boolean.parseBoolean(p.getProperty(prefix + "suspended", "false")),
            Instant.parse(p.getProperty(prefix + "created")), List.of()));
      } else if (name.startsWith("key.") && name.endsWith(".sha256")) {
        String keyId = name.substring("key.".length(), name.length() - ".sha256".length());
        String prefix = "key." + keyId + ".";
        String revoked = p.getProperty(prefix + "revoked");
        keys.put(keyId, new StoredKey(keyId, p.getProperty(prefix + "participant"), p.getProperty(name),
            Instant.parse(p.getProperty(prefix + "created")), revoked == null ? null : Instant.parse(revoked)));
      }
    }
    return rebuild(participants, keys);
  }

  private String base32(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
