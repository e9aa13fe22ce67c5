package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-written /openapi.yaml describes exactly the routes the server registers. */
class OpenApiRoutesTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

  @Test
  void documentedPathsAndMethodsEqualTheServedRoutes() throws IOException {
    Set<String> documented = new TreeSet<>();
    try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream(SystemHandlers.OPENAPI_RESOURCE)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      boolean inPaths = false;
      String path = null;
      for (String line : yaml.lines().toList()) {
        if (!line.startsWith(" ") && !line.isBlank()) {
          inPaths = line.equals("paths:");
          continue;
        }
        if (!inPaths) {
          continue;
        }
        if (line.startsWith("  /") && line.endsWith(":") && !line.startsWith("   ")) {
          path = line.strip();
          path = path.substring(0, path.length() - 1);
        } else if (line.startsWith("    ") && !line.startsWith("     ") && path != null) {
          String key = line.strip();
          int colon = key.indexOf(':');
          String method = colon < 0 ? key : key.substring(0, colon);
          if (METHODS.contains(method)) {
            documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
          }
        }
      }
    }
    Set<String> served = new TreeSet<>();
    for (Route r : LanternServer.routes()) {
      served.add(r.method().text() + " " + r.template());
    }
    assertThat(documented).isEqualTo(served);
  }
}
