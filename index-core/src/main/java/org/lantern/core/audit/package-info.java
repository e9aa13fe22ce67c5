/**
 * The audit log: a tamper-evident record of every write and every lookup of the exchange, for the
 * outside auditor ({@link org.lantern.core.audit.AuditLog}).
 *
 * <h2>On disk</h2>
 *
 * <p>{@code <data>/audit/} holds segments {@code audit-000001.jsonl}, {@code audit-000002.jsonl},
 * ... (a new one at 256 MiB by default), the writer's {@code audit.lock}, and {@code
 * torn-<time>.bin} files (below). Each segment is JSON Lines, UTF-8, one entry per line:
 *
 * <pre>
 * {"seq":1,"time":"2026-11-25T08:16:57.123456Z","participant":"mega","op":"match_hashes","types":["pdq"],
 *  "queries":3,"matches":1,"matched_ids":["…"],"prev":"000…000","hash":"9f2c…"}
 * </pre>
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>field</th><th>meaning</th></tr>
 *   <tr><td>{@code seq}</td><td>1, 2, 3, ... without gaps, across segments</td></tr>
 *   <tr><td>{@code time}</td><td>ISO-8601 UTC, microseconds, fixed width</td></tr>
 *   <tr><td>{@code participant}, {@code op}</td><td>who, and what (a snake_case verb)</td></tr>
 *   <tr><td>{@code types}, {@code queries}, {@code matches}, {@code matched_ids}</td><td>signal
 *       types involved, number of queried values, number of matches, ids of the matched signals;
 *       never the queried values themselves</td></tr>
 *   <tr><td>{@code detail}</td><td>optional short text (left out when absent)</td></tr>
 *   <tr><td>{@code prev}</td><td>hex SHA-256 of the previous line's exact bytes, {@code '\n'}
 *       included; 64 zeros for entry 1. The first entry of a segment links to the last line of
 *       the one before</td></tr>
 *   <tr><td>{@code hash}</td><td>hex SHA-256 of this line's bytes before {@code ,"hash":"}; always
 *       the last field, so every line ends with the same 76-byte shape</td></tr>
 * </table>
 *
 * <h2>Why two hashes: every byte of every entry, the last one included</h2>
 *
 * <p>{@code prev} alone reveals a change to entry k only at entry k + 1, and a change to the last
 * entry not at all: nothing follows it. So each entry also carries {@code hash}, over all of its
 * own bytes except the hash itself, and the suffix around the hash is checked byte for byte. Any
 * single changed byte in entry k therefore fails at entry k itself: in the content, the own hash no
 * longer matches; in the hash, it matches nothing; in the line end, two lines run together (or the
 * last one loses its end). {@code prev} then ties the entries into one order: an entry removed,
 * two swapped or one replaced by an entry of another log break the chain at that position, and
 * {@code seq} names the gap. {@code AuditLogTest} changes every byte of a small log, and sampled
 * bytes of a larger one, and checks that verify names the changed entry.
 *
 * <p>A sidecar "head" file was the alternative for the last entry. It costs a second write per
 * append, can itself be torn by a kill, and protects no better: whoever can edit the log can edit
 * the sidecar.
 *
 * <h2>What a chain without a key cannot show</h2>
 *
 * <p>Someone who can write the files can rewrite the log from some entry on and recompute every
 * hash after it, or cut off the newest entries (or the newest segment) at a line boundary. Both
 * leave a valid chain. The defence is an anchor outside the data directory: {@code lantern audit
 * verify} prints the head (entry count and the last line's SHA-256), and the auditor keeps it;
 * any later log must still contain that entry with that hash. Signing entries with a key the
 * exchange does not hold would be the next step; it is not built.
 *
 * <h2>Torn last entry: set aside and recorded, never silently cut</h2>
 *
 * <p>Each entry is one {@code write(2)} of a complete line, so a process killed at any instant
 * leaves whole entries, except that a kill inside a write of a line spanning pages can leave its
 * first part. {@code AuditLog.open} then copies those bytes into {@code torn-<time>.bin} (made
 * durable first), cuts them from the segment, and appends an {@code audit_torn_tail} entry by
 * participant {@code lantern} whose detail says how many bytes went where. The chain goes on from
 * the last complete entry, and the evidence stays: the auditor sees in the chain itself that a
 * torn line existed and can inspect it. Cutting it silently would make the log look as if nothing
 * happened (DESIGN.md §4: recovered and checked, never silently truncated); refusing to open would
 * stop the exchange over the one failure it is built to survive. A torn entry had not been
 * acknowledged (its append had not returned), so no acknowledged entry is lost.
 *
 * <p>Only a torn <em>last</em> line is repaired. A damaged last complete entry, a gap in the
 * segments or a torn line followed by more entries are damage, not a crash: {@code open} refuses
 * to append after them and {@code verify} reports them.
 *
 * <h2>Time order</h2>
 *
 * <p>{@code seq} is the order; {@code time} is the clock. The writer records the clock as it is
 * when it runs back by less than {@link org.lantern.core.audit.AuditLog#TIME_TOLERANCE} (1 s: NTP
 * slews, a smeared leap second), and repeats the previous entry's time when it jumped back
 * further, so the log never claims an order the clock did not see and never goes back by more than
 * the tolerance. {@code verify} checks exactly that rule; a violation means an edit (which the
 * hashes catch anyway) or a foreign writer. {@code export --since} filters entry by entry, so the
 * sub-second jitter costs nothing there.
 *
 * <h2>Cost</h2>
 *
 * <p>An append takes one lock, formats into a reused buffer, hashes twice (about 300 bytes) with
 * reused digests, and makes one {@code write(2)} to the page cache: a few microseconds on the
 * caller's thread, against 50–150 µs per lookup (see {@code AuditAppendBenchmark} in RESULTS.md).
 * {@code fsync} is {@link org.lantern.core.audit.AuditLog#force()}, for {@code --durability=fsync}.
 */
package org.lantern.core.audit;
