package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalIds;
import org.lantern.core.signal.SignalType;
import org.lantern.core.signal.canon.CanonicalUrl;
import org.lantern.core.signal.canon.UrlCanonicalizer;
import org.lantern.core.testing.TestSeeds;
import org.lantern.core.text.TextFilter;

/**
 * No existence leak through a text lookup's work (DESIGN §7): a viewer's URL and exact-value
 * lookups never visit a document it may not see. Observed exactly, not timed: the index asks its
 * filter about every audience whose documents it walks, and a viewer's lookup must never be asked
 * about an audience hidden from it, however many hidden signals share the queried host, path or
 * value; and a free-text scan never finds a hidden keyword, however often the text holds it. The
 * answers must also equal what the viewer may see.
 *
 * <p>Seeded: a failure names the seed.
 */
class HiddenTextCostTest {
  @TempDir Path data;
  private ThreeMembers members;
  private Exchange exchange;
  private Caller viewer;
  private Caller a;
  private Caller c;

  @BeforeEach
  void open() {
    members = new ThreeMembers(data, 10_000);
    exchange = members.exchange;
    viewer = members.viewer;
    a = members.a;
    c = members.c;
  }

  @AfterEach
  void close() {
    exchange.close();
  }

  @Test
  void aViewersTextLookupsNeverVisitAHiddenDocument() {
    SplittableRandom random = TestSeeds.random("hidden-text-cost");
    String host = "files" + random.nextInt(1000) + ".example";
    String query = "https://" + host + "/share/abc/photo.jpg";
    // Visible to the viewer: shared URLs on the host, one shared with it, its own restricted one.
    submit(a, urls(random, host, 40), List.of());
    submit(a, List.of(url("https://" + host + "/share/abc/visible-to-viewer")), List.of("viewer"));
    submit(viewer, List.of(url("https://" + host + "/share/own")), List.of("c"));
    submit(a, List.of(SignalSubmission.of("keyword", "tradeword", "csam")), List.of());
    // Hidden from it: the same host and path, the exact query URL, the same keyword.
    submit(a, urls(random, host, 300), List.of("c"));
    submit(c, urls(random, host, 200), List.of("a"));
    submit(c, List.of(url(query)), List.of("a"));
    submit(c, List.of(SignalSubmission.of("keyword", "tradeword", "csam")), List.of("a"));

    ExchangeDirectory dir = exchange.directory();
    CanonicalUrl canonical = UrlCanonicalizer.canonicalize(query);
    Recording urlFilter = new Recording(new CallerFilters(dir).text(viewer, SignalType.URL));
    List<String> urlIds = new ArrayList<>();
    dir.indexes.text.matchUrl(SignalType.URL.label(), DerivedIndexes.exactUrlKey(canonical), canonical.pathPrefixes(),
        canonical.hostKey(), Exchange.MAX_LIMIT, urlFilter).forEach(h -> urlIds.add(SignalIds.encode(h.id())));
    Recording keywordFilter = new Recording(new CallerFilters(dir).text(viewer, SignalType.KEYWORD));
    List<String> keywordIds = new ArrayList<>();
    dir.indexes.text.idsWithValue(SignalType.KEYWORD.label(), "tradeword", Exchange.MAX_LIMIT, keywordFilter)
        .forEach(id -> keywordIds.add(SignalIds.encode(id)));

    for (Recording r : List.of(urlFilter, keywordFilter)) {
      for (String asked : r.asked) {
        assertThat(Audience.fromKey(asked).visibleTo(viewer)).as("asked about %s %s", asked.replace('\n', '/'), TestSeeds.describe())
            .isTrue();
      }
      assertThat(r.asked).as("the lookup walked documents").isNotEmpty();
    }
    // A free-text scan never even finds a hidden keyword: only the scopes it may see are scanned.
    submit(c, List.of(SignalSubmission.of("keyword", "hiddenword", "csam")), List.of("a"));
    String text = "buy tradeword here, hiddenword and tradeword again; ".repeat(50);
    CallerFilters filters = new CallerFilters(dir);
    List<org.lantern.core.text.KeywordHit> scanned = dir.indexes.keywords.scan(text, filters.scopes(viewer));
    assertThat(scanned).hasSize(100).allSatisfy(hit ->
        assertThat(exchange.get(viewer, hit.id())).as("found hidden keyword %s", hit.keyword()).isPresent());
    assertThat(dir.indexes.keywords.scan(text, filters.scopes(c))).hasSize(250); // the shared tradeword, and its own two
    assertThat(exchange.scanText(viewer, text).hits()).hasSize(100);
    // What it found is exactly what it may see.
    List<String> answer = exchange.matchUrl(viewer, query, Exchange.MAX_LIMIT).matches().stream().map(m -> m.signal().id()).toList();
    assertThat(urlIds).containsExactlyInAnyOrderElementsOf(answer).hasSize(42);
    assertThat(keywordIds).hasSize(1);
    // Others see what is hidden from the viewer.
    assertThat(exchange.matchUrl(c, query, Exchange.MAX_LIMIT).matches()).hasSize(42 - 2 + 1 + 300 + 200 + 1);
  }

  /**
   * A text index written before scopes existed (schema 2) finds nothing by scope: the next open
   * sees its schema and puts every document again. Simulated by emptying the index and marking it
   * schema 2: only the rebuild can bring the signals back.
   */
  @Test
  void anOlderTextIndexIsRebuiltWithScopesOnOpen() throws Exception {
    submit(a, List.of(url("https://old.example/a")), List.of());
    submit(a, List.of(url("https://old.example/b")), List.of("viewer"));
    submit(c, List.of(url("https://old.example/c")), List.of("a"));
    exchange.close();
    try (var directory = org.apache.lucene.store.FSDirectory.open(data.resolve("text"));
        var writer = new org.apache.lucene.index.IndexWriter(directory, new org.apache.lucene.index.IndexWriterConfig())) {
      writer.deleteAll();
      writer.setLiveCommitData(java.util.Map.of("lantern.applied_sequence", "999999", "lantern.text_schema", "2").entrySet());
      writer.commit();
    }
    exchange = Exchange.open(ExchangeConfig.defaults(data).withIntervals(Duration.ZERO, Duration.ZERO));
    viewer = exchange.participants().caller("viewer").orElseThrow();
    assertThat(exchange.matchUrl(viewer, "https://old.example/x", 10).matches()).extracting(m -> m.signal().value())
        .containsExactlyInAnyOrder("https://old.example/a", "https://old.example/b");
    assertThat(exchange.verify()).isEmpty();
  }

  /**
   * Past the bounds on scopes ({@link CallerFilters#MAX_SCOPES} for term seeks, {@link
   * ScopedKeywords#MAX_SCANNERS} for the scan) a member's lookups go back to the unscoped path:
   * the work stays bounded, and the answers stay exactly what it may see.
   */
  @Test
  void pastTheScopeBoundsLookupsStayBoundedAndExact() {
    int lists = CallerFilters.MAX_SCOPES + 6;
    List<SignalSubmission> keywords = new ArrayList<>();
    for (int i = 0; i < lists; i++) {
      exchange.participants().add("q" + i, null, java.util.EnumSet.of(org.lantern.core.participant.Role.READER));
      submit(a, List.of(url("https://bound.example/shared-with-q" + i)), List.of("viewer", "q" + i));
      if (i <= ScopedKeywords.MAX_SCANNERS) {
        submit(a, List.of(SignalSubmission.of("keyword", "word" + (char) ('a' + i), "csam")), List.of("viewer", "q" + i));
        keywords.add(SignalSubmission.of("keyword", "word" + (char) ('a' + i), "csam"));
      }
    }
    submit(c, urls(new SplittableRandom(1), "bound.example", 50), List.of("a"));
    String hidden = exchange.submit(c, List.of(SignalSubmission.of("keyword", "hiddenword", "csam").withVisibility(List.of("a"))))
        .get(0).id();
    CallerFilters filters = new CallerFilters(exchange.directory());
    assertThat(filters.scopes(viewer)).as("past the bound: unscoped").isNull();
    assertThat(exchange.matchUrl(viewer, "https://bound.example/x", Exchange.MAX_LIMIT).matches())
        .extracting(m -> m.signal().value()).hasSize(lists).allMatch(v -> v.contains("shared-with-q"));
    StringBuilder text = new StringBuilder("hiddenword ");
    keywords.forEach(k -> text.append(k.value()).append(' '));
    assertThat(exchange.scanText(viewer, text.toString()).hits()).hasSize(keywords.size())
        .noneMatch(h -> h.signal().id().equals(hidden));
    // The scan's own bound, under the seek bound: more scopes holding keywords than it scans one by one.
    List<String> scopesOfViewerKeywords = new ArrayList<>();
    for (int i = 0; i <= ScopedKeywords.MAX_SCANNERS; i++) {
      scopesOfViewerKeywords.add(new Audience("a", List.of("q" + i, "viewer")).scope());
    }
    assertThat(exchange.directory().indexes.keywords.scan(text, scopesOfViewerKeywords)).as("one scanner of all")
        .anyMatch(h -> h.id().equals(hidden));
    assertThat(exchange.directory().indexes.keywords.scan(text, scopesOfViewerKeywords.subList(0, ScopedKeywords.MAX_SCANNERS)))
        .as("one scanner per scope").hasSize(ScopedKeywords.MAX_SCANNERS).noneMatch(h -> h.id().equals(hidden));
  }

  /** Records every audience the index asks about. */
  private static final class Recording implements TextFilter {
    private final TextFilter inner;
    final Set<String> asked = new LinkedHashSet<>();

    Recording(TextFilter inner) {
      this.inner = inner;
    }

    @Override
    public List<String> scopes() {
      return inner.scopes();
    }

    @Override
    public boolean acceptsAudience(String audience) {
      asked.add(audience);
      return inner.acceptsAudience(audience);
    }

    @Override
    public boolean accepts(byte[] id) {
      return inner.accepts(id);
    }
  }

  private void submit(Caller contributor, List<SignalSubmission> batch, List<String> visibility) {
    members.submit(contributor, batch, visibility);
  }

  private static SignalSubmission url(String url) {
    return SignalSubmission.of("url", url, "csam");
  }

  private static List<SignalSubmission> urls(SplittableRandom random, String host, int n) {
    List<SignalSubmission> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String path = random.nextBoolean() ? "/share/abc/" : "/other/";
      out.add(url("https://" + host + path + Long.toHexString(random.nextLong())));
    }
    return out;
  }
}
