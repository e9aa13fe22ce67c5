package org.lantern.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The JSON-lines output of the commands that answer in JSON: one object per line on the
 * command's stdout, which stays open (the command line owns it).
 *
 * <p>Thread-safety: stateless.
 */
final class JsonLines {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLines() {}

  /** A generator on the command's stdout: no separator between root values, stdout left open. */
  static JsonGenerator open(CommandSpec spec) throws IOException {
    JsonGenerator json = FACTORY.createGenerator(spec.commandLine().getOut());
    json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    json.setRootValueSeparator(null);
    return json;
  }

  /** Ends the current line and flushes it, so that a reader sees each answer as it is made. */
  static void endLine(JsonGenerator json) throws IOException {
    json.writeRaw('\n');
    json.flush();
  }
}
