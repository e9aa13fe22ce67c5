package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantern.server.cli.CliTest.lantern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The journeys of a new user on the command line (issue 16), through the picocli entry point on
 * real files: {@code lantern match} through the exchange (item 3), the multi-file load preflight
 * and ThreatExchange names (item 4), help text (item 10) and an admin created offline (item 1).
 */
class FirstRunCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String NEAR = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b23";
  private static final String OTHER = "0000000000000000000000000000000000000000000000000000000000000000";

  @TempDir Path tmp;

  private static List<JsonNode> jsonLines(String out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private String data() {
    return tmp.resolve("data").toString();
  }

  private void add(String participant, String roles) {
    CliTest.Run r = lantern("participants", "add", participant, "--roles", roles, "--data", data());
    assertThat(r.status()).as(r.err()).isZero();
  }

  @Test
  void matchShouldAnswerWithSignalIdsOneResultPerSignalAuditedAsTheParticipant() throws IOException {
    add("mega", "contributor,reader");
    add("meta", "contributor,reader");
    add("ncmec", "reader");
    // Two contributors share the same hash: two signals, one slot in the hash index.
    assertThat(lantern("signals", "add", "--data", data(), "--as", "mega", "--type", "pdq", "--category", "csam", PDQ).status()).isZero();
    assertThat(lantern("signals", "add", "--data", data(), "--as", "meta", "--type", "pdq", "--visibility", "meta", PDQ).status()).isZero();
    Path queries = tmp.resolve("queries.txt");
    Files.writeString(queries, "# near copy\n" + NEAR + "\n" + OTHER + "\nnot-a-hash\n");

    CliTest.Run run = lantern("match", "--data", data(), "--type", "pdq", queries.toString());
    assertThat(run.status()).as("a malformed line gives exit status 2: " + run.err()).isEqualTo(2);
    List<JsonNode> answers = jsonLines(run.out());
    assertThat(answers).hasSize(3);
    JsonNode near = answers.get(0);
    assertThat(near.get("query").asText()).isEqualTo(NEAR);
    assertThat(near.get("note").asText()).isEqualTo("A match is a lead for investigation, not evidence.");
    assertThat(near.get("matches")).hasSize(2); // one result per signal, not per stored hash
    List<String> contributors = new ArrayList<>();
    for (JsonNode m : near.get("matches")) {
      assertThat(m.get("distance").asInt()).isEqualTo(1);
      assertThat(m.get("hash").asText()).isEqualTo(PDQ);
      contributors.add(m.get("contributor").asText());
      CliTest.Run get = lantern("signals", "get", "--data", data(), m.get("id").asText());
      assertThat(get.status()).as("the id is a signal id: " + get.err()).isZero();
      assertThat(JSON.readTree(get.out()).get("contributor").asText()).isEqualTo(m.get("contributor").asText());
    }
    assertThat(contributors).containsExactlyInAnyOrder("mega", "meta");
    assertThat(answers.get(1).get("matches")).isEmpty();
    assertThat(answers.get(2).get("error").get("code").asText()).isNotEmpty();

    // As a participant: what it may see (meta's signal is visible to meta only).
    CliTest.Run asNcmecFile = lantern("match", "--data", data(), "--as", "ncmec", queries.toString());
    JsonNode seen = jsonLines(asNcmecFile.out()).get(0);
    assertThat(seen.get("matches")).hasSize(1);
    assertThat(seen.get("matches").get(0).get("contributor").asText()).isEqualTo("mega");

    // Audited: the lookups are in the chain, under who asked.
    Path audit = tmp.resolve("audit.jsonl");
    assertThat(lantern("audit", "export", "--data", data(), "--out", audit.toString()).status()).isZero();
    List<JsonNode> matchEntries = new ArrayList<>();
    for (JsonNode entry : jsonLines(Files.readString(audit))) {
      if (entry.toString().contains("match")) {
        matchEntries.add(entry);
      }
    }
    assertThat(matchEntries.toString()).contains("ncmec");
    assertThat(matchEntries.size()).isGreaterThanOrEqualTo(3);
    assertThat(Files.readString(audit)).doesNotContain(NEAR); // never the queried values
  }

  @Test
  void unknownParticipantForMatchShouldBeRefusedWithTheNextStep() throws IOException {
    add("mega", "contributor,reader");
    Path queries = tmp.resolve("queries.txt");
    Files.writeString(queries, PDQ + "\n");
    CliTest.Run run = lantern("match", "--data", data(), "--as", "nobody", "--type", "pdq", queries.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("no active participant 'nobody'").contains("lantern participants add nobody");
  }

  @Test
  void rawIndexLookupShouldStayAvailableAsIndexMatch() throws IOException {
    Path hashes = tmp.resolve("hashes.txt");
    Files.writeString(hashes, PDQ + "\n");
    assertThat(lantern("load", "--data", data(), hashes.toString()).status()).isZero();
    CliTest.Run raw = lantern("index", "match", "--data", data(), "--type", "pdq", "--index", "flat", hashes.toString());
    assertThat(raw.status()).as(raw.err()).isZero();
    assertThat(jsonLines(raw.out()).get(0).get("matches").get(0).get("id").asText()).isEqualTo("0"); // a slot
  }

  @Test
  void oneUnusableInputShouldStopTheLoadBeforeAnythingIsLoadedAndNameEveryProblem() throws IOException {
    Path first = tmp.resolve("a-first.txt");
    Files.writeString(first, PDQ + "\n");
    Path unknownType = tmp.resolve("simple.PHOTO_PDQ.te");
    Files.writeString(unknownType, PDQ + ",1234567,2026-01-01T00:00:00+0000,csam\n");
    Path last = tmp.resolve("c-last.txt");
    Files.writeString(last, NEAR + "\n");
    Path missing = tmp.resolve("missing.txt");

    CliTest.Run run = lantern("load", "--data", data(), first.toString(), unknownType.toString(), last.toString(), missing.toString());
    assertThat(run.status()).as(run.err()).isEqualTo(LoadCommand.EXIT_UNUSABLE_INPUT);
    assertThat(run.err()).contains(unknownType + ": ").contains("photo_pdq").contains(missing + ": no such file")
        .contains("nothing was loaded").doesNotContain(first + ": ").doesNotContain("\tat ");
    assertThat(Files.exists(tmp.resolve("data").resolve("signals"))).as("nothing was opened or loaded").isFalse();

    // Without the unusable inputs: per-file counts, then the total.
    CliTest.Run good = lantern("load", "--data", data(), first.toString(), last.toString());
    assertThat(good.status()).as(good.err()).isZero();
    assertThat(good.err()).contains(first + ": read 1, loaded 1").contains(last + ": read 1, loaded 1")
        .contains("total: read 2, loaded 2");
  }

  @Test
  void threatExchangeTypeNamesAndTagsShouldLoad() throws IOException {
    Path sha = tmp.resolve("simple.HASH_SHA256.te");
    String digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    Files.writeString(sha, digest + ",1234567,2026-01-01T00:00:00+0000,csam;trade other\n");
    Path pytx = tmp.resolve("pytx.txt");
    Files.writeString(pytx, "URI https://files.example.com/share/te\nHASH_MD5 d41d8cd98f00b204e9800998ecf8427e\n");
    CliTest.Run run = lantern("load", "--data", data(), "--format", "te-simple", sha.toString());
    assertThat(run.status()).as(run.err()).isZero();
    CliTest.Run pytxRun = lantern("load", "--data", data(), "--format", "pytx-local", pytx.toString());
    assertThat(pytxRun.status()).as(pytxRun.err()).isZero();
    assertThat(pytxRun.err()).contains("loaded 2");

    JsonNode found = jsonLines(lantern("signals", "match", "--data", data(), "--type", "sha256", digest).out()).get(0);
    JsonNode match = found.get("matches").get(0);
    assertThat(match.get("categories").toString()).isEqualTo("[\"csam\",\"trade\"]"); // "other" is not a category
    JsonNode url = jsonLines(lantern("signals", "match", "--data", data(), "--type", "url", "https://files.example.com/share/te").out()).get(0);
    assertThat(url.get("matches")).hasSize(1);
  }

  @Test
  void helpShouldNeverCutASentenceAndEverySummaryShouldBeWhole() {
    CliTest.Run top = lantern("--help");
    assertThat(top.status()).isZero();
    // Each command's summary in the list is one whole sentence on one line.
    List<String> summaries = top.out().lines().dropWhile(l -> !l.startsWith("Commands:")).skip(1).toList();
    assertThat(summaries).isNotEmpty().allSatisfy(l -> assertThat(l).as("a whole summary").matches("  \\S+ +\\S.*\\.$"));

    Deque<CommandLine> todo = new ArrayDeque<>();
    CommandLine root = new CommandLine(new LanternCli());
    root.setUsageHelpWidth(LanternCli.USAGE_WIDTH);
    todo.add(root);
    while (!todo.isEmpty()) {
      CommandLine cmd = todo.poll();
      todo.addAll(cmd.getSubcommands().values());
      CommandSpec spec = cmd.getCommandSpec();
      String[] description = spec.usageMessage().description();
      if (description.length > 0) {
        assertThat(description[0]).as("%s: first line is a whole sentence", spec.qualifiedName()).endsWith(".");
      }
      for (String line : description) {
        assertThat(line.length()).as("%s: '%s' fits the help width, so it is not broken", spec.qualifiedName(), line)
            .isLessThanOrEqualTo(LanternCli.USAGE_WIDTH - 2);
      }
    }
  }

  @Test
  void anAdminCanBeCreatedOfflineOnALoadedDirectory() throws IOException {
    Path hashes = tmp.resolve("hashes.txt");
    Files.writeString(hashes, PDQ + "\n");
    assertThat(lantern("load", "--data", data(), hashes.toString()).status()).isZero();
    add("boss", "admin,contributor,reader");
    CliTest.Run key = lantern("participants", "key-create", "boss", "--data", data());
    assertThat(key.status()).as(key.err()).isZero();
    assertThat(key.out().strip()).startsWith("lk_");
    assertThat(ServeCommand.adminToCreate(
        org.lantern.core.participant.Participants.open(tmp.resolve("data"), java.time.Clock.systemUTC()).list()))
        .as("serve creates no second admin when one can log in").isNull();
  }
}
