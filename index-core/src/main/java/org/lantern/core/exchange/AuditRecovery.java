package org.lantern.core.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lantern.core.audit.AuditEvent;
import org.lantern.core.audit.AuditLog;
import org.lantern.core.signal.ChangeLog;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalStore;
import org.lantern.core.signal.StoredSignal;

/**
 * Makes the audit record of every write durable no later than the write, by recovery: a write is
 * first appended to the change log, then stored, then audited; a process killed between the
 * store and the audit entry leaves changes no entry names. On the next open after an unclean stop
 * they are found in the change log and recorded, as {@code recovered_writes} entries by {@code
 * lantern} listing the ids (in chunks of {@value #CHUNK}) and the change range, so that after any
 * crash every stored signal's creation, update, retraction and expiry is in the log.
 *
 * <p>How changes are known to be audited: every write's entry says which changes it recorded,
 * {@code "changes A-B"} in its detail ({@link #range}). {@value #FILE} in the audit directory
 * holds the change-log position up to which everything was audited at the last clean stop or
 * recovery, so that only the changes after it are looked for, in the entries of the audit log.
 *
 * <p>Thread-safety: called once, by the opening thread, before the exchange serves anyone.
 */
final class AuditRecovery {
  /** The change-log position audited up to, in the audit directory. */
  static final String FILE = "changes-audited";
  /** Most ids per {@code recovered_writes} entry. */
  static final int CHUNK = 500;
  private static final Pattern RANGE = Pattern.compile("changes (\\d+)-(\\d+)");

  private AuditRecovery() {}

  /** {@code "changes A-B"} for an audit entry's detail; empty when nothing was changed. */
  static String range(long first, long last) {
    return last < first ? "" : "changes " + first + "-" + last;
  }

  /**
   * Records the changes after the last audited position that no audit entry names.
   *
   * @return how many changes were recorded now
   */
  static long recover(AuditLog audit, ChangeLog log, SignalStore store) {
    long floor = audited(audit.directory());
    long head = log.size();
    if (head <= floor) {
      return 0;
    }
    BitSet covered = new BitSet(); // bit i: change floor + 1 + i is named by an entry
    // A chain accepted as broken (--accept-broken-audit) is read up to its break; the entries
    // after it cannot be trusted to name changes, so those changes are recorded again.
    try {
      readRanges(audit, floor, head, covered);
    } catch (org.lantern.core.audit.AuditChainException broken) {
      // the entries before the break were read
    }
    // One entry per run of consecutive unaudited changes (at most CHUNK each), so each entry's
    // detail names its exact range.
    long recorded = 0;
    long seq = floor + 1;
    while (seq <= head) {
      if (covered.get((int) (seq - floor - 1))) {
        seq++;
        continue;
      }
      long first = seq;
      Set<String> ids = new LinkedHashSet<>();
      Set<String> types = new TreeSet<>();
      while (seq <= head && seq - first < CHUNK && !covered.get((int) (seq - floor - 1))) {
        byte[] id = log.idAt(seq);
        ids.add(SignalIds.encode(id));
        StoredSignal stored = store.get(id);
        if (stored != null) {
          types.add(stored.signal().type().label());
        }
        seq++;
      }
      audit.append(new AuditEvent(AuditLog.SYSTEM_PARTICIPANT, "recovered_writes", List.copyOf(types),
          (int) (seq - first), 0, List.copyOf(ids),
          range(first, seq - 1) + " were written before the process died and had no audit entry; recorded on reopen"));
      recorded += seq - first;
    }
    return recorded;
  }

  private static void readRanges(AuditLog audit, long floor, long head, BitSet covered) {
    AuditLog.read(audit.directory(), Instant.EPOCH, entry -> {
      String detail = entry.event().detail();
      if (detail == null) {
        return;
      }
      Matcher m = RANGE.matcher(detail);
      while (m.find()) {
        long from = Math.max(Long.parseLong(m.group(1)), floor + 1);
        long to = Math.min(Long.parseLong(m.group(2)), head);
        if (from <= to) {
          covered.set((int) (from - floor - 1), (int) (to - floor));
        }
      }
    });
  }

  /** The audited-up-to position; 0 when never recorded. */
  static long audited(Path auditDir) {
    Path file = auditDir.resolve(FILE);
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // unreadable: look through every change, which only costs time
    }
  }

  /** Records that every change up to {@code position} is in the audit log (replaced atomically). */
  static void markAudited(Path auditDir, long position) {
    Path tmp = auditDir.resolve(FILE + ".tmp");
    try {
      Files.writeString(tmp, position + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, auditDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the audited change position in " + auditDir, e);
    }
  }
}
