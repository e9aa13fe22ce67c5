package org.lantern.server.http;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.lantern.core.audit.AuditChainException;
import org.lantern.core.audit.AuditHead;
import org.lantern.core.audit.VerifyReport;

/**
 * {@code /v1/audit/*}: the auditor's view of the tamper-evident audit log, for admins and
 * auditors. All go through the exchange, which records the request in the log itself.
 *
 * <ul>
 *   <li>{@code GET /v1/audit/verify}: checks the whole hash chain and answers how far it holds
 *       (200 also when it is broken: the check worked, its answer is "broken at entry n").
 *   <li>{@code GET /v1/audit/export?since=}: the entries from {@code since} on (default: all) as
 *       NDJSON, exactly as stored ({@code prev} and {@code hash} included), so that the auditor
 *       can check the exported range without this code.
 * </ul>
 *
 * <p>An export can be far larger than memory, so it is streamed (see {@link StreamedAnswer}), and
 * the chain is checked while it streams: a break may show only after the status went out. So a
 * broken chain is reported the same way whenever it is found: the intact entries before the break,
 * then one last line {@code {"error":{"code":"audit_chain_broken","message":...}}}, status 200.
 * An entry never has an {@code error} field, so a client checks the last line.
 *
 * <p>Thread-safety: stateless.
 */
final class AuditHandlers {
  static final String CHAIN_BROKEN = "audit_chain_broken";

  private AuditHandlers() {}

  static List<Route> routes() {
    return List.of(
        Route.get("/v1/audit/head", Route.Access.AUDIT, AuditHandlers::head),
        Route.get("/v1/audit/verify", Route.Access.AUDIT, AuditHandlers::verify),
        Route.get("/v1/audit/export", Route.Access.AUDIT, AuditHandlers::export));
  }

  /**
   * {@code {"sequence":1234,"hash":"9f2c…","anchor":"1234:9f2c…"}}: the newest entry (this very
   * request's, or a later one), which an auditor keeps outside the exchange and later checks any
   * copy of the log against ({@code lantern audit verify --expect 1234:9f2c…}).
   */
  static void head(Call call) throws Exception {
    AuditHead head = call.exchange().oversight().auditHead(call.caller());
    call.ok(json -> {
      json.writeStartObject();
      json.writeNumberField("sequence", head.sequence());
      json.writeStringField("hash", head.hash());
      json.writeStringField("anchor", head.toString());
      json.writeEndObject();
    });
  }

  static void verify(Call call) throws Exception {
    VerifyReport report = call.exchange().oversight().verifyAudit(call.caller());
    call.ok(json -> {
      json.writeStartObject();
      json.writeNumberField("entries_checked", report.entriesChecked());
      json.writeBooleanField("intact", report.intact());
      if (report.intact()) {
        json.writeNullField("first_bad_sequence");
        json.writeNullField("reason");
      } else {
        json.writeNumberField("first_bad_sequence", report.firstBadSequence());
        json.writeStringField("reason", report.reason());
      }
      json.writeStringField("head_hash", report.headHash());
      json.writeEndObject();
    });
  }

  static void export(Call call) throws Exception {
    Instant since = FeedHandlers.time(call, "since", Instant.EPOCH);
    var exchange = call.exchange(); // 503 before any byte is produced
    StreamedAnswer body = call.streamed(200, Call.NDJSON);
    Writer out = new OutputStreamWriter(body, StandardCharsets.UTF_8);
    try {
      exchange.oversight().exportAudit(call.caller(), since, out);
    } catch (AuditChainException e) {
      // One rule whether or not the answer is committed yet (see the class comment).
      out.write(new String(Dispatcher.errorBody(CHAIN_BROKEN, e.getMessage(), null), StandardCharsets.UTF_8));
      out.write('\n');
    }
    finish(out, body);
  }

  private static void finish(Writer out, StreamedAnswer body) throws IOException {
    out.flush();
    body.close();
  }
}
