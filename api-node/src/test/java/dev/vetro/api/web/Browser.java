package dev.vetro.api.web;

import dev.vetro.testkit.Chromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real Chromium pointed at one api node, with the few moves the page tests repeat. */
public final class Browser implements AutoCloseable {
  public static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  static final Duration WAIT = Duration.ofSeconds(30); // a loaded 2-core machine

  public final Chromium chromium;
  public final ChromeDriver driver;
  public final String base;

  public Browser(String base, int width, boolean dark) {
    this.chromium = Chromium.start(width, 900, dark);
    this.driver = chromium.driver();
    this.base = base;
  }

  public void open(String path) {
    driver.get(base + path);
  }

  public WebElement waitFor(String css) {
    return new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  public void waitForText(String css, String text, Duration within) {
    new WebDriverWait(driver, within)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public void type(String css, String text) {
    WebElement e = waitFor(css);
    e.clear();
    e.sendKeys(text);
  }

  public void click(String css) {
    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
        .click();
  }

  /** Register through the page; returns once the signed-in header shows the workspace. */
  public void register(String workspace, String email, String password) {
    open("/register");
    type("input[name=workspace]", workspace);
    type("input[name=email]", email);
    type("input[name=password]", password);
    click("form button[type=submit]");
    waitForText("[data-testid=workspace-name]", workspace, WAIT);
  }

  public void login(String email, String password) {
    open("/login");
    type("input[name=email]", email);
    type("input[name=password]", password);
    click("form button[type=submit]");
    waitFor("#who:not([hidden])");
  }

  /** Adds a database on the Databases page; returns its ID as the database page shows it. */
  public String addDatabase(String name) {
    open("/databases");
    type("form.add-db input[name=name]", name);
    click("form.add-db button[type=submit]");
    waitForText("[data-testid=database-name]", name, WAIT);
    return waitFor("[data-testid=database-id]").getText().trim();
  }

  /** Creates a key on the API Keys page; returns the key as the page shows it (once). */
  /** Creates a key on the keys page, ticking the given scopes (none: the API's default). */
  public String createKey(String name, String... scopes) {
    open("/keys");
    type("input[name=name]", name);
    if (scopes.length > 0) {
      click("form details summary"); // the scope boxes sit in a collapsed "limit" section
    }
    for (String scope : scopes) {
      click("input[name=scope][value=" + scope + "]");
    }
    click("form button[type=submit]");
    return waitFor("[data-testid=new-key]").getText().trim();
  }

  public Path shot(String name) {
    return chromium.screenshot(SHOTS.resolve(name + ".png"));
  }

  @Override
  public void close() {
    chromium.close();
  }
}
