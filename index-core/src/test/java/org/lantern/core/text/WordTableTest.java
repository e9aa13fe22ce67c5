package org.lantern.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lantern.core.testing.TestSeeds;

/** The dictionary against a {@code HashMap} model, through growth and backward-shift removal. */
class WordTableTest {
  @Test
  void shouldAgreeWithAMapThroughChurn() {
    SplittableRandom random = TestSeeds.random("WordTable.churn");
    WordTable table = new WordTable();
    Map<String, Integer> refs = new HashMap<>(); // word → reference count
    Map<String, Integer> ids = new HashMap<>();
    List<String> universe = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // short words over a tiny alphabet: many shared hash prefixes and long probe clusters
      universe.add(Integer.toString(random.nextInt(1 << 14), 3 + random.nextInt(3)));
    }
    for (int op = 0; op < TestSeeds.iterations(60_000); op++) {
      String word = universe.get(random.nextInt(universe.size()));
      boolean release = refs.containsKey(word) && random.nextInt(100) < 48;
      if (release) {
        table.release(ids.get(word));
        if (refs.merge(word, -1, Integer::sum) == 0) {
          refs.remove(word);
          ids.remove(word);
        }
      } else {
        int id = table.acquire(word);
        Integer known = ids.putIfAbsent(word, id);
        assertThat(known == null ? id : known).as("a live word keeps its id").isEqualTo(id);
        refs.merge(word, 1, Integer::sum);
      }
      if (op % 997 == 0) {
        checkAll(table, universe, ids);
      }
    }
    checkAll(table, universe, ids);
    assertThat(table.size()).isEqualTo(ids.size());
  }

  private static void checkAll(WordTable table, List<String> universe, Map<String, Integer> ids) {
    for (String word : universe) {
      char[] chars = word.toCharArray();
      int expected = ids.getOrDefault(word, -1);
      assertThat(table.find(chars, chars.length, word.hashCode()))
          .as("find(%s), %s", word, TestSeeds.describe()).isEqualTo(expected);
      if (expected >= 0) {
        assertThat(table.word(expected)).isEqualTo(word);
      }
    }
    assertThat(table.size()).isEqualTo(ids.size());
  }

  @Test
  void findShouldTakeAPrefixOfALongerBuffer() {
    WordTable table = new WordTable();
    int id = table.acquire("sex");
    char[] buffer = "sexy".toCharArray();
    assertThat(table.find(buffer, 3, "sex".hashCode())).isEqualTo(id);
    assertThat(table.find(buffer, 4, "sexy".hashCode())).isEqualTo(-1);
    assertThat(table.maxLength()).isEqualTo(3);
  }
}
