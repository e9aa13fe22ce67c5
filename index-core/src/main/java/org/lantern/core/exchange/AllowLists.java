package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.store.StoreFormatException;

/**
 * Every participant's allow-list, in memory and in an append-only log {@code
 * <data>/allowlists.log} (one line per addition or removal, fields percent-encoded and tab
 * separated). Allow-lists are small (a platform's stock images and domains), so the whole state is
 * replayed on open; a torn last line (the process died mid-write) is ignored and cut off.
 *
 * <p>Suppression: a matched signal is suppressed for a participant if its (type, canonical value)
 * is on that participant's list, or, for URLs, if it lies under a listed URL (same host and port,
 * path starting with the listed path).
 *
 * <p>Thread-safety: thread-safe; lookups read concurrent maps, changes are serialized.
 */
final class AllowLists implements AutoCloseable {
  static final String FILE = "allowlists.log";

  private final FileChannel log;
  /** participant → ("type:value" → entry), in insertion order per participant. */
  private final Map<String, Map<String, AllowEntry>> lists = new ConcurrentHashMap<>();
  /** participant → host[:port]+path prefixes of its URL entries. */
  private final Map<String, List<String>> urlPrefixes = new ConcurrentHashMap<>();

  private AllowLists(FileChannel log) {
    this.log = log;
  }

  static AllowLists open(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      long complete = 0;
      List<String[]> records = new ArrayList<>();
      if (Files.exists(file)) {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            records.add(new String(bytes, start, i - start, StandardCharsets.UTF_8).split("\t", -1));
            start = i + 1;
          }
        }
        complete = start;
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      channel.truncate(complete); // a torn last line never got acknowledged
      channel.position(complete);
      AllowLists lists = new AllowLists(channel);
      int line = 0;
      for (String[] r : records) {
        line++;
        try {
          lists.apply(r);
        } catch (RuntimeException e) {
          channel.close();
          throw new StoreFormatException(file + " line " + line + " is damaged: " + e.getMessage());
        }
      }
      return lists;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  private void apply(String[] r) {
    String participant = decode(r[1]);
    SignalType type = SignalType.fromLabel(decode(r[2]));
    String value = decode(r[3]);
    if (r[0].equals("+")) {
      put(participant, new AllowEntry(type, value, decode(r[5]), Instant.ofEpochMilli(Long.parseLong(r[4]))));
    } else if (r[0].equals("-")) {
      delete(participant, type, value);
    } else {
      throw new IllegalArgumentException("unknown record kind '" + r[0] + "'");
    }
  }

  /** Adds (or replaces) an entry on {@code participant}'s list. */
  synchronized void add(String participant, AllowEntry entry) {
    append(String.join("\t", "+", encode(participant), encode(entry.type().label()), encode(entry.value()),
        Long.toString(entry.created().toEpochMilli()), encode(entry.note())));
    put(participant, entry);
  }

  /** Removes an entry; true if it was there. */
  synchronized boolean remove(String participant, SignalType type, String value) {
    Map<String, AllowEntry> list = lists.get(participant);
    if (list == null || !list.containsKey(type.label() + ":" + value)) {
      return false;
    }
    append(String.join("\t", "-", encode(participant), encode(type.label()), encode(value)));
    delete(participant, type, value);
    return true;
  }

  List<AllowEntry> list(String participant) {
    Map<String, AllowEntry> list = lists.get(participant);
    return list == null ? List.of() : List.copyOf(list.values());
  }

  /** True if {@code participant} has any entry of {@code type} (lookups skip the check otherwise). */
  boolean hasAny(String participant, SignalType type) {
    Map<String, AllowEntry> list = lists.get(participant);
    if (list == null || list.isEmpty()) {
      return false;
    }
    String prefix = type.label() + ":";
    synchronized (list) {
      for (String key : list.keySet()) {
        if (key.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The canonical values of {@code participant}'s entries of {@code type}. */
  java.util.Set<String> values(String participant, SignalType type) {
    java.util.Set<String> values = new java.util.HashSet<>();
    for (AllowEntry e : list(participant)) {
      if (e.type() == type) {
        values.add(e.value());
      }
    }
    return values;
  }

  /** True if {@code participant} marked {@code matched} (or, for URLs, a URL above it) benign. */
  boolean suppresses(String participant, Signal matched) {
    Map<String, AllowEntry> list = lists.get(participant);
    if (list == null || list.isEmpty()) {
      return false;
    }
    if (list.containsKey(matched.type().label() + ":" + matched.value())) {
      return true;
    }
    if (matched.type() == SignalType.URL) {
      List<String> prefixes = urlPrefixes.getOrDefault(participant, List.of());
      if (!prefixes.isEmpty()) {
        String hostAndPath = UrlCanonicalizer.canonicalize(matched.value()).hostAndPath();
        for (String prefix : prefixes) {
          if (hostAndPath.startsWith(prefix)
              && (hostAndPath.length() == prefix.length() || prefix.endsWith("/") || hostAndPath.charAt(prefix.length()) == '/')) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void put(String participant, AllowEntry entry) {
    lists.computeIfAbsent(participant, p -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()))
        .put(entry.type().label() + ":" + entry.value(), entry);
    rebuildPrefixes(participant);
  }

  private void delete(String participant, SignalType type, String value) {
    Map<String, AllowEntry> list = lists.get(participant);
    if (list != null) {
      list.remove(type.label() + ":" + value);
      rebuildPrefixes(participant);
    }
  }

  private void rebuildPrefixes(String participant) {
    List<String> prefixes = new ArrayList<>();
    for (AllowEntry e : list(participant)) {
      if (e.type() == SignalType.URL) {
        CanonicalUrl url = UrlCanonicalizer.canonicalize(e.value());
        prefixes.add(url.hostAndPath());
      }
    }
    urlPrefixes.put(participant, List.copyOf(prefixes));
  }

  private void append(String line) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        log.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the allow-list log", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  void force() {
    try {
      log.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the allow-list log", e);
    }
  }

  @Override
  public void close() {
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the allow-list log", e);
    }
  }
}
