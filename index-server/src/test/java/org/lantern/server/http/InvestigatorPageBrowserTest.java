package org.lantern.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantern.core.hashing.PdqHasher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The investigator page in a real Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium through the driver binary named here, never a downloaded one), against a real
 * server on a loopback port.
 *
 * <p>Without a browser the tests are skipped by a JUnit assumption naming what is missing. Paths:
 * {@code -Dlantern.chromium=} and {@code -Dlantern.chromedriver=} (defaults {@code /usr/bin/...}).
 * {@code -Dui.screenshots=true} also writes a 1280x800 screenshot of each page to
 * {@code src/test/resources/ui-screenshots/} (see the README's "For investigators").
 */
class InvestigatorPageBrowserTest {
  static final String CHROMIUM = System.getProperty("lantern.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("lantern.chromedriver", "/usr/bin/chromedriver");
  static final boolean SCREENSHOTS = Boolean.getBoolean("ui.screenshots");
  static final Path SCREENSHOT_DIR = Path.of(System.getProperty("ui.screenshots.dir", "src/test/resources/ui-screenshots"));
  static final String DIH = "/pdq-reference/images/reg-test-input/dih/";

  /** Markup in data: rendered as text, it must never run or create elements. */
  static final String XSS_NOTE = "<img src=x onerror=\"window.__xss='note'\"><script>window.__xss='script'</script>";

  @TempDir static Path dir;
  static ServerFixture server;
  static ChromeDriverService service;
  static WebDriver browser;
  static String base;
  static String urlId;
  static String pdqId;
  static String hiddenId;
  static String xssId;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "browser tests skipped: no Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver; or set -Dlantern.chromium / -Dlantern.chromedriver)");
    server = new ServerFixture(dir, ServerFixture.testLimits());
    base = "http://127.0.0.1:" + server.server.port();
    seed();
    service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        "--window-size=1280,800", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    viewport(1280, 800);
  }

  /** Signals the pages look at, shared through the API as members would. */
  static void seed() throws IOException {
    byte[] original = ServerFixture.resource(DIH + "bridge-1-original.jpg");
    String pdq = PdqHasher.INSTANCE.hash(ImageIO.read(new ByteArrayInputStream(original))).hash().toHex();
    JsonNode r = server.post("/v1/signals", server.filehost, """
        {"signals":[
          {"type":"url","value":"https://files.example/share/abc123","categories":["csam"],"note":"shared link"},
          {"type":"pdq","value":"%s","categories":["csam"]},
          {"type":"md5","value":"0123456789abcdef0123456789abcdef","categories":["trade"]},
          {"type":"keyword","value":"bluebird","categories":["grooming"]},
          {"type":"email","value":"offender@example.org","categories":["sextortion"]},
          {"type":"username","value":"bad_actor_99","categories":["sextortion"]},
          {"type":"url","value":"https://evil.example/x?q=%%3Cscript%%3E","categories":["trade"],"note":%s}
        ]}""".formatted(pdq, ServerFixture.JSON.writeValueAsString(XSS_NOTE))).json();
    for (JsonNode result : r.path("results")) {
      assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("created");
    }
    urlId = r.path("results").path(0).path("id").asText();
    pdqId = r.path("results").path(1).path("id").asText();
    xssId = r.path("results").path(6).path("id").asText();
    JsonNode h = server.post("/v1/signals", server.platform,
        "{\"signals\":[{\"type\":\"username\",\"value\":\"hidden_user_1\",\"categories\":[\"grooming\"],\"visibility\":[\"filehost\"]}]}").json();
    hiddenId = h.path("results").path(0).path("id").asText();
    // Feedback for the contributor's Feedback page, with markup in the note.
    assertThat(server.put("/v1/signals/" + urlId + "/opinion", server.reader,
        "{\"opinion\":\"confirmed\",\"note\":" + ServerFixture.JSON.writeValueAsString("took down 10k accounts <b>bold?</b>") + "}").status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void noScriptRanFromData() {
    if (browser != null) {
      // The page's console (errors, CSP reports) goes to the test output, to read when a test fails.
      for (var entry : browser.manage().logs().get("browser")) {
        System.out.println("browser console: " + entry.getLevel() + " " + entry.getMessage());
      }
      System.out.println("page after the test: " + js("return location.href + ' ' + document.getElementById('main').outerHTML.slice(0, 3000)"));
      assertThat(js("return window.__xss === undefined ? null : String(window.__xss)")).as("markup in data ran").isNull();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  static WebElement visible(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  static void textAppears(By by, String text) {
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** A fresh tab state signed in with {@code key}. */
  static void signIn(String key) {
    browser.get(base + "/ui/");
    // Forget any earlier key and start over on the lookup page (a hash change alone would not reload).
    js("sessionStorage.clear(); history.replaceState(null, '', '/ui/#/lookup')");
    browser.navigate().refresh();
    WebElement input = visible(By.id("api-key"));
    input.sendKeys(key);
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    visible(By.id("who-name"));
    visible(By.cssSelector(".page h1"));
  }

  /** Follows an in-page route (as a link would) and waits for that page's heading. */
  static void go(String route) {
    js("location.hash = arguments[0]", "#/" + route);
    String page = route.contains("/") ? route.substring(0, route.indexOf('/')) : route;
    visible(By.cssSelector(".page[data-page='" + page + "'] h1"));
  }

  static void chooseKind(String kind) {
    browser.findElement(By.id("kind-" + kind)).click();
  }

  static List<String> column(String tableId, int column) {
    List<String> out = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#" + tableId + " tbody tr"))) {
      out.add(row.findElements(By.tagName("td")).get(column).getText());
    }
    return out;
  }

  /** The page's viewport in CSS pixels (the window's own size includes no browser chrome then). */
  static void viewport(int width, int height) {
    ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  static void screenshot(String name) throws IOException {
    screenshot(name, null);
  }

  /** Saves the viewport when screenshots are asked for, scrolled to {@code from} (null: the top). */
  static void screenshot(String name, By from) throws IOException {
    if (!SCREENSHOTS) {
      return;
    }
    if (from == null) {
      js("window.scrollTo(0, 0)");
    } else {
      js("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(from));
    }
    Files.createDirectories(SCREENSHOT_DIR);
    Files.write(SCREENSHOT_DIR.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  // ---------------------------------------------------------------------------------------------
  // Tests

  @Test
  void signInShowsWhoAndRolesAndSignOutForgetsTheKey() throws IOException {
    browser.get(base + "/ui/");
    js("sessionStorage.clear()");
    browser.navigate().refresh();
    visible(By.id("api-key")).sendKeys("not-a-key");
    browser.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    textAppears(By.id("signin-error"), "not accepted");
    assertThat(js("return sessionStorage.length")).isEqualTo(0L);
    browser.findElement(By.id("api-key")).clear();
    screenshot("sign-in");

    // Keyboard only: the key field has focus, Enter submits, focus then lands on the page's heading.
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("api-key");
    browser.switchTo().activeElement().sendKeys(server.filehost + Keys.ENTER);
    visible(By.id("who-name"));
    waiting().until(d -> "H1".equals(d.switchTo().activeElement().getTagName().toUpperCase(java.util.Locale.ROOT)));
    assertThat(browser.findElement(By.id("who-name")).getText()).contains("filehost");
    assertThat(browser.findElement(By.id("who-roles")).getText()).contains("contributor", "reader");
    assertThat(browser.findElement(By.id("lead-note")).getText()).isEqualTo("A match is a lead for investigation, not evidence.");
    assertThat(browser.manage().getCookies()).as("no cookie is ever set").isEmpty();
    browser.findElement(By.id("signout")).click();
    visible(By.id("api-key"));
    assertThat(js("return sessionStorage.length")).isEqualTo(0L);
    assertThat(browser.findElement(By.id("view")).isDisplayed()).isFalse();
  }

  @Test
  void eachLookupKindFindsItsSignal() throws IOException {
    signIn(server.platform);
    // A hash whose length names its type (32 hex digits: MD5) is looked up without asking.
    browser.findElement(By.id("hash-value")).sendKeys("0123456789ABCDEF0123456789abcdef");
    textAppears(By.id("hash-detected"), "md5");
    browser.findElement(By.cssSelector("#form-hash button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(column("matches", 1)).containsExactly("exact");
    assertThat(column("matches", 5)).containsExactly("trade");
    assertThat(column("matches", 6)).containsExactly("filehost");
    assertThat(browser.findElement(By.cssSelector(".results .lead-note")).getText()).contains("not evidence");

    // 64 hex digits are PDQ or SHA-256: the page asks instead of guessing, then looks up with a threshold.
    String pdq = server.get("/v1/signals/" + pdqId, server.platform).json().path("value").asText();
    String near = flip(pdq, 3); // 3 bits away
    WebElement hash = browser.findElement(By.id("hash-value"));
    hash.clear();
    hash.sendKeys(near);
    browser.findElement(By.cssSelector("#form-hash button[type=submit]")).click();
    textAppears(By.cssSelector(".results"), "could be pdq or sha256");
    new Select(browser.findElement(By.id("hash-type"))).selectByValue("pdq");
    browser.findElement(By.id("hash-distance")).sendKeys("2");
    browser.findElement(By.cssSelector("#form-hash button[type=submit]")).click();
    visible(By.id("no-matches"));
    browser.findElement(By.id("hash-distance")).clear();
    browser.findElement(By.id("hash-distance")).sendKeys("3");
    browser.findElement(By.cssSelector("#form-hash button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(column("matches", 2)).containsExactly("3");
    screenshot("lookup");

    chooseKind("url");
    browser.findElement(By.id("url-value")).sendKeys("https://files.example/share/abc123/more");
    browser.findElement(By.cssSelector("#form-url button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(column("matches", 1)).containsExactly("prefix");
    assertThat(column("matches", 4)).containsExactly("https://files.example/share/abc123");

    chooseKind("text");
    String text = "hello there, little BlueBird, want to chat?";
    browser.findElement(By.id("text-value")).sendKeys(text);
    browser.findElement(By.cssSelector("#form-text button[type=submit]")).click();
    visible(By.id("matches"));
    List<WebElement> marks = browser.findElements(By.cssSelector("#scanned-text mark"));
    assertThat(marks).extracting(WebElement::getText).containsExactly("BlueBird");
    assertThat(browser.findElement(By.id("scanned-text")).getText()).isEqualTo(text);
    screenshot("lookup-text", By.id("form-text"));

    chooseKind("account");
    browser.findElement(By.id("account-value")).sendKeys("Offender@Example.org");
    browser.findElement(By.cssSelector("#form-account button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(column("matches", 3)).containsExactly("email");
    WebElement account = browser.findElement(By.id("account-value"));
    account.clear();
    account.sendKeys("bad_actor_99");
    browser.findElement(By.cssSelector("#form-account button[type=submit]")).click();
    waiting().until(d -> column("matches", 3).equals(List.of("username")));
  }

  @Test
  void aRotatedImageMatchesThroughItsDihedralVariant() throws IOException {
    signIn(server.reader);
    chooseKind("image");
    assertThat(browser.findElement(By.id("image-privacy")).getText()).contains("never stored");
    Path rotated = dir.resolve("bridge-rotate-90.jpg");
    Files.write(rotated, ServerFixture.resource(DIH + "bridge-2-rotate-90.jpg"));
    browser.findElement(By.id("image-file")).sendKeys(rotated.toString());
    textAppears(By.id("image-drop"), "bridge-rotate-90.jpg");
    browser.findElement(By.cssSelector("#form-image button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(browser.findElements(By.cssSelector(".variants tbody tr"))).hasSize(8);
    assertThat(browser.findElement(By.id("image-quality")).getText()).matches("\\d+ / 100.*");
    assertThat(browser.findElement(By.id("image-pdq")).getText()).hasSize(64);
    List<WebElement> links = browser.findElements(By.cssSelector("#matches tbody td:first-child a"));
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getAttribute("href")).endsWith(pdqId);
    assertThat(column("matches", 5).get(0)).as("the variant that matched").isNotEqualTo("original").isNotBlank();
    screenshot("lookup-image", By.id("image-hash-title"));
  }

  @Test
  void openingASignalGivingAnOpinionAndSharingBackShowsInTheProvenanceGraph() throws IOException {
    signIn(server.platform);
    chooseKind("url");
    browser.findElement(By.id("url-value")).sendKeys("https://files.example/share/abc123");
    browser.findElement(By.cssSelector("#form-url button[type=submit]")).click();
    visible(By.cssSelector("#matches tbody a")).click();
    textAppears(By.cssSelector(".page h1"), "Signal");
    assertThat(browser.findElement(By.id("signal-value")).getText()).isEqualTo("https://files.example/share/abc123");
    assertThat(browser.findElement(By.id("signal-note")).getText()).isEqualTo("shared link");
    assertThat(browser.findElements(By.id("retract"))).as("not platform's to retract").isEmpty();

    // Opinion: seen, with a note; the counts change.
    browser.findElement(By.cssSelector("#opinion-form input[value=seen]")).click();
    browser.findElement(By.id("opinion-note")).sendKeys("looked, nothing conclusive");
    browser.findElement(By.cssSelector("#opinion-form button[type=submit]")).click();
    textAppears(By.id("opinion-summary"), "yours: seen");
    assertThat(browser.findElement(By.id("opinion-summary")).getText()).contains("1 seen");

    // Share back two accounts found through it, one to a chosen participant only, one bad.
    browser.findElement(By.id("share-value-1")).sendKeys("found_account_1");
    browser.findElement(By.xpath("//button[normalize-space()='Add another signal']")).click();
    new Select(browser.findElement(By.id("share-type-2"))).selectByValue("email");
    browser.findElement(By.id("share-value-2")).sendKeys("not an e-mail");
    browser.findElement(By.cssSelector("#share-categories input[value=csam]")).click();
    browser.findElement(By.id("share-chosen")).click();
    visible(By.cssSelector("#share-recipients input[value=filehost]")).click();
    assertThat(browser.findElements(By.cssSelector("#share-recipients input")))
        .extracting(e -> e.getAttribute("value")).containsExactly("admin", "filehost", "reader");
    screenshot("share-back", By.id("share-title"));
    browser.findElement(By.cssSelector("#share-form button[type=submit]")).click();
    visible(By.cssSelector("#share-results li"));
    List<WebElement> results = browser.findElements(By.cssSelector("#share-results li"));
    assertThat(results.get(0).getText()).startsWith("username found_account_1: created");
    assertThat(results.get(1).getText()).startsWith("email not an e-mail: rejected").contains("field");
    String newId = results.get(0).findElement(By.tagName("a")).getAttribute("href").replaceAll(".*/", "");
    waiting().until(d -> !d.findElements(By.cssSelector("#provenance-graph g[data-id='" + newId + "']")).isEmpty());
    // An account is stored as its keyed hash, never in clear: the graph names the new signal by id.
    assertThat(browser.findElement(By.id("prov-led")).getText()).contains(newId.substring(0, 12)).doesNotContain("found_account_1");
    JsonNode stored = server.get("/v1/signals/" + newId, server.platform).json();
    assertThat(stored.path("derived_from").toString()).isEqualTo("[\"" + urlId + "\"]");
    assertThat(stored.path("visibility").toString()).isEqualTo("[\"filehost\"]");
    assertThat(stored.path("categories").toString()).isEqualTo("[\"csam\"]");
    screenshot("signal");

    // The new signal's own page shows where it came from; it is platform's, so it may retract it.
    browser.findElement(By.cssSelector("#share-results li a")).click();
    visible(By.id("prov-from"));
    assertThat(browser.findElement(By.id("prov-from")).getText()).contains("files.example");
    browser.findElement(By.id("retract")).click();
    visible(By.id("retract-confirm")).click();
    textAppears(By.id("signal-status"), "retracted");
  }

  @Test
  void aReaderDoesNotSeeASignalSharedWithOthersOnly() {
    signIn(server.reader);
    chooseKind("account");
    browser.findElement(By.id("account-value")).sendKeys("hidden_user_1");
    browser.findElement(By.cssSelector("#form-account button[type=submit]")).click();
    visible(By.id("no-matches"));
    go("signal/" + hiddenId);
    visible(By.id("signal-missing"));
    go("mine");
    visible(By.cssSelector("#mine-list p.none"));

    // The participant it was shared with does see it (the test could not pass with a broken page).
    signIn(server.filehost);
    chooseKind("account");
    browser.findElement(By.id("account-value")).sendKeys("hidden_user_1");
    browser.findElement(By.cssSelector("#form-account button[type=submit]")).click();
    visible(By.id("matches"));
    assertThat(column("matches", 6)).containsExactly("platform");
  }

  @Test
  void markupInNotesAndUrlsIsShownAsTextAndNeverRuns() {
    signIn(server.platform);
    go("signal/" + xssId);
    WebElement note = visible(By.id("signal-note"));
    assertThat(note.getText()).isEqualTo(XSS_NOTE);
    assertThat(browser.findElements(By.cssSelector("#signal-fields img, #signal-fields script"))).isEmpty();
    assertThat(browser.findElement(By.id("signal-value")).getText()).contains("evil.example");

    signIn(server.filehost);
    go("feedback");
    visible(By.id("feedback-table"));
    assertThat(browser.findElement(By.id("feedback-table")).getText()).contains("took down 10k accounts <b>bold?</b>");
    assertThat(browser.findElements(By.cssSelector("#feedback-table b"))).isEmpty();
  }

  @Test
  void myPagesTransparencyAndAdmin() throws IOException {
    signIn(server.filehost);
    go("mine");
    visible(By.id("mine-table"));
    assertThat(column("mine-table", 1)).contains("url", "pdq", "md5", "keyword", "email", "username");
    new Select(browser.findElement(By.id("mine-type"))).selectByValue("url");
    browser.findElement(By.cssSelector("#mine-filters button[type=submit]")).click();
    waiting().until(d -> {
      List<String> types = column("mine-table", 1);
      return !types.isEmpty() && types.stream().allMatch("url"::equals);
    });
    assertThat(column("mine-table", 1)).hasSize(2);
    screenshot("my-signals");
    go("feedback");
    visible(By.id("feedback-table"));
    assertThat(column("feedback-table", 1)).contains("reader");
    screenshot("feedback");
    go("stats");
    visible(By.id("chart-type"));
    assertThat(browser.findElement(By.id("chart-type")).getAttribute("aria-label")).contains("url");
    assertThat(Long.parseLong(browser.findElement(By.id("stats-queries")).getText())).isGreaterThanOrEqualTo(0);
    screenshot("transparency");

    signIn(server.admin);
    go("admin");
    visible(By.id("participants-table"));
    assertThat(column("participants-table", 0)).contains("admin", "filehost", "platform", "reader");
    browser.findElement(By.xpath("//button[normalize-space()='New key for reader']")).click();
    String key = visible(By.id("new-key-value")).getText();
    assertThat(server.get("/v1/me", key).json().path("id").asText()).isEqualTo("reader");
    browser.findElement(By.id("audit-verify-button")).click();
    textAppears(By.id("audit-intact"), "intact");
    screenshot("admin");
  }

  @Test
  void adminPagesAreRefusedToANonAdmin() {
    signIn(server.reader);
    assertThat(browser.findElement(By.id("nav-admin")).isDisplayed()).isFalse();
    go("admin");
    assertThat(visible(By.id("admin-refused")).getText()).contains("need the admin role");
    assertThat(browser.findElements(By.id("participants-table"))).isEmpty();
    // The server refuses the calls themselves, whatever a page shows.
    assertThat(server.get("/v1/admin/participants", server.reader).status()).isEqualTo(403);
    Object fromPage = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/v1/admin/participants', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('lantern.apiKey')}})
          .then(r => done(r.status), e => done(String(e)));""");
    assertThat(fromPage).isEqualTo(403L);
  }

  @Test
  void aNarrowWindowNeedsNoSidewaysScrolling() throws IOException {
    signIn(server.filehost);
    try {
      viewport(400, 800);
      for (String page : List.of("lookup", "signal/" + urlId, "mine", "stats")) {
        go(page);
        waiting().until(d -> !d.findElements(By.cssSelector(".page h1")).isEmpty());
        Object overflow = js("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).longValue()).as(page + ": page wider than the window").isLessThanOrEqualTo(0);
        if (page.equals("lookup")) {
          screenshot("lookup-narrow");
        }
      }
    } finally {
      viewport(1280, 800);
    }
  }

  /**
   * First render of the lookup page (first contentful paint, Paint Timing, else the load event),
   * median of 5 fresh loads, and the bytes of everything the page loads. The time assertion is
   * loose (a shared, loaded machine); the figure is printed for RESULTS.md. The size is exact.
   */
  @Test
  void theLookupPageRendersFastAndIsSmall() {
    signIn(server.reader);
    List<Double> times = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 5; i++) {
      browser.get(base + "/ui/?run=" + i + "#/lookup");
      visible(By.id("form-hash"));
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          const nav = performance.getEntriesByType('navigation')[0];
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          // What the page loaded (Resource Timing names it), weighed by fetching each again: the
          // timing entries' own sizes read 0 for files revalidated from the cache.
          const files = [nav.name, ...performance.getEntriesByType('resource').map(r => r.name)]
            .filter(u => new URL(u).pathname.startsWith('/ui/'));
          Promise.all(files.map(u => fetch(u, {cache: 'no-store'}).then(r => r.arrayBuffer()).then(b => b.byteLength)))
            .then(sizes => done({render: paint ? paint.startTime : nav.loadEventEnd,
                                 bytes: sizes.reduce((a, b) => a + b, 0), files: files.length}),
                  e => done({error: String(e)}));""");
      times.add(((Number) m.get("render")).doubleValue());
      bytes = Math.max(bytes, ((Number) m.get("bytes")).longValue());
      assertThat(m).doesNotContainKey("error");
      assertThat(((Number) m.get("files")).intValue()).as("the page and every module and style sheet").isEqualTo(WebPage.ASSETS.size());
    }
    List<Double> sorted = times.stream().sorted().toList();
    double median = sorted.get(2);
    System.out.printf("UI lookup page first render: median %.1f ms of 5 %s; assets %d bytes%n", median, times, bytes);
    assertThat(bytes).as("total page assets (bytes)").isLessThanOrEqualTo(200 * 1024);
    assertThat(median).as("lookup page first render, median of 5 (ms); budget 300 on an idle machine").isLessThan(1500);
  }

  /** {@code hex} with its lowest {@code n} bits flipped. */
  static String flip(String hex, int n) {
    char[] c = hex.toCharArray();
    int last = Character.digit(c[c.length - 1], 16) ^ ((1 << n) - 1);
    c[c.length - 1] = Character.forDigit(last, 16);
    return new String(c);
  }
}
