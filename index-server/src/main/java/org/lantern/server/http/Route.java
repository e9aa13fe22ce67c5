package org.lantern.server.http;

import io.helidon.http.Method;

/**
 * One endpoint: method, path template (Helidon syntax, {@code /v1/signals/{id}}), who may call it
 * and the code that answers. The template, not the raw path, is what metrics and the access log
 * record, so that ids and account lookups never land there.
 *
 * <p>Thread-safety: immutable.
 */
public record Route(Method method, String template, Access access, Endpoint endpoint, Dialect dialect) {
  /** A route in Lantern's own dialect. */
  public Route(Method method, String template, Access access, Endpoint endpoint) {
    this(method, template, access, endpoint, Dialect.LANTERN);
  }

  /**
   * Whose conventions a route follows where they differ from Lantern's: where the API key is
   * read, and what an error body carries besides Lantern's {@code {"error":{...}}}.
   */
  public enum Dialect {
    /** {@code Authorization: Bearer <key>}; errors {@code {"error":{"code","message","field"}}}. */
    LANTERN,
    /** As Lantern, and errors also carry HMA's top-level {@code "message"}. */
    HMA,
    /**
     * The key in {@code x-functions-key} (StopNCII's header; {@code Ocp-Apim-Subscription-Key} is
     * ignored); errors as {@link #HMA}.
     */
    STOPNCII
  }

  /** This route in another dialect. */
  public Route in(Dialect other) {
    return new Route(method, template, access, endpoint, other);
  }

  /** Who may call a route. */
  public enum Access {
    /** Anyone: health, metrics, the API description. */
    PUBLIC,
    /** A participant with a valid API key; the roles are checked by the exchange. */
    PARTICIPANT,
    /** A participant holding the admin role. */
    ADMIN,
    /**
     * A participant holding the admin or the auditor role: the audit log, its head, the metrics
     * and the exchange's figures.
     */
    AUDIT
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Endpoint {
    void handle(Call call) throws Exception;
  }

  public static Route get(String template, Access access, Endpoint endpoint) {
    return new Route(Method.GET, template, access, endpoint);
  }

  public static Route post(String template, Access access, Endpoint endpoint) {
    return new Route(Method.POST, template, access, endpoint);
  }

  public static Route put(String template, Access access, Endpoint endpoint) {
    return new Route(Method.PUT, template, access, endpoint);
  }

  public static Route delete(String template, Access access, Endpoint endpoint) {
    return new Route(Method.DELETE, template, access, endpoint);
  }
}
