package org.lantern.server.compat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lantern.core.signal.Signal;
import org.lantern.server.http.ApiException;
import org.lantern.server.http.Call;
import org.lantern.server.http.Route;

/**
 * HMA 2.0's matching API under a prefix, with HMA's parameters and shapes, so that an upload
 * pipeline written for HMA switches by base URL. Calls need a Lantern API key ({@code
 * Authorization: Bearer}, which the proxy in front of an HMA deployment adds); {@code /status} is
 * public, as in HMA.
 *
 * <p>Thread-safety: stateless.
 */
final class HmaRoutes {
  private HmaRoutes() {}

  static List<Route> routes(String prefix, int pdqThreshold) {
    HmaMatcher matcher = new HmaMatcher(pdqThreshold);
    return List.of(
        hma(Route.get(prefix + "/status", Route.Access.PUBLIC, HmaRoutes::status)),
        hma(Route.get(prefix + "/h/hash", Route.Access.PARTICIPANT, HmaHasher::hashUrl)),
        hma(Route.post(prefix + "/h/hash", Route.Access.PARTICIPANT, HmaHasher::hashUpload)),
        hma(Route.get(prefix + "/m/raw_lookup", Route.Access.PARTICIPANT, matcher::rawLookup)),
        hma(Route.get(prefix + "/m/lookup", Route.Access.PARTICIPANT, matcher::lookup)),
        hma(Route.post(prefix + "/m/lookup", Route.Access.PARTICIPANT, matcher::lookupUpload)),
        hma(Route.post(prefix + "/m/compare", Route.Access.PARTICIPANT, matcher::compare)),
        hma(Route.get(prefix + "/m/index/status", Route.Access.PARTICIPANT, HmaRoutes::indexStatus)),
        hma(Route.get(prefix + "/c/bank/{bank_name}/content/{content_id}", Route.Access.PARTICIPANT, HmaRoutes::content)));
  }

  private static Route hma(Route route) {
    return route.in(Route.Dialect.HMA);
  }

  /** {@code I-AM-ALIVE} once the exchange is open; 503 {@code INDEX-NOT-LOADED} while it opens. */
  static void status(Call call) {
    boolean ready = call.exchangeReady();
    call.send(ready ? 200 : 503, "text/plain; charset=utf-8", (ready ? "I-AM-ALIVE" : "INDEX-NOT-LOADED").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * {@code GET /m/index/status[?signal_type=]}: {@code {"pdq":{"present":true,"built_to":<epoch
   * s>,"size":N}}}. Lantern's indexes are never behind (a signal is matchable once acknowledged),
   * so {@code built_to} is now; {@code size} counts the active signals of the type that the
   * caller may see — never the hidden ones.
   */
  static void indexStatus(Call call) throws Exception {
    String only = call.query("signal_type");
    List<HmaSignalType> types;
    if (only == null) {
      types = List.of(HmaSignalType.values());
    } else {
      types = List.of(parseForStatus(only));
    }
    long now = Instant.now().getEpochSecond();
    long[] sizes = new long[types.size()];
    for (int i = 0; i < types.size(); i++) {
      sizes[i] = call.exchange().modifiedFeed().activeSignals(call.caller(), types.get(i).lantern);
    }
    call.ok(json -> {
      json.writeStartObject();
      for (int i = 0; i < types.size(); i++) {
        json.writeObjectFieldStart(types.get(i).hmaName);
        json.writeBooleanField("present", true);
        json.writeNumberField("built_to", now);
        json.writeNumberField("size", sizes[i]);
        json.writeEndObject();
      }
      json.writeEndObject();
    });
  }

  private static HmaSignalType parseForStatus(String name) {
    for (HmaSignalType t : HmaSignalType.values()) {
      if (t.hmaName.equals(name)) {
        return t;
      }
    }
    throw ApiException.badRequest("unknown_signal_type", "signal_type", "No such signal type '" + HmaMatcher.clip(name) + "'");
  }

  /**
   * {@code GET /c/bank/{bank}/content/{id}[?include_signals=true]}: HMA's bank content record for
   * a content id, with {@code lantern_signal_id}, the signal it stands for. Unknown ids, ids of
   * signals the caller may not see, and banks the signal is not in are all the same 404.
   */
  static void content(Call call) throws Exception {
    String bank = call.path("bank_name");
    String text = call.path("content_id");
    long contentId;
    try {
      contentId = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("content_id", "content '" + HmaMatcher.clip(text) + "' not found (content ids are integers)");
    }
    String id = ContentIds.of(call.exchange()).signalId(contentId);
    Optional<Signal> found = id == null ? Optional.empty() : call.exchange().get(call.caller(), id);
    if (found.isEmpty() || !HmaBanks.of(found.get()).contains(bank)) {
      throw ApiException.notFound("content_id", "content '" + contentId + "' not found in bank '" + HmaMatcher.clip(bank) + "'");
    }
    Signal signal = found.get();
    boolean withSignals = HmaMatcher.bool(call, "include_signals");
    call.ok(json -> {
      json.writeStartObject();
      json.writeNumberField("id", contentId);
      json.writeNumberField("disable_until_ts", signal.isActive() ? 0 : 1); // HMA: 0 enabled, 1 disabled for good
      json.writeNullField("original_media_uri");
      json.writeObjectFieldStart("bank");
      json.writeStringField("name", bank);
      json.writeNumberField("matching_enabled_ratio", 1.0);
      json.writeEndObject();
      if (withSignals) {
        json.writeObjectFieldStart("signals");
        json.writeStringField(signal.type().label().equals("md5") ? "video_md5" : signal.type().label(), signal.value());
        json.writeEndObject();
      }
      json.writeStringField("lantern_signal_id", signal.id());
      json.writeEndObject();
    });
  }
}
