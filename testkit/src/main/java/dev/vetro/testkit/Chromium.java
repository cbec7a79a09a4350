package dev.vetro.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (Selenium), for real-browser
 * tests. Nothing is downloaded: the two binaries are installed by {@code bin/install-test-deps} (or
 * here, through {@link Installer}, when missing), and Selenium Manager is kept offline by the
 * {@code SE_OFFLINE} environment the surefire configuration sets. Callers add the Selenium
 * dependencies themselves (optional in the testkit, so other modules do not carry them).
 */
public final class Chromium implements AutoCloseable {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Chromium(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** A fresh browser profile (no cookies), window {@code width} x {@code height}, light scheme. */
  public static Chromium start(int width, int height) {
    return start(width, height, false);
  }

  public static Chromium start(int width, int height, boolean dark) {
    Installer.ensure(
        () -> Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
        List.of("chromium", "chromium-driver"),
        "Chromium and chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height);
    // console messages (errors, CSP violations) readable through consoleErrors()
    org.openqa.selenium.logging.LoggingPreferences logs =
        new org.openqa.selenium.logging.LoggingPreferences();
    logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().window().setSize(new Dimension(width, height));
    // the page's prefers-color-scheme, as a user's system setting would set it
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        java.util.Map.of(
            "features",
            List.of(
                java.util.Map.of(
                    "name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    return new Chromium(service, driver);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Console errors since the last call: script errors, CSP violations, failed loads (not 4xx). */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        // a 4xx answer is the page's business (it shows the error); Chromium logs it anyway
        .filter(
            e ->
                !e.getMessage()
                    .contains("Failed to load resource: the server responded with a status of 4"))
        .map(e -> e.getMessage())
        .toList();
  }

  /** Resizes the viewport (the window's inner size, so layouts at 390 px really are 390 px). */
  public void viewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    Object inner = driver.executeScript("return window.innerWidth");
    long delta = width - ((Number) inner).longValue();
    if (delta != 0) {
      driver.manage().window().setSize(new Dimension((int) (width + delta), height));
    }
  }

  /** A PNG of the whole page (not only the viewport), written to {@code file}. */
  public Path screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Object size =
          driver.executeScript(
              "return [window.innerWidth, Math.max(document.body.scrollHeight,"
                  + " document.documentElement.scrollHeight)]");
      List<?> wh = (List<?>) size;
      int width = ((Number) wh.get(0)).intValue();
      int height = Math.min(10_000, ((Number) wh.get(1)).intValue());
      java.util.Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              java.util.Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  java.util.Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
      Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("screenshot not written to " + file + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
