package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.participant.Caller;

/**
 * One request as a handler sees it: the authenticated caller, the exchange, bounded body reading,
 * typed path and query parameters (400 with the parameter's name when malformed) and JSON
 * answers. Handlers use nothing else of the HTTP layer.
 *
 * <p>Thread-safety: confined to the request's (virtual) thread.
 */
public final class Call {
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";

  private final ServerRequest request;
  private final ServerResponse response;
  private final ServerContext context;
  private final Caller caller;
  private final String route;
  private StreamedAnswer streamed; // set by streamed()

  Call(ServerRequest request, ServerResponse response, ServerContext context, Caller caller, String route) {
    this.request = request;
    this.response = response;
    this.context = context;
    this.caller = caller;
    this.route = route;
  }

  /** The authenticated caller; {@code null} on public routes. */
  public Caller caller() {
    return caller;
  }

  /** The route template being served. */
  public String route() {
    return route;
  }

  /** The open exchange. @throws ApiException 503 while it is still opening or already closing */
  public Exchange exchange() {
    return context.exchange();
  }

  /** Whether the exchange is open and not closing (what {@code /health} reports). */
  public boolean exchangeReady() {
    return context.ready();
  }

  public ServerLimits limits() {
    return context.limits();
  }

  ServerMetrics metrics() {
    return context.metrics();
  }

  ServerContext context() {
    return context;
  }

  ServerRequest request() {
    return request;
  }

  /**
   * Charges {@code units} of work (beyond the one unit every request costs) to the caller's
   * rate-limit budget; see {@link WorkLimits}. Public routes are not charged.
   */
  public void charge(long units) {
    if (caller != null && units > 0) {
      context.rateLimiter().charge(caller.participant(), units);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Parameters

  /** A path parameter of the route template. */
  public String path(String name) {
    return request.path().pathParameters().get(name);
  }

  /** A query parameter, or {@code null} when absent. */
  public String query(String name) {
    Parameters q = request.query();
    return q.contains(name) ? q.get(name) : null;
  }

  /** An integer query parameter within {@code [min, max]}, or {@code fallback} when absent. */
  public int queryInt(String name, int fallback, int min, int max) {
    return (int) queryLong(name, fallback, min, max);
  }

  /** A long query parameter within {@code [min, max]}, or {@code fallback} when absent. */
  public long queryLong(String name, long fallback, long min, long max) {
    String text = query(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_parameter", name, name + " must be a whole number, got '" + clip(text) + "'");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest("out_of_range", name, name + " must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  /** {@code true}/{@code false} (also 1/0), or {@code fallback} when absent. */
  public boolean queryBool(String name, boolean fallback) {
    String text = query(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw ApiException.badRequest("invalid_parameter", name, name + " must be true or false, got '" + clip(text) + "'");
    };
  }

  static String clip(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  // -----------------------------------------------------------------------------------------------
  // Bodies

  /**
   * The request's media type without parameters, lower case; {@code null} when not given.
   *
   * @throws ApiException 415 when the header is not a media type ({@code json}, {@code /}): parsed
   *     here rather than by Helidon, whose parser throws for such values (a client's mistake)
   */
  public String contentType() {
    String header = contentTypeHeader();
    if (header == null) {
      return null;
    }
    String type = MediaTypeSyntax.typeOf(header);
    if (type == null) {
      throw ApiException.unsupportedMediaType(
          "Content-Type '" + clip(header) + "' is not a media type: expected type/subtype, e.g. application/json");
    }
    return type;
  }

  /** The full Content-Type header value (with parameters such as a multipart boundary), as sent. */
  public String contentTypeHeader() {
    return request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
  }

  /**
   * The body, at most {@code limit} bytes (413 above, whether announced by Content-Length or
   * found while reading a chunked body).
   */
  public byte[] body(long limit) {
    OptionalLong announced = request.headers().contentLength();
    if (announced.isPresent() && announced.getAsLong() > limit) {
      if (announced.getAsLong() <= DRAIN_LIMIT) {
        // Read and drop it first: answering while the client is still sending would close the
        // connection under it, and many clients then report a reset instead of our 413.
        drain();
      }
      throw tooLarge(limit);
    }
    if (!request.content().hasEntity()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
    try (InputStream in = request.content().inputStream()) {
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > limit) {
          // A chunked body found too large: the rest is dropped as above, up to the same bound.
          for (n = in.read(buffer); n >= 0 && total <= DRAIN_LIMIT; n = in.read(buffer)) {
            total += n;
          }
          throw tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
    } catch (ApiException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Helidon reports a body the client broke off or framed wrongly with several exception
      // types (a short read, a bad chunk size, a reset socket): all are the client's doing.
      throw BodyFailure.of(e);
    }
    context.connections().bodyRead(request.remotePeer().address());
    return out.toByteArray();
  }

  /**
   * Bodies over the limit but at most this large are read and dropped before the 413 (the
   * server's transport backstop sits above it, so that every such body gets this answer).
   */
  static final long DRAIN_LIMIT = 32L << 20;

  private void drain() {
    try (InputStream in = request.content().inputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | UncheckedIOException e) {
      // the client went away: nothing to answer
    }
  }

  private static ApiException tooLarge(long limit) {
    return ApiException.tooLarge("body_too_large", "body", "the request body is larger than the limit of " + limit + " bytes");
  }

  /** Checks that the body is JSON (absent Content-Type is taken as JSON). @throws ApiException 415 */
  public void requireJson() {
    String type = contentType();
    if (type != null && !type.equals(JSON)) {
      throw ApiException.unsupportedMediaType("expected Content-Type application/json, got " + clip(type));
    }
  }

  /**
   * The body as one JSON object with only the {@code fields} of the route's shape (any other is
   * refused by name), after the Content-Type and size checks.
   */
  public Map<String, Object> jsonBody(Set<String> fields) {
    requireJson();
    return JsonInput.object(body(limits().maxBodyBytes()), fields);
  }

  // -----------------------------------------------------------------------------------------------
  // Answers

  /** Writes one JSON value through {@code writer}. */
  @FunctionalInterface
  public interface JsonWriter {
    void write(JsonGenerator json) throws IOException;
  }

  /** Answers {@code status} with the JSON {@code writer} produces. */
  public void json(int status, JsonWriter writer) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JsonInput.FACTORY.createGenerator(buffer)) {
      writer.write(json);
    }
    send(status, JSON, buffer.toByteArray());
  }

  /** Answers 200 with the JSON {@code writer} produces. */
  public void ok(JsonWriter writer) throws IOException {
    json(200, writer);
  }

  /** Answers with raw bytes. */
  public void send(int status, String contentType, byte[] body) {
    response.status(status);
    response.header(HeaderNames.CONTENT_TYPE, contentType);
    response.send(body);
  }

  /**
   * A body for an answer of unknown size, sent with {@code status} and {@code contentType} when
   * closed or once it outgrows memory (see {@link StreamedAnswer}). The handler must close it.
   */
  StreamedAnswer streamed(int status, String contentType) {
    streamed = new StreamedAnswer(response, status, contentType, StreamedAnswer.DEFAULT_THRESHOLD);
    return streamed;
  }

  /** Whether a {@link #streamed} answer has started going out: its status can no longer change. */
  boolean streaming() {
    return streamed != null && streamed.committed();
  }

  void header(String name, String value) {
    response.header(name, value);
  }
}
