package org.lantern.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of one entry: one line of JSON (UTF-8), fields in this order:
 *
 * <pre>
 * {"seq":17,"time":"2026-11-25T08:16:57.123456Z","participant":"mega","op":"match_hashes",
 *  "types":["pdq"],"queries":3,"matches":1,"matched_ids":["0f3a…"],"detail":"…",
 *  "prev":"&lt;64 hex&gt;","hash":"&lt;64 hex&gt;"}\n
 * </pre>
 *
 * (one line on disk; {@code detail} is left out when null). {@code prev} is the SHA-256 of the
 * previous line's exact bytes including its {@code '\n'}. {@code hash} is the SHA-256 of this
 * line's bytes <em>before</em> {@code ,"hash":"}, i.e. of everything else in the entry; it is
 * always the last field, so the line always ends with the fixed-size {@value #SUFFIX_LENGTH}-byte
 * suffix {@code ,"hash":"<64 hex>"}\n}, which a reader checks byte for byte. Between them the two
 * hashes cover every byte of every line: see {@code package-info.java} for why both are needed.
 *
 * <p>Writing is hand-rolled into a reused byte buffer (the append hot path allocates nothing but
 * its result); reading uses jackson-core's streaming parser, strictly: no unknown or duplicate
 * fields, nothing after the object.
 *
 * <p>Thread-safety: the static parts are stateless; an {@link Encoder} belongs to one thread at a
 * time (the log's writer lock).
 */
final class AuditFormat {
  /** Hex SHA-256 digits. */
  static final int HASH_HEX = 64;

  /** {@code ,"hash":"} */
  private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);

  /** Bytes from {@code ,"hash":"} to the end of the line: key, 64 hex digits, {@code "}} and {@code \n}. */
  static final int SUFFIX_LENGTH = 9 + HASH_HEX + 3;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private AuditFormat() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Writes {@code digest} as 64 lowercase hex digits into {@code out} at {@code at}. */
  static void hex(byte[] digest, byte[] out, int at) {
    for (int i = 0; i < digest.length; i++) {
      out[at + 2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[at + 2 * i + 1] = HEX[digest[i] & 0xF];
    }
  }

  /** Hex SHA-256 of {@code bytes[from, from + length)} as a string. */
  static String sha256Hex(MessageDigest sha, byte[] bytes, int from, int length) {
    sha.update(bytes, from, length);
    byte[] hex = new byte[HASH_HEX];
    hex(sha.digest(), hex, 0);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  static boolean isLowerHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
  }

  /**
   * Formats entries into one reused buffer and hashes them. After {@link #encode}, {@link
   * #buffer()}[0, {@link #length()}) is the complete line, {@code '\n'} included, and {@link
   * #lineHash()} its SHA-256 in hex (the next entry's {@code prev}).
   */
  static final class Encoder {
    private final MessageDigest sha = sha256();
    private final byte[] lineHash = new byte[HASH_HEX];
    private byte[] buf = new byte[1024]; // grows to the longest line seen; a few KiB in practice
    private int count;
    // Date part of the last time written, cached: entries of one day share "yyyy-MM-dd".
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    byte[] buffer() {
      return buf;
    }

    int length() {
      return count;
    }

    byte[] lineHash() {
      return lineHash;
    }

    /** Formats one entry; {@code time} must already be truncated to microseconds. */
    void encode(long seq, Instant time, AuditEvent e, byte[] prevHex) {
      count = 0;
      ascii("{\"seq\":");
      number(seq);
      ascii(",\"time\":\"");
      time(time);
      ascii("\",\"participant\":");
      string(e.participant());
      ascii(",\"op\":");
      string(e.operation());
      ascii(",\"types\":");
      strings(e.signalTypes());
      ascii(",\"queries\":");
      number(e.queries());
      ascii(",\"matches\":");
      number(e.matches());
      ascii(",\"matched_ids\":");
      strings(e.matchedIds());
      if (e.detail() != null) {
        ascii(",\"detail\":");
        string(e.detail());
      }
      ascii(",\"prev\":\"");
      ensure(HASH_HEX + SUFFIX_LENGTH + 1);
      System.arraycopy(prevHex, 0, buf, count, HASH_HEX);
      count += HASH_HEX;
      buf[count++] = '"';
      // The entry's own hash covers everything written so far, i.e. everything but itself.
      sha.update(buf, 0, count);
      byte[] own = sha.digest();
      System.arraycopy(HASH_KEY, 0, buf, count, HASH_KEY.length);
      count += HASH_KEY.length;
      hex(own, buf, count);
      count += HASH_HEX;
      buf[count++] = '"';
      buf[count++] = '}';
      buf[count++] = '\n';
      sha.update(buf, 0, count);
      hex(sha.digest(), lineHash, 0);
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    private void ascii(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[count++] = (byte) s.charAt(i);
      }
    }

    private void number(long v) {
      ensure(20);
      if (v == 0) {
        buf[count++] = '0';
        return;
      }
      // v >= 0 here (sequences, counts): digits backwards into place.
      int digits = 0;
      for (long t = v; t != 0; t /= 10) {
        digits++;
      }
      for (int i = count + digits - 1; i >= count; i--) {
        buf[i] = (byte) ('0' + (v % 10));
        v /= 10;
      }
      count += digits;
    }

    /** yyyy-MM-ddTHH:mm:ss.SSSSSSZ (fixed width; years 0000–9999). */
    private void time(Instant t) {
      long seconds = t.getEpochSecond();
      long day = Math.floorDiv(seconds, 86_400);
      if (day != cachedDay) {
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 0 || date.getYear() > 9999) {
          throw new IllegalStateException("clock out of range for the audit log: " + t);
        }
        digits(cachedDate, 0, date.getYear(), 4);
        cachedDate[4] = '-';
        digits(cachedDate, 5, date.getMonthValue(), 2);
        cachedDate[7] = '-';
        digits(cachedDate, 8, date.getDayOfMonth(), 2);
        cachedDay = day;
      }
      ensure(27);
      System.arraycopy(cachedDate, 0, buf, count, 10);
      int secondOfDay = Math.floorMod(seconds, 86_400);
      buf[count + 10] = 'T';
      digits(buf, count + 11, secondOfDay / 3600, 2);
      buf[count + 13] = ':';
      digits(buf, count + 14, secondOfDay / 60 % 60, 2);
      buf[count + 16] = ':';
      digits(buf, count + 17, secondOfDay % 60, 2);
      buf[count + 19] = '.';
      digits(buf, count + 20, t.getNano() / 1000, 6);
      buf[count + 26] = 'Z';
      count += 27;
    }

    private static void digits(byte[] out, int at, int value, int width) {
      for (int i = at + width - 1; i >= at; i--) {
        out[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
    }

    private void strings(List<String> values) {
      ensure(1);
      buf[count++] = '[';
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          ensure(1);
          buf[count++] = ',';
        }
        string(values.get(i));
      }
      ensure(1);
      buf[count++] = ']';
    }

    /**
     * A JSON string (RFC 8259): {@code "} and {@code \} escaped, control characters as {@code \n},
     * {@code \t}, ... or {@code \}{@code u00XX}, everything else as UTF-8. An unpaired surrogate
     * (which UTF-8 cannot carry) is written as a {@code \}{@code uXXXX} escape, so the value reads
     * back exactly as it was given.
     */
    private void string(String s) {
      int n = s.length();
      ensure(2 + 6 * n); // 6 bytes per char at worst (an escape); a surrogate pair takes 4 for 2
      byte[] b = buf;
      int at = count;
      b[at++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (c == '"' || c == '\\') {
            b[at++] = '\\';
            b[at++] = (byte) c;
          } else if (c >= 0x20) {
            b[at++] = (byte) c;
          } else {
            b[at++] = '\\';
            switch (c) {
              case '\n' -> b[at++] = 'n';
              case '\r' -> b[at++] = 'r';
              case '\t' -> b[at++] = 't';
              case '\b' -> b[at++] = 'b';
              case '\f' -> b[at++] = 'f';
              default -> at = unicodeEscape(b, at - 1, c);
            }
          }
        } else if (c < 0x800) {
          b[at++] = (byte) (0xC0 | (c >> 6));
          b[at++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[at++] = (byte) (0xF0 | (cp >> 18));
          b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[at++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
          at = unicodeEscape(b, at, c);
        } else {
          b[at++] = (byte) (0xE0 | (c >> 12));
          b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[at++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      b[at++] = '"';
      count = at;
    }

    private static int unicodeEscape(byte[] b, int at, char c) {
      b[at++] = '\\';
      b[at++] = 'u';
      b[at++] = HEX[(c >> 12) & 0xF];
      b[at++] = HEX[(c >> 8) & 0xF];
      b[at++] = HEX[(c >> 4) & 0xF];
      b[at++] = HEX[c & 0xF];
      return at;
    }
  }

  /** A line that is not a well-formed entry; the message says why (without the entry number). */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message, null, false, false);
    }
  }

  /** A line read back: the entry, and the two hashes it carries. */
  record Decoded(AuditEntry entry, String hash) {}

  /**
   * Checks {@code line[from, from + length)} (a whole line, {@code '\n'} included) and decodes it:
   * first the fixed suffix and the entry's own hash (any changed byte fails here), then the JSON.
   */
  static Decoded decode(byte[] line, int from, int length, MessageDigest sha) throws BadLine {
    int suffix = from + length - SUFFIX_LENGTH;
    if (length < SUFFIX_LENGTH + 2 || line[from + length - 1] != '\n') {
      throw new BadLine("not an entry (too short)");
    }
    for (int i = 0; i < HASH_KEY.length; i++) {
      if (line[suffix + i] != HASH_KEY[i]) {
        throw new BadLine("not an entry (no \"hash\" field at the end of the line)");
      }
    }
    int hexAt = suffix + HASH_KEY.length;
    for (int i = 0; i < HASH_HEX; i++) {
      if (!isLowerHex(line[hexAt + i])) {
        throw new BadLine("hash is not 64 lowercase hex digits");
      }
    }
    if (line[hexAt + HASH_HEX] != '"' || line[hexAt + HASH_HEX + 1] != '}') {
      throw new BadLine("not an entry (the line does not end with \"})");
    }
    String hash = new String(line, hexAt, HASH_HEX, StandardCharsets.ISO_8859_1);
    if (!sha256Hex(sha, line, from, suffix - from).equals(hash)) {
      throw new BadLine("content does not match its hash");
    }
    return new Decoded(parse(line, from, length - 1), hash);
  }

  private static AuditEntry parse(byte[] line, int from, int length) throws BadLine {
    long seq = -1;
    Instant time = null;
    String participant = null;
    String op = null;
    List<String> types = null;
    long queries = -1;
    long matches = -1;
    List<String> matchedIds = null;
    String detail = null;
    String prev = null;
    try (JsonParser p = JSON.createParser(line, from, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLine("not valid JSON (not an object)");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "seq" -> seq = integer(p, value, field);
          case "time" -> time = instant(text(p, value, field));
          case "participant" -> participant = text(p, value, field);
          case "op" -> op = text(p, value, field);
          case "types" -> types = texts(p, value, field);
          case "queries" -> queries = integer(p, value, field);
          case "matches" -> matches = integer(p, value, field);
          case "matched_ids" -> matchedIds = texts(p, value, field);
          case "detail" -> detail = text(p, value, field);
          case "prev" -> prev = text(p, value, field);
          case "hash" -> text(p, value, field); // checked byte for byte in decode
          default -> throw new BadLine("unknown field \"" + field + "\"");
        }
      }
      if (p.nextToken() != null) {
        throw new BadLine("not valid JSON (more after the object)");
      }
    } catch (IOException e) { // JsonParseException and friends: the bytes are not JSON
      throw new BadLine("not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (seq < 1 || time == null || participant == null || op == null || types == null
        || queries < 0 || matches < 0 || matchedIds == null || prev == null) {
      throw new BadLine("a required field is missing or out of range");
    }
    if (prev.length() != HASH_HEX || !prev.chars().allMatch(c -> isLowerHex((byte) c))) {
      throw new BadLine("prev is not 64 lowercase hex digits");
    }
    if (queries > Integer.MAX_VALUE || matches > Integer.MAX_VALUE) {
      throw new BadLine("queries or matches out of range");
    }
    try {
      AuditEvent event = new AuditEvent(participant, op, types, (int) queries, (int) matches, matchedIds, detail);
      return new AuditEntry(seq, time, event, prev);
    } catch (IllegalArgumentException e) {
      throw new BadLine("invalid field: " + e.getMessage());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static long integer(JsonParser p, JsonToken value, String field) throws IOException, BadLine {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new BadLine(field + " is not an integer");
    }
    return p.getLongValue();
  }

  private static String text(JsonParser p, JsonToken value, String field) throws IOException, BadLine {
    if (value != JsonToken.VALUE_STRING) {
      throw new BadLine(field + " is not a string");
    }
    return p.getText();
  }

  private static List<String> texts(JsonParser p, JsonToken value, String field) throws IOException, BadLine {
    if (value != JsonToken.START_ARRAY) {
      throw new BadLine(field + " is not an array");
    }
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      out.add(text(p, t, field + "[" + out.size() + "]"));
    }
    return out;
  }

  private static Instant instant(String text) throws BadLine {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadLine("time is not an ISO-8601 instant");
    }
  }
}
