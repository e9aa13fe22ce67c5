package org.lantern.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * What a server that is more than a plain exchange adds to {@code GET /health}: a replica says
 * whether it is in step with the exchange it follows. {@code /health} answers 503 while {@link
 * #serving()} is false (so a load balancer sends no lookups to a replica that has never caught
 * up), else 200 with {@link #status()} and the fields {@link #writeFields} writes.
 *
 * <p>Thread-safety: implementations must be thread-safe (every health request calls them).
 */
public interface HealthReport {
  /** Whether lookups may be sent here. */
  boolean serving();

  /** The {@code status} field: {@code ok}, or what is not ok (e.g. {@code catching_up}). */
  String status();

  /** Writes extra fields of the health object (no signal, participant or key). */
  void writeFields(JsonGenerator json) throws IOException;
}
