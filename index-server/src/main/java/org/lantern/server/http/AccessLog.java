package org.lantern.server.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One JSON line per request: {@code {"time","method","route","status","us","participant"}}. The
 * route is the template ({@code /v1/signals/{id}}), never the raw path or query, and no header
 * or body is written: the log holds no key, no account identifier and no looked-up value.
 *
 * <p>Lines are buffered and flushed once a second (and on close), so that logging costs a lock
 * and a memory copy per request rather than a system call — the lookup path answers in tens of
 * microseconds.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class AccessLog implements AutoCloseable {
  private static final AccessLog OFF = new AccessLog(null, false);

  private final Writer out; // null: off
  private final boolean ownsOut; // false for stderr, which outlives the server
  private final ScheduledExecutorService flusher;
  private boolean broken; // guarded by this

  private AccessLog(Writer out, boolean ownsOut) {
    this.out = out;
    this.ownsOut = ownsOut;
    if (out == null) {
      this.flusher = null;
    } else {
      this.flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "lantern-access-log");
                t.setDaemon(true);
                return t;
              });
      flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** No access log. */
  public static AccessLog off() {
    return OFF;
  }

  /** Lines to standard error. */
  public static AccessLog stderr() {
    return new AccessLog(new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16), false);
  }

  /** Lines appended to {@code file} (created if missing). */
  public static AccessLog file(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new AccessLog(
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        true);
  }

  /** {@code "off"}, {@code "-"} (stderr) or a file path. */
  public static AccessLog parse(String spec) throws IOException {
    if (spec == null || spec.equals("off")) {
      return off();
    }
    return spec.equals("-") ? stderr() : file(Path.of(spec));
  }

  void record(Instant time, String method, String route, int status, long micros, String participant) {
    if (out == null) {
      return;
    }
    StringBuilder line = new StringBuilder(160);
    line.append("{\"time\":\"").append(time).append("\",\"method\":\"").append(method)
        .append("\",\"route\":");
    quote(line, route);
    line.append(",\"status\":").append(status).append(",\"us\":").append(micros).append(",\"participant\":");
    if (participant == null) {
      line.append("null");
    } else {
      quote(line, participant);
    }
    line.append("}\n");
    synchronized (this) {
      if (broken) {
        return;
      }
      try {
        out.write(line.toString());
      } catch (IOException e) {
        broken = true; // a full disk must not take the API down; one warning, then silence
        System.err.println("lantern serve: access log stopped: " + e.getMessage());
      }
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** Writes buffered lines out. */
  public synchronized void flush() {
    if (out == null || broken) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      broken = true;
    }
  }

  @Override
  public void close() {
    if (out == null) {
      return;
    }
    flusher.shutdown();
    flush();
    synchronized (this) {
      try {
        if (ownsOut) {
          out.close();
        }
      } catch (IOException ignored) {
        // closing at shutdown: nothing left to tell
      }
    }
  }
}
