package org.lantern.server.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of a README, with the {@code <!-- readme-test: ... -->} markers on the lines
 * just before each opening fence. Every {@code ```sh} (or {@code ```bash}) block is run unless it
 * is marked {@code skip REASON}; a run block states what its output must contain with one or more
 * {@code expect TEXT}; {@code stop-server} and {@code start-server} stop or start the test's
 * server before the block; {@code exit N} says the block's last command exits with N.
 *
 * <p>Thread-safety: immutable.
 */
record ReadmeBlocks(List<Block> blocks) {
  private static final Pattern MARKER = Pattern.compile("<!--\\s*readme-test:\\s*(.*?)\\s*-->");

  /** One block: where it starts (1-based line of the fence), its text and its markers. */
  record Block(int line, String text, List<String> expects, String skipReason, boolean stopServer, boolean startServer,
      List<String> problems) {}

  static ReadmeBlocks parse(String readme) {
    String[] lines = readme.split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String fence = lines[i].strip();
      if (!fence.equals("```sh") && !fence.equals("```bash")) {
        continue;
      }
      List<String> expects = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      String skip = null;
      boolean stop = false;
      boolean start = false;
      for (int m = i - 1; m >= 0; m--) {
        Matcher marker = MARKER.matcher(lines[m].strip());
        if (!marker.matches()) {
          break;
        }
        String body = marker.group(1);
        String word = body.split("\\s+", 2)[0];
        String rest = body.length() > word.length() ? body.substring(word.length()).strip() : "";
        switch (word) {
          case "expect" -> expects.add(0, rest);
          case "skip" -> skip = rest;
          case "stop-server" -> stop = true;
          case "start-server" -> start = true;
          default -> problems.add("unknown marker '" + body + "' (expect TEXT, skip REASON, stop-server, start-server)");
        }
        if (word.equals("expect") && rest.isEmpty()) {
          problems.add("'expect' needs the text the block's output must contain");
        }
      }
      StringBuilder text = new StringBuilder();
      int end = i + 1;
      for (; end < lines.length && !lines[end].strip().startsWith("```"); end++) {
        text.append(lines[end]).append('\n');
      }
      if (skip != null && skip.isEmpty()) {
        problems.add("'skip' needs a reason: <!-- readme-test: skip why it cannot run here -->");
      }
      if (skip == null && expects.isEmpty()) {
        problems.add("a block that runs needs <!-- readme-test: expect TEXT --> (a fragment of its output),"
            + " or <!-- readme-test: skip REASON -->");
      }
      blocks.add(new Block(i + 1, text.toString(), List.copyOf(expects), skip, stop, start, List.copyOf(problems)));
      i = end;
    }
    return new ReadmeBlocks(List.copyOf(blocks));
  }
}
