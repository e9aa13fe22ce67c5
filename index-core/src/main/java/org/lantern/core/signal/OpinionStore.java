package org.lantern.core.signal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.lantern.core.store.StoreFormatException;

/**
 * The opinions given on each signal, keyed by signal id: one record per signal listing (participant,
 * opinion, note, time), one entry per participant. Chronicle Map generations in {@code
 * <data>/opinions/}. A signal gets few opinions (one per participant at most), so rewriting its
 * whole list on a change is cheap and keeps "one opinion per participant" a property of a single
 * atomic put.
 *
 * <p>Thread-safety: reads from any thread; writes serialized by the caller.
 */
public final class OpinionStore implements AutoCloseable {
  private static final byte FORMAT = 1;

  private final ChronicleGenerations maps;
  /**
   * Ids of the signals that have any opinion, in memory: most matched signals have none, and a
   * lookup answers for each hit, so a miss here saves a map lookup per hit on the hot path.
   */
  private final java.util.Set<String> withOpinions = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private OpinionStore(ChronicleGenerations maps) {
    this.maps = maps;
    maps.forEach((key, value) -> withOpinions.add(SignalIds.encode(key)));
  }

  public static OpinionStore open(Path dir, long entriesPerGeneration, boolean recover) {
    return new OpinionStore(new ChronicleGenerations(dir, "opinions", entriesPerGeneration, SignalIds.BYTES, 96, recover));
  }

  /** Every opinion on signal {@code id}, in the order first given. */
  public List<Feedback> get(String id) {
    byte[] bytes = maps.get(SignalIds.decode(id));
    return bytes == null ? List.of() : decode(id, bytes);
  }

  /** Sets (or replaces) {@code participant}'s opinion on signal {@code id}. Writer only. */
  public void put(Feedback feedback) {
    List<Feedback> all = new ArrayList<>(get(feedback.signalId()));
    boolean replaced = false;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).participant().equals(feedback.participant())) {
        all.set(i, feedback);
        replaced = true;
      }
    }
    if (!replaced) {
      all.add(feedback);
    }
    maps.put(SignalIds.decode(feedback.signalId()), encode(all));
    withOpinions.add(feedback.signalId());
  }

  /** The counts on signal {@code id}, with {@code participant}'s own opinion. */
  public Opinions summary(String id, String participant) {
    if (!withOpinions.contains(id)) {
      return Opinions.NONE;
    }
    byte[] bytes = maps.get(SignalIds.decode(id));
    return bytes == null ? Opinions.NONE : summarize(decode(id, bytes), participant);
  }

  /** Counts over a list of opinions. */
  public static Opinions summarize(List<Feedback> all, String participant) {
    int confirmed = 0;
    int falsePositive = 0;
    int seen = 0;
    Opinion mine = null;
    for (Feedback f : all) {
      switch (f.opinion()) {
        case CONFIRMED -> confirmed++;
        case FALSE_POSITIVE -> falsePositive++;
        case SEEN -> seen++;
      }
      if (f.participant().equals(participant)) {
        mine = f.opinion();
      }
    }
    return new Opinions(confirmed, falsePositive, seen, mine);
  }

  /** Every signal's opinions. */
  public void forEach(Consumer<List<Feedback>> action) {
    maps.forEach((key, value) -> action.accept(decode(SignalIds.encode(key), value)));
  }

  private static byte[] encode(List<Feedback> all) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeShort(all.size());
      for (Feedback f : all) {
        out.writeUTF(f.participant());
        out.writeByte(f.opinion().ordinal());
        out.writeUTF(f.note());
        out.writeLong(f.time().toEpochMilli());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<Feedback> decode(String id, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != FORMAT) {
        throw new StoreFormatException("opinions of " + id + " have an unknown format");
      }
      int n = in.readUnsignedShort();
      List<Feedback> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String participant = in.readUTF();
        Opinion opinion = Opinion.values()[in.readByte()];
        String note = in.readUTF();
        all.add(new Feedback(id, participant, opinion, note, Instant.ofEpochMilli(in.readLong())));
      }
      return all;
    } catch (IOException | RuntimeException e) {
      throw new StoreFormatException("opinions of " + id + " are damaged: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    maps.close();
  }
}
