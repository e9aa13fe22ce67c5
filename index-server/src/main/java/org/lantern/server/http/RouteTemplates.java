package org.lantern.server.http;

/**
 * Matches a path against a route template ({@code /v1/signals/{id}/retract}): a {@code {name}}
 * segment matches any one non-empty segment. Used only off the hot path (405 answers, tests).
 *
 * <p>Thread-safety: stateless.
 */
final class RouteTemplates {
  private RouteTemplates() {}

  static boolean matches(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      boolean param = t[i].startsWith("{") && t[i].endsWith("}");
      if (param ? p[i].isEmpty() : !t[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }
}
