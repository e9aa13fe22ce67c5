package org.lantern.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lantern.core.hash.Hash;
import org.lantern.core.testing.BruteForceOracle;
import org.lantern.core.testing.HashGenerators;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of load and match, on real files in a real data directory. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Run(int status, String out, String err) {}

  static Run lantern(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = LanternCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  private Path resource(String name) throws IOException {
    Path file = tmp.resolve(name.replace('/', '-'));
    try (InputStream in = getClass().getResourceAsStream("/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** The answers brute force gives for a query, as "id hash distance" strings. */
  private static List<String> expected(BruteForceOracle oracle, Hash query, int k, int radius) {
    List<String> result = new ArrayList<>();
    for (String hit : oracle.search(query.words(), k, radius)) {
      int id = Integer.parseInt(hit.substring(0, hit.indexOf(':')));
      result.add(id + " " + Hash.ofWords(oracle.hash(id)).toHex() + " " + hit.substring(hit.indexOf(':') + 1));
    }
    return result;
  }

  private static List<String> actual(JsonNode line) {
    List<String> result = new ArrayList<>();
    for (JsonNode match : line.get("matches")) {
      result.add(match.get("id").asText() + " " + match.get("hash").asText() + " " + match.get("distance").asInt());
    }
    return result;
  }

  @Test
  void matchShouldEqualBruteForceOnMetasReferenceHashes() throws IOException {
    Path haystack = resource("pdq-reference/haystack.txt");
    Path needles = resource("pdq-reference/needles.txt");
    Path data = tmp.resolve("data");
    Run load = lantern("load", "--data", data.toString(), haystack.toString());
    assertThat(load.status()).as(load.err()).isZero();
    // Ids follow the order of first occurrence; repeated hashes are duplicates.
    Map<String, Integer> distinct = new LinkedHashMap<>();
    for (String line : lines(haystack)) {
      distinct.putIfAbsent(line, distinct.size());
    }
    BruteForceOracle oracle = new BruteForceOracle(256);
    for (String hex : distinct.keySet()) {
      oracle.addBatch(Hash.parseHex(hex, 256).words(), 1);
    }
    int duplicates = lines(haystack).size() - distinct.size();
    assertThat(load.err()).contains("loaded " + distinct.size() + ", updated 0, duplicates " + duplicates + ", rejected 0");

    List<String> queries = new ArrayList<>(lines(needles));
    queries.addAll(lines(haystack).subList(0, 50));
    Path queryFile = tmp.resolve("queries.txt");
    Files.write(queryFile, queries);
    for (String[] options : new String[][] {
        {}, {"--max-distance", "0"}, {"--max-distance", "12", "--index", "mih"},
        {"--max-distance", "64", "--limit", "5", "--index", "flat"}, {"--max-distance", "256", "--limit", "3"}}) {
      List<String> args = new ArrayList<>(List.of("index", "match", "--data", data.toString(), "--type", "pdq"));
      args.addAll(List.of(options));
      args.add(queryFile.toString());
      Run match = lantern(args.toArray(String[]::new));
      assertThat(match.status()).as(match.err()).isZero();
      String[] output = match.out().split("\n");
      assertThat(output).hasSize(queries.size());
      int radius = options.length > 1 && options[0].equals("--max-distance") ? Integer.parseInt(options[1]) : 31;
      int limit = List.of(options).contains("--limit") ? Integer.parseInt(options[List.of(options).indexOf("--limit") + 1]) : 100;
      for (int i = 0; i < queries.size(); i++) {
        JsonNode line = JSON.readTree(output[i]);
        assertThat(line.get("query").asText()).isEqualTo(queries.get(i));
        assertThat(actual(line)).as("query %d with %s", i, List.of(options))
            .isEqualTo(expected(oracle, Hash.parseHex(queries.get(i), 256), limit, radius));
      }
      assertThat(match.err()).contains("A match is a lead for investigation, not evidence.");
    }
  }

  @Test
  void loadShouldReportBadLinesAndKeepTheRest() throws IOException {
    SplittableRandom random = TestSeeds.random("cli-bad-lines");
    String a = Hash.ofWords(HashGenerators.uniform(random, 1, 4)).toHex();
    String b = Hash.ofWords(HashGenerators.uniform(random, 1, 4)).toHex();
    String p = Hash.ofWords(HashGenerators.uniform(random, 1, 1)).toHex();
    Path file = tmp.resolve("mixed.txt");
    Files.writeString(file, String.join("\n",
        "\uFEFF" + a,                      // 1: a byte-order mark, then a PDQ hash
        "",                                // 2: blank
        "# a comment",                     // 3
        "pdq " + b,                        // 4: pytx local-file form
        "phash " + p,                      // 5: a 64-bit type
        a.substring(0, 20) + "x" + a.substring(21), // 6: bad character
        a.substring(1),                    // 7: 63 digits
        "md5 d41d8cd98f00b204e9800998ecf8427e", // 8: not a perceptual hash
        "pdq " + a + " extra",             // 9: three fields
        a.toUpperCase(),                   // 10: duplicate of line 1
        p,                                 // 11: 16 digits with no --type
        "  " + b + "  ") + "\n", StandardCharsets.UTF_8); // 12: duplicate of line 4
    Path data = tmp.resolve("data");
    Run load = lantern("load", "--data", data.toString(), "--quiet", file.toString());
    assertThat(load.status()).isEqualTo(2);
    List<String> errors = load.err().lines().filter(l -> l.startsWith(file.toString())).toList();
    assertThat(errors).hasSize(4);
    assertThat(errors.get(0)).startsWith(file + ":6: hash: character 21 ('x') is not a hex digit");
    assertThat(errors.get(1)).startsWith(file + ":7: hash: expected 64 (pdq)").contains("got 63");
    assertThat(errors.get(2)).startsWith(file + ":9: value: expected 64 hex digits");
    assertThat(errors.get(3)).startsWith(file + ":11: a 16-digit (64-bit) hash is pHash or dHash");
    // md5 (line 8) is a signal type like the others; the upper-case repeat and the padded repeat are duplicates.
    assertThat(load.err()).contains("read 10, loaded 4, updated 0, duplicates 2, rejected 4");
    List<String> rejects = Files.readAllLines(tmp.resolve("mixed.txt.rejects"));
    assertThat(rejects).hasSize(8);
    assertThat(rejects.get(0)).isEqualTo("# " + file + ":6: hash: character 21 ('x') is not a hex digit");
    assertThat(rejects.get(1)).isEqualTo(a.substring(0, 20) + "x" + a.substring(21));

    Path queries = tmp.resolve("q.txt");
    Files.writeString(queries, a + "\n" + b + "\nnot-a-hash\n\n" + "pdq " + a + "\n" + "phash " + p + "\n");
    Run match = lantern("index", "match", "--data", data.toString(), "--type", "pdq", "--max-distance", "0", queries.toString());
    assertThat(match.status()).isEqualTo(2); // a malformed query line
    String[] out = match.out().split("\n");
    assertThat(out).hasSize(5);
    assertThat(actual(JSON.readTree(out[0]))).containsExactly("0 " + a + " 0");
    assertThat(actual(JSON.readTree(out[1]))).containsExactly("1 " + b + " 0");
    assertThat(JSON.readTree(out[2]).get("error").asText()).contains("expected 64 hex digits");
    assertThat(JSON.readTree(out[2]).has("matches")).isFalse();
    assertThat(actual(JSON.readTree(out[3]))).containsExactly("0 " + a + " 0");
    assertThat(JSON.readTree(out[4]).get("error").asText()).contains("expected a pdq hash");

    Run phash = lantern("index", "match", "--data", data.toString(), "--type", "phash", "--max-distance", "0", queries.toString());
    assertThat(phash.out().split("\n")[4]).contains("\"id\":\"0\"").contains(p);
  }

  @Test
  void loadingTheSameFileTwiceShouldAddNothing() throws IOException {
    SplittableRandom random = TestSeeds.random("cli-twice");
    Path file = tmp.resolve("dhash.txt");
    List<String> hashes = new ArrayList<>();
    long[] packed = HashGenerators.clustered(random, 500, 1, 20, 6);
    for (int i = 0; i < 500; i++) {
      hashes.add(Hash.of64(packed[i]).toHex());
    }
    Files.write(file, hashes);
    Path data = tmp.resolve("data");
    Run first = lantern("load", "--data", data.toString(), "--type", "dhash", "--batch", "64",
        "--structures", "mih,bktree", file.toString());
    assertThat(first.status()).as(first.err()).isZero();
    long distinct = hashes.stream().distinct().count();
    assertThat(first.err()).contains("loaded " + distinct + ", updated 0, duplicates " + (500 - distinct) + ", rejected 0");
    Run second = lantern("load", "--data", data.toString(), "--type", "dhash", file.toString());
    assertThat(second.err()).contains("read 500, loaded 0, updated 0, duplicates 500, rejected 0");
    // Created with a BK-tree too: forcing it answers like the others.
    Path q = tmp.resolve("q.txt");
    Files.write(q, hashes.subList(0, 30));
    String viaTree = lantern("index", "match", "--data", data.toString(), "--type", "dhash", "--index", "bktree", q.toString()).out();
    String viaMih = lantern("index", "match", "--data", data.toString(), "--type", "dhash", "--index", "mih", q.toString()).out();
    String viaFlat = lantern("index", "match", "--data", data.toString(), "--type", "dhash", "--index", "flat", q.toString()).out();
    assertThat(viaTree).isEqualTo(viaMih).isEqualTo(viaFlat).contains("\"distance\":0");
  }

  @Test
  void clientMistakesShouldGiveOneClearLineAndStatusTwo() throws IOException {
    Path data = tmp.resolve("data");
    Run missing = lantern("index", "match", "--data", data.toString(), "--type", "pdq", "-");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no pdq index in").contains("lantern load").doesNotContain("Exception");

    Path hashes = tmp.resolve("h.txt");
    Files.writeString(hashes, "0".repeat(64) + "\n");
    assertThat(lantern("load", "--data", data.toString(), hashes.toString()).status()).isZero();
    Run noTree = lantern("index", "match", "--data", data.toString(), "--type", "pdq", "--index", "bktree", hashes.toString());
    assertThat(noTree.status()).isEqualTo(2);
    assertThat(noTree.err()).contains("has no bktree structure").doesNotContain("\tat ");

    Run badRadius = lantern("index", "match", "--data", data.toString(), "--type", "pdq", "--max-distance", "300", hashes.toString());
    assertThat(badRadius.status()).isEqualTo(2);
    assertThat(badRadius.err()).contains("--max-distance must be in 0..256");

    Run badType = lantern("load", "--data", data.toString(), "--type", "url", hashes.toString());
    assertThat(badType.status()).isEqualTo(2);
    assertThat(badType.err()).contains("--type must be a hash type").doesNotContain("\tat ");
    Run unknownType = lantern("load", "--data", data.toString(), "--type", "sha3", hashes.toString());
    assertThat(unknownType.err()).contains("unknown hash type 'sha3'");

    Run noFile = lantern("load", "--data", data.toString(), tmp.resolve("absent.txt").toString());
    assertThat(noFile.status()).isEqualTo(LoadCommand.EXIT_UNUSABLE_INPUT); // an unusable input: nothing loaded
    assertThat(noFile.err()).contains("no such file");
  }
}
