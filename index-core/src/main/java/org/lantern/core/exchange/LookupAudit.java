package org.lantern.core.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import org.lantern.core.audit.AuditEvent;

/**
 * The audit entry of a lookup, of bounded size: the distinct matched ids, and beyond {@code
 * maxIds} of them only the first {@code maxIds}, with the distinct count and a SHA-256 over all
 * of them (sorted, newline-separated) in the entry's detail, so that an auditor holding the
 * answer can still check it against the log. Without the bound, one scan of a 4 MB text wrote a
 * 29 MB audit line.
 *
 * <p>Thread-safety: stateless.
 */
final class LookupAudit {
  private LookupAudit() {}

  static AuditEvent event(String participant, String operation, List<String> types, int queries, List<String> matchedIds, int maxIds) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>(matchedIds);
    if (distinct.size() <= maxIds) {
      return new AuditEvent(participant, operation, types, queries, matchedIds.size(), List.copyOf(distinct), null);
    }
    List<String> listed = new ArrayList<>(maxIds);
    for (String id : distinct) {
      if (listed.size() == maxIds) {
        break;
      }
      listed.add(id);
    }
    String detail = distinct.size() + " distinct ids matched; the first " + maxIds + " listed; sha256 of all, sorted: "
        + digest(distinct);
    return new AuditEvent(participant, operation, types, queries, matchedIds.size(), listed, detail);
  }

  private static String digest(java.util.Collection<String> ids) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : new java.util.TreeSet<>(ids)) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
