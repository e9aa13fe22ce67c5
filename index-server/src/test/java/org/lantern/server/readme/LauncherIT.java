package org.lantern.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher prints only what was asked for (issue 16, item 9): no JVM warning about incubator
 * modules on any command, no Helidon logging line on {@code serve}. Runs the real {@code
 * ./lantern} on the packaged jar, in the integration-test phase.
 */
class LauncherIT {
  private final Path repo = Path.of("").toAbsolutePath().getParent();

  @TempDir Path tmp;

  @BeforeEach
  void packaged() {
    Assumptions.assumeTrue(Boolean.getBoolean("lantern.packaged"), "runs in the integration-test phase, after packaging");
  }

  private record Run(int status, String out, String err) {}

  private Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(repo.resolve("lantern").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
    var err = p.getErrorStream();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, errText);
  }

  @Test
  void oneShotCommandsShouldPrintOnlyTheirAnswer() throws Exception {
    Run version = run("--version");
    assertThat(version.status()).isZero();
    assertThat(version.out()).startsWith("Lantern");
    assertThat(version.err()).isEmpty();

    // A command that opens the exchange (Chronicle, Lucene) prints only its answer too.
    Run list = run("participants", "list", "--data", tmp.resolve("data").toString());
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.err()).isEmpty();

    Path image = repo.resolve("examples/photos/bridge.jpg");
    Run hash = run("hash", image.toString());
    assertThat(hash.status()).isZero();
    assertThat(hash.out()).contains(",100," + image);
    assertThat(hash.err()).isEmpty();
  }

  @Test
  void serveShouldPrintNoWarningAndNoLibraryLine() throws Exception {
    Process serve = new ProcessBuilder(repo.resolve("lantern").toString(), "serve", "--port", "0", "--data", tmp.resolve("data").toString())
        .directory(tmp.toFile()).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
        if (line.startsWith("API description:")) {
          break;
        }
      }
    } finally {
      serve.destroy();
      serve.waitFor(60, TimeUnit.SECONDS);
    }
    String printed = String.join("\n", lines);
    assertThat(printed).contains("Lantern exchange on http://127.0.0.1:").contains("Created participant 'admin'")
        .doesNotContain("WARNING").doesNotContain("Helidon").doesNotContain("INFO");
  }
}
