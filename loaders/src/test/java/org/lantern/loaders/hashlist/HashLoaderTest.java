package org.lantern.loaders.hashlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.index.DataLayout;
import org.lantern.core.index.PlannedIndex;
import org.lantern.core.testing.TestSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashLoaderTest {
  @TempDir Path tmp;

  @Test
  void parserShouldAcceptBothLineFormsAndExplainRejections() throws Exception {
    HashListParser bare = new HashListParser(null);
    long[] words = new long[4];
    String pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    assertThat(bare.parse(pdq, words)).isEqualTo(HashType.PDQ);
    assertThat(Hash.ofWords(words).toHex()).isEqualTo(pdq);
    assertThat(bare.parse("DHASH\t00ff00ff00ff00ff", words)).isEqualTo(HashType.DHASH);
    assertThat(words[0]).isEqualTo(0x00ff00ff00ff00ffL);
    assertThat(new HashListParser(HashType.PHASH).parse("00ff00ff00ff00ff", words)).isEqualTo(HashType.PHASH);
    assertThat(HashListParser.isSkippable("   ")).isTrue();
    assertThat(HashListParser.isSkippable(" # note")).isTrue();
    assertThatThrownBy(() -> bare.parse("url https://example.com", words))
        .isInstanceOf(RejectedLineException.class).hasMessageContaining("unsupported signal type 'url'");
    assertThatThrownBy(() -> new HashListParser(HashType.PDQ).parse("00ff", words))
        .hasMessageContaining("invalid pdq hash").hasMessageContaining("got 4");
  }

  /** Every counted line is loaded, a duplicate or rejected, for any mix; nothing is lost. */
  @Test
  void readShouldEqualLoadedPlusDuplicatesPlusRejected() {
    int[] run = {0};
    qt().withExamples(TestSeeds.iterations(30)).withFixedSeed(TestSeeds.seed("loader-invariant"))
        .forAll(longs().all(), integers().between(0, 400), integers().between(1, 50))
        .checkAssert((seed, lines, batch) -> {
          SplittableRandom random = new SplittableRandom(seed);
          List<String> text = new ArrayList<>();
          Set<String> distinct = new HashSet<>();
          int bad = 0;
          int skippable = 0;
          for (int i = 0; i < lines; i++) {
            int shape = random.nextInt(10);
            if (shape == 0) {
              text.add(random.nextBoolean() ? "" : "# comment " + i);
              skippable++;
            } else if (shape == 1) {
              text.add("zz" + Long.toHexString(random.nextLong()));
              bad++;
            } else {
              // few distinct values, so that duplicates are common
              String hex = Hash.of256(random.nextInt(40), 7, 7, 7).toHex();
              text.add(random.nextBoolean() ? hex : "pdq " + hex);
              distinct.add(hex);
            }
          }
          Path data = tmp.resolve("run" + run[0]++);
          List<String> rejects = new ArrayList<>();
          LoadReport report;
          try (HashLoader loader = new HashLoader(data, null, org.lantern.core.index.IndexOptions.defaults(1000), batch,
              (source, line, reason) -> rejects.add(source + ":" + line))) {
            loader.load(new BufferedReader(new StringReader(String.join("\n", text))), "mem");
            loader.flush();
            report = loader.report(0);
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
          assertThat(report.read()).isEqualTo(lines - skippable);
          assertThat(report.read()).isEqualTo(report.loaded() + report.duplicates() + report.rejected());
          assertThat(report.rejected()).isEqualTo(bad).isEqualTo(rejects.size());
          assertThat(report.loaded()).isEqualTo(distinct.size());
          if (!distinct.isEmpty()) {
            try (PlannedIndex index = PlannedIndex.openReadOnly(DataLayout.hashIndex(data, HashType.PDQ), 256)) {
              assertThat(index.size()).isEqualTo(distinct.size());
              for (String hex : distinct) {
                assertThat(index.findExact(Hash.parseHex(hex, 256))).isNotNegative();
              }
            }
          }
        });
  }
}
