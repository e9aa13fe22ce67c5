package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.lantern.core.exchange.ReadOnlyExchangeException;
import org.lantern.core.participant.AccessDeniedException;
import org.lantern.core.participant.Caller;
import org.lantern.core.participant.Role;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.json.JsonInputException;

/**
 * Wraps every {@link Route}: authentication ({@code Authorization: Bearer <key>} → {@link
 * Caller}, 401 otherwise), the admin check, the per-key rate limit (429 with {@code
 * Retry-After}), and — the one place where exceptions become statuses — the error answer; then
 * records the request in the metrics and the access log.
 *
 * <p>Mapping: {@link ApiException} → its status; {@link SignalRejectedException} → 400 with its
 * code and field, or 404 for {@code not_found}; {@link AccessDeniedException} → 403; {@link
 * ReadOnlyExchangeException} (a write sent to a replica) → 403 {@code read_only_replica};
 * Helidon's 4xx exceptions (malformed headers, parameters) → their status; a body the client broke
 * off or framed wrongly → 400 {@code unreadable_body}, counted in the metrics rather than logged;
 * anything else → 500 with a generic message and an incident id, the details going only to the
 * server log.
 * A client mistake never yields a 500 or a stack trace.
 *
 * <p>Thread-safety: thread-safe (stateless beyond the shared context).
 */
final class Dispatcher {
  private static final System.Logger LOG = System.getLogger("org.lantern.server.http");
  private static final String BEARER = "bearer ";
  private static final io.helidon.http.HeaderName FUNCTIONS_KEY = HeaderNames.create("x-functions-key");

  private final ServerContext context;

  Dispatcher(ServerContext context) {
    this.context = context;
  }

  /** The Helidon handler serving {@code route}. */
  Handler handler(Route route) {
    return (req, res) -> serve(route.template(), route.access(), route.dialect(), route.endpoint(), req, res);
  }

  /** The handler for requests no route matched (404, or 405 when only the method is wrong). */
  Handler fallback(java.util.List<Route> routes) {
    return (req, res) ->
        serve("(unmatched)", Route.Access.PUBLIC, Route.Dialect.LANTERN, call -> {
          String path = req.path().path();
          String method = req.prologue().method().text();
          boolean pathKnown = routes.stream().anyMatch(r -> RouteTemplates.matches(r.template(), path));
          if (pathKnown) {
            throw new ApiException(405, "method_not_allowed", "method", method + " is not allowed on this path");
          }
          throw ApiException.notFound("path", "no such endpoint: " + method + " " + Call.clip(path));
        }, req, res);
  }

  private void serve(
      String template, Route.Access access, Route.Dialect dialect, Route.Endpoint endpoint, ServerRequest req, ServerResponse res)
      throws Exception {
    long start = System.nanoTime();
    Caller caller = null;
    Call call = null;
    int status;
    java.net.SocketAddress remote = req.remotePeer().address();
    if (!req.content().hasEntity()) {
      context.connections().bodyRead(remote); // nothing to wait for: no body deadline
    }
    try {
      if (access != Route.Access.PUBLIC) {
        caller = dialect == Route.Dialect.STOPNCII ? authenticateFunctionsKey(req) : authenticate(req);
        if (access == Route.Access.ADMIN && !caller.isAdmin()) {
          throw new AccessDeniedException("participant '" + caller.participant() + "' lacks the admin role needed for this");
        }
        if (access == Route.Access.AUDIT && !caller.isAdmin() && !caller.has(Role.AUDITOR)) {
          throw new AccessDeniedException(
              "participant '" + caller.participant() + "' lacks the auditor or admin role needed for this");
        }
        long wait = context.rateLimiter().acquire(caller.participant());
        if (wait > 0) {
          throw ApiException.tooManyRequests(wait);
        }
      }
      call = new Call(req, res, context, caller, template);
      endpoint.handle(call);
      status = res.status().code();
    } catch (Throwable t) {
      ErrorAnswer error = classify(t, template);
      if (call != null && call.streaming()) {
        // A 200 and part of the body are out: rethrown, the failure makes Helidon close the
        // connection without the final chunk, so the client sees a cut-off answer instead of a
        // short one that looks whole.
        record(req, template, error.status(), start, caller);
        throw t;
      }
      // Audited before the answer goes out: a client that has its refusal can rely on the log
      // already holding it (an auditor reading right after, or a crash right after, loses nothing).
      if (caller != null && !(t instanceof AccessDeniedException denied && denied.recorded())) {
        recordRefusal(caller, req, template, error);
      }
      status = answer(res, error, dialect);
      if (t instanceof Error e && !(t instanceof StackOverflowError)) {
        record(req, template, status, start, caller);
        throw e;
      }
    }
    record(req, template, status, start, caller);
    context.connections().requestDone(remote, req.content().hasEntity() && !req.content().consumed());
  }

  /**
   * Puts an authenticated request that was refused or failed (403, 404, 400 before or in the
   * exchange, 413, 429, 5xx) in the audit log, with the route template, status and error code:
   * never the path (it can hold an id or a hash), the query or the message (it can quote a value).
   * A failing audit log must not turn the client's answer into another one: the refusal is what
   * the client is owed, so the failure is logged and the refusal still sent.
   */
  private void recordRefusal(Caller caller, ServerRequest req, String template, ErrorAnswer error) {
    try {
      context.exchange().oversight().recordRefusal(caller, req.prologue().method().text() + " " + template, error.status(), error.code());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not record a refused request in the audit log: " + e);
    }
  }

  private void record(ServerRequest req, String template, int status, long start, Caller caller) {
    long nanos = System.nanoTime() - start;
    String method = req.prologue().method().text();
    context.metrics().request(method, template, status, nanos);
    context.accessLog().record(Instant.now(), method, template, status, nanos / 1_000, caller == null ? null : caller.participant());
  }

  private Caller authenticate(ServerRequest req) {
    String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
    if (header == null) {
      throw ApiException.unauthorized("missing Authorization header: send 'Authorization: Bearer <API key>'");
    }
    if (header.length() < BEARER.length() || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw ApiException.unauthorized("the Authorization header must be 'Bearer <API key>'");
    }
    // Exchange not yet open: the participant list lives in it, so nobody can be checked yet.
    return context.exchange().participants().authenticate(header.substring(BEARER.length()))
        .orElseThrow(() -> ApiException.unauthorized("the API key is unknown, revoked, or its participant is suspended"));
  }

  /** StopNCII's clients send the key alone in {@code x-functions-key}. */
  private Caller authenticateFunctionsKey(ServerRequest req) {
    String key = req.headers().first(FUNCTIONS_KEY).orElse(null);
    if (key == null || key.isBlank()) {
      throw new ApiException(401, "unauthorized", "x-functions-key", "missing x-functions-key header: send a Lantern API key in it");
    }
    return context.exchange().participants().authenticate(key.strip())
        .orElseThrow(() -> new ApiException(
            401, "unauthorized", "x-functions-key", "the API key is unknown, revoked, or its participant is suspended"));
  }

  /** What to answer for a failure: status, DESIGN.md §5 error fields and Retry-After (0: none). */
  private record ErrorAnswer(int status, String code, String field, String message, long retryAfter) {}

  /** The answer for {@code t}; an unexpected failure is logged here with a new incident id. */
  private ErrorAnswer classify(Throwable t, String template) {
    if (t instanceof ApiException api) {
      if (BodyFailure.CODE.equals(api.code())) {
        context.metrics().connection("client_abort"); // counted, not logged: clients drop sockets
      }
      return new ErrorAnswer(api.status(), api.code(), api.field(), api.getMessage(), api.retryAfterSeconds());
    } else if (t instanceof JsonInputException bad) {
      return new ErrorAnswer(400, bad.code(), bad.field(), bad.getMessage(), 0);
    } else if (t instanceof SignalRejectedException rejected) {
      return new ErrorAnswer(
          "not_found".equals(rejected.code()) ? 404 : 400, rejected.code(), rejected.field(), rejected.getMessage(), 0);
    } else if (t instanceof AccessDeniedException denied) {
      return new ErrorAnswer(403, "forbidden", null, denied.getMessage(), 0);
    } else if (t instanceof ReadOnlyExchangeException readOnly) {
      return new ErrorAnswer(403, "read_only_replica", null, readOnly.getMessage(), 0);
    } else if (t instanceof HttpException http && http.status().code() >= 400 && http.status().code() < 500) {
      // Helidon's own parsing of what the client sent (headers, parameters): the client's mistake.
      return new ErrorAnswer(http.status().code(), "bad_request", null, "the request is malformed: " + Call.clip(String.valueOf(http.getMessage())), 0);
    } else if (t instanceof RequestException request && request.status().code() >= 400 && request.status().code() < 500) {
      String detail = request.safeMessage() ? ": " + Call.clip(String.valueOf(request.getMessage())) : "";
      return new ErrorAnswer(request.status().code(), "bad_request", null, "the request is malformed" + detail, 0);
    } else if (t instanceof IllegalStateException && context.closing()) {
      return new ErrorAnswer(503, "unavailable", null, "the exchange is shutting down", 1);
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(System.Logger.Level.ERROR, "incident " + incident + " on " + template, t);
    return new ErrorAnswer(
        500, "internal_error", null, "internal error (incident " + incident + "); the details are in the server log", 0);
  }

  /** Sends {@code error} unless an answer has already gone out; returns its status. */
  private static int answer(ServerResponse res, ErrorAnswer error, Route.Dialect dialect) {
    if (res.isSent()) {
      return error.status(); // the answer had started: nothing more can be said on this connection
    }
    if (error.status() == 401 && dialect != Route.Dialect.STOPNCII) {
      res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
    }
    if (error.retryAfter() > 0) {
      res.header(HeaderNames.RETRY_AFTER, Long.toString(error.retryAfter()));
    }
    res.status(error.status());
    res.header(HeaderNames.CONTENT_TYPE, Call.JSON);
    try {
      res.send(errorBody(error.code(), error.message(), error.field(), dialect != Route.Dialect.LANTERN));
    } catch (RuntimeException gone) {
      // The connection failed under the answer (a client that went away, or one the connection
      // guard closed): nobody is left to tell.
    }
    return error.status();
  }

  static byte[] errorBody(String code, String message, String field) {
    return errorBody(code, message, field, false);
  }

  /**
   * The error body; {@code topLevelMessage} adds HMA's {@code {"message": ...}} beside Lantern's
   * {@code "error"} object, so clients written for either read it.
   */
  static byte[] errorBody(String code, String message, String field, boolean topLevelMessage) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JsonInput.FACTORY.createGenerator(out)) {
      json.writeStartObject();
      if (topLevelMessage) {
        json.writeStringField("message", message);
      }
      json.writeObjectFieldStart("error");
      json.writeStringField("code", code);
      json.writeStringField("message", message);
      if (field != null) {
        json.writeStringField("field", field);
      } else {
        json.writeNullField("field");
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
