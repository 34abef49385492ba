package org.dalaba.hub.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dalaba.hub.testing.ExternalProcess;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven through Debian's chromedriver (they always match), headless, with a fresh
 * profile and a download folder. Skips the test when either is missing (fails with CI=true).
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, Path profile, Path downloads, String base) {
    this.driver = driver;
    this.profile = profile;
    this.downloads = downloads;
    this.base = base;
  }

  /** Skips the test (fails it with CI=true) when Chromium or its driver is not installed. */
  static void requirePrograms() {
    ExternalProcess.requireProgram(CHROMIUM, "chromium");
    ExternalProcess.requireProgram(CHROMEDRIVER, "chromium-driver");
  }

  static Browser open(int httpPort) throws IOException {
    return open(httpPort, List.of());
  }

  /** With more Chromium arguments, e.g. {@code --use-file-for-fake-audio-capture=FILE.wav} for a microphone that speaks. */
  static Browser open(int httpPort, List<String> moreArguments) throws IOException {
    requirePrograms();
    Path profile = Files.createTempDirectory("dalaba-chromium-");
    Path downloads = Files.createTempDirectory("dalaba-downloads-");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
            "--window-size=1366,900", "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
            // a fake microphone (a beeping tone) that needs no permission prompt, for recording alerts
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")
        .addArguments(moreArguments)
        .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
            "download.prompt_for_download", false, "intl.accept_languages", "zh-CN,zh"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
        .usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), profile, downloads, "http://127.0.0.1:" + httpPort + "/");
  }

  void home() {
    driver.get(base);
  }

  WebElement find(String css) {
    return waitFor("element " + css, d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  <T> T waitFor(String what, ExpectedCondition<T> condition) {
    // the console redraws parts of the page on live events: an element found a moment ago may be gone
    return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** The text of the first element matching, read again if the page redrew it meanwhile. */
  String text(String css) {
    return waitFor("the text of " + css, d -> find(css).getText());
  }

  void waitForText(String css, String text) {
    waitFor(css + " showing " + text, d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return !found.isEmpty() && found.get(0).getText().trim().equals(text);
    });
  }

  void login(String username, String password) {
    home();
    find("input[name=username]").sendKeys(username);
    find("input[name=password]").sendKeys(password);
    find("#login-submit").click();
    find("#logout");
  }

  /** Starts the next test logged out and in Chinese, whatever state the last one left the page in. */
  void forgetSession() {
    home();
    ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.removeItem('dalaba.lang')");
    home();
  }

  void logout() {
    find("#logout").click();
    find("input[name=username]");
  }

  /** Runs a script in the page; a boolean result for waitFor (null when false, so the wait goes on). */
  Boolean script(String js) {
    return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(js)) ? Boolean.TRUE : null;
  }

  String sessionToken() {
    return (String) ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('dalaba.token')");
  }

  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Waits for a finished download (Chromium writes *.crdownload until done) whose name ends so. */
  Path download(String suffix) {
    return waitFor("a download ending " + suffix, d -> {
      try (Stream<Path> files = Files.list(downloads)) {
        return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
      } catch (IOException e) {
        return null;
      }
    });
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    for (Path dir : List.of(profile, downloads)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
