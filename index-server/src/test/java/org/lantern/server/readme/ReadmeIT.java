package org.lantern.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README, executed (issue 16, item 8): every shell block in order, in one bash session as a
 * reader pasting them into one terminal would (variables carry over), against a real server
 * started from the built launcher ({@code ./lantern serve}, the packaged jar). Each block must
 * run without a failing command (an {@code ERR} trap reports any command's non-zero exit), must
 * print no API error ({@code {"error":}), and must print the text its {@code expect} markers
 * state. Blocks that cannot run here are marked {@code skip} with the reason, and the reasons
 * are printed. Markers are described in {@link ReadmeBlocks}.
 *
 * <p>The work directory is {@code target/readme-test}: a copy of {@code examples/} and of the
 * loaders' format samples the README names, and a link to the launcher. The server listens on a
 * free port; {@code 127.0.0.1:8080} in the README is replaced with it (8080 may be taken on a
 * build machine).
 *
 * <p>Runs in the integration-test phase ({@code ./mvnw verify}), after the jar is packaged.
 */
class ReadmeIT {
  private static final Pattern READY = Pattern.compile("Lantern exchange on (http://127\\.0\\.0\\.1:\\d+) with data in .*");
  /** An error answer of the API, as opposed to a description of one (in /openapi.yaml). */
  private static final Pattern API_ERROR = Pattern.compile("\\{\"error\":\\{\"code\":\"[a-z_]+\",\"message\":\"");
  private static final String DONE = "__README_BLOCK_DONE__";
  private static final String FAIL = "__README_COMMAND_FAILED__";
  /**
   * Longest a block may run: a block of ten commands is ten JVM starts, seconds on an idle machine
   * but minutes on a loaded one (-Dreadme.block.seconds to change it).
   */
  private static final long BLOCK_SECONDS = Long.getLong("readme.block.seconds", 900);

  private final Path repo = Path.of("").toAbsolutePath().getParent();
  private final Path work = Path.of("target", "readme-test").toAbsolutePath();
  private Process server;
  private Process shell;

  @AfterEach
  void stop() throws InterruptedException {
    stopServer();
    if (shell != null) {
      shell.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyShellBlockOfTheReadmeShouldRunAsWritten() throws Exception {
    // Only after the package phase: earlier (a -Dtest=ReadmeIT run's test phase) the jar may be
    // missing or stale, and the launcher would start a build inside the build.
    Assumptions.assumeTrue(Boolean.getBoolean("lantern.packaged"), "runs in the integration-test phase, after packaging");
    ReadmeBlocks readme = ReadmeBlocks.parse(Files.readString(repo.resolve("README.md")));
    List<String> problems = new ArrayList<>();
    for (ReadmeBlocks.Block b : readme.blocks()) {
      b.problems().forEach(p -> problems.add("README.md:" + b.line() + ": " + p));
    }
    assertThat(problems).as("README markers").isEmpty();
    prepareWorkDirectory();

    String url = startServer();
    startShell();
    List<String> skipped = new ArrayList<>();
    int ran = 0;
    for (ReadmeBlocks.Block block : readme.blocks()) {
      if (block.skipReason() != null) {
        skipped.add("README.md:" + block.line() + ": " + block.skipReason());
        continue;
      }
      if (block.stopServer()) {
        stopServer();
      }
      if (block.startServer()) {
        url = startServer();
      }
      String text = block.text().replace("http://127.0.0.1:8080", url).replace("http://localhost:8080", url);
      String output = run(text);
      String where = "README.md:" + block.line() + " printed (the end):\n"
          + (output.length() > 6000 ? "..." + output.substring(output.length() - 6000) : output);
      assertThat(output).as(where).doesNotContain(FAIL);
      assertThat(API_ERROR.matcher(output).find()).as(where + "\nan API error: " + firstError(output)).isFalse();
      for (String expected : block.expects()) {
        assertThat(output).as(where).contains(expected);
      }
      ran++;
    }
    System.out.println("README test: " + ran + " blocks run, " + skipped.size() + " skipped:\n  " + String.join("\n  ", skipped));
    assertThat(ran).isGreaterThan(0);
  }

  private static String firstError(String output) {
    Matcher m = API_ERROR.matcher(output);
    return m.find() ? output.substring(m.start(), Math.min(output.length(), m.start() + 300)) : "";
  }

  private void prepareWorkDirectory() throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work);
    copyTree(repo.resolve("examples"), work.resolve("examples"));
    Path formats = Path.of("loaders", "src", "test", "resources", "formats");
    copyTree(repo.resolve(formats), work.resolve(formats));
    Files.createSymbolicLink(work.resolve("lantern"), repo.resolve("lantern"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** {@code ./lantern serve --port 0} in the work directory (its ./data); returns its URL. */
  private String startServer() throws Exception {
    server = new ProcessBuilder("./lantern", "serve", "--port", "0").directory(work.toFile()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the server is gone
      }
      lines.add("(the server exited)");
    });
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BLOCK_SECONDS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      Matcher m = READY.matcher(line);
      if (m.matches()) {
        return m.group(1);
      }
      if (line.equals("(the server exited)")) {
        break;
      }
    }
    throw new AssertionError("./lantern serve did not start: " + seen);
  }

  private void stopServer() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroy(); // SIGTERM: a graceful stop, as Ctrl-C
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private final BlockingQueue<String> shellLines = new LinkedBlockingQueue<>();
  private Writer shellIn;

  /** One bash for every block, as one terminal; any failing command prints {@link #FAIL}. */
  private void startShell() throws IOException {
    shell = new ProcessBuilder("bash", "--noprofile", "--norc").directory(work.toFile()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform().daemon().name("readme-shell-output").start(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          shellLines.add(line);
        }
      } catch (IOException e) {
        // the shell is gone
      }
      shellLines.add("(the shell exited)");
    });
    shellIn = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8);
    shellIn.write("set -E -o pipefail; trap 'echo \"" + FAIL + " (exit $?): $BASH_COMMAND\"' ERR\n");
    shellIn.flush();
  }

  /** Runs one block in the shell; returns what it printed (stdout and stderr). */
  private String run(String block) throws Exception {
    shellIn.write(block);
    shellIn.write("\necho; echo " + DONE + "\n");
    shellIn.flush();
    StringBuilder output = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BLOCK_SECONDS);
    while (true) {
      String line = shellLines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("a README block ran for more than " + BLOCK_SECONDS + " s; it printed:\n" + output);
      }
      if (line.equals(DONE)) {
        return output.toString();
      }
      if (line.equals("(the shell exited)")) {
        throw new AssertionError("the shell exited; it printed:\n" + output);
      }
      output.append(line).append('\n');
    }
  }
}
