package org.lantern.server.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.lantern.core.exchange.ModifiedPage;
import org.lantern.core.signal.Opinions;
import org.lantern.core.signal.Signal;
import org.lantern.core.signal.SignalStatus;
import org.lantern.core.signal.Opinion;
import org.lantern.server.http.Call;
import org.lantern.server.http.Route;

/**
 * {@code GET {prefix}/FetchHashes?startTimestamp=<epoch s>&pageSize=<n>[&nextPageToken=<t>]}: the
 * signals a participant may see, in StopNCII's {@code FetchHashes} shape, so that an unmodified
 * HMA (python-threatexchange's StopNCII exchange, with {@code base_url_override}) syncs them into
 * a bank. The API key goes in {@code x-functions-key}; {@code Ocp-Apim-Subscription-Key} is
 * accepted and ignored.
 *
 * <h2>What a client can rely on</h2>
 *
 * <ul>
 *   <li>Records come in order of modification time, then signal id; each is the signal's state
 *       now (a client replaces what it held for the same type and hash).
 *   <li>{@code nextSetTimestamp} is a safe inclusive restart point: every record modified before
 *       it has been on this page or an earlier one of the pass, and any later change gets a time
 *       no earlier than it. It never goes below {@code startTimestamp}, nor back within a pass.
 *       Records sharing a second with it are sent again after a restart; none are skipped.
 *   <li>{@code nextPageToken} continues the pass ({@code null} on the last page, with {@code
 *       hasMoreRecords} false); {@code count} is the number of records on the page.
 *   <li>Retracted signals come as {@code Withdrawn}, expired ones as {@code Deleted} — unless
 *       another signal with the same type and value that the caller may see is still active (a
 *       client keys records by type and value): then the record stays {@code Active}.
 *   <li>Opinions become {@code CSPFeedbacks}: {@code confirmed} → {@code Blocked}, {@code
 *       false_positive} → {@code NotBlocked} ({@code seen} is left out); the caller's own opinion
 *       names the caller as its {@code source}, the others are anonymous ({@value #ANONYMOUS}),
 *       as on {@code /v1}, which gives counts, not names.
 *   <li>Types: {@code pdq} → {@code ImagePDQ}, {@code url} → {@code URL}, {@code keyword} →
 *       {@code Text}, {@code md5} → {@code VideoMD5} only when the signal carries the configured
 *       video category; other types (and other MD5s) are left out.
 *   <li>{@code caseNumbers} maps the Lantern signal id to its status (and, for a withdrawn one,
 *       the ids of the active copies that keep the value active), so a record can be traced back.
 * </ul>
 *
 * <p>Nothing about signals the caller may not see shows: not in records, counts, tokens,
 * timestamps or page boundaries (the exchange reads the caller's own view, see {@link
 * org.lantern.core.exchange.ModifiedFeed#modifiedSince}).
 *
 * <p>Thread-safety: immutable.
 */
final class StopNciiFeed {
  /** Most records per page. */
  static final int MAX_PAGE_SIZE = 10_000;
  /** python-threatexchange's default page size. */
  static final int DEFAULT_PAGE_SIZE = 800;
  /** The {@code source} of opinions given by participants other than the caller. */
  static final String ANONYMOUS = "lantern-participant";

  private final String videoCategory;

  private StopNciiFeed(String videoCategory) {
    this.videoCategory = videoCategory;
  }

  static List<Route> routes(String prefix, String videoCategory) {
    StopNciiFeed feed = new StopNciiFeed(videoCategory);
    return List.of(Route.get(prefix + "/FetchHashes", Route.Access.PARTICIPANT, feed::fetchHashes).in(Route.Dialect.STOPNCII));
  }

  void fetchHashes(Call call) throws Exception {
    long start = call.queryLong("startTimestamp", 0, 0, Long.MAX_VALUE / 1000);
    int pageSize = call.queryInt("pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    String token = call.query("nextPageToken");
    ModifiedPage.Position after = token == null || token.isEmpty() ? null : PageToken.decode(token);
    ModifiedPage page = call.exchange().modifiedFeed().modifiedSince(call.caller(), start * 1000, after, pageSize, this::exported);
    // The restart point: the second of the last signal examined (all of them the caller's), never
    // before the start or the token's place.
    long restart = start;
    ModifiedPage.Position stop = page.next() != null ? page.next() : after;
    if (stop != null) {
      restart = Math.max(restart, stop.millis() / 1000);
    }
    String nextToken = page.more() && stop != null ? PageToken.encode(stop) : null;
    final long nextSet = restart;
    String caller = call.caller().participant();
    call.ok(json -> {
      json.writeStartObject();
      json.writeNumberField("count", page.changes().size());
      if (nextToken == null) {
        json.writeNullField("nextPageToken");
      } else {
        json.writeStringField("nextPageToken", nextToken);
      }
      json.writeNumberField("nextSetTimestamp", nextSet);
      json.writeBooleanField("hasMoreRecords", page.more());
      json.writeArrayFieldStart("hashRecords");
      for (ModifiedPage.Change change : page.changes()) {
        writeRecord(json, change, caller);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /** Whether StopNCII has a type for {@code signal}. */
  boolean exported(Signal signal) {
    return stopNciiType(signal) != null;
  }

  private String stopNciiType(Signal signal) {
    return switch (signal.type()) {
      case PDQ -> "ImagePDQ";
      case URL -> "URL";
      case KEYWORD -> "Text";
      case MD5 -> signal.categories().contains(videoCategory) ? "VideoMD5" : null;
      default -> null;
    };
  }

  private void writeRecord(JsonGenerator json, ModifiedPage.Change change, String caller) throws IOException {
    Signal signal = change.signal();
    String own = status(signal.status());
    // A record stands for its value: another contributor's active copy keeps the value Active.
    String status = change.activeSameValue().isEmpty() ? own : status(SignalStatus.ACTIVE);
    json.writeStartObject();
    json.writeNumberField("lastModtimestamp", change.modifiedMillis() / 1000);
    json.writeStringField("signalType", stopNciiType(signal));
    json.writeStringField("hashValue", signal.value());
    json.writeStringField("hashStatus", status);
    json.writeObjectFieldStart("caseNumbers");
    json.writeStringField(signal.id(), own);
    for (Signal copy : change.activeSameValue()) {
      json.writeStringField(copy.id(), status(copy.status()));
    }
    json.writeEndObject();
    json.writeArrayFieldStart("CSPFeedbacks");
    Opinions opinions = change.opinions();
    writeFeedbacks(json, "Blocked", opinions.confirmed(), opinions.mine() == Opinion.CONFIRMED, caller);
    writeFeedbacks(json, "NotBlocked", opinions.falsePositive(), opinions.mine() == Opinion.FALSE_POSITIVE, caller);
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeFeedbacks(JsonGenerator json, String value, int count, boolean mine, String caller) throws IOException {
    for (int i = 0; i < count; i++) {
      json.writeStartObject();
      json.writeStringField("feedbackValue", value);
      json.writeArrayFieldStart("tags");
      json.writeEndArray();
      json.writeStringField("source", mine && i == 0 ? caller : ANONYMOUS);
      json.writeEndObject();
    }
  }

  static String status(SignalStatus status) {
    return switch (status) {
      case ACTIVE -> "Active";
      case RETRACTED -> "Withdrawn";
      case EXPIRED -> "Deleted";
    };
  }
}
