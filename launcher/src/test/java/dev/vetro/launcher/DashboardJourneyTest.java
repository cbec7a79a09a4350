package dev.vetro.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.testkit.Chromium;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The integration guide, end to end, in a real Chromium: register, add {@code prod-users-db}, copy
 * its ID and a new key from the page, start a real proxy ({@code vetro proxy} in its own JVM) with
 * exactly those values in front of a real PostgreSQL, see Verify connection turn to connected
 * without a reload, see psql's blocked {@code DELETE FROM users} (42501) appear live on the Queries
 * page, switch to Observe and see the same DELETE run and show as "would have been blocked", revoke
 * the key and see the proxy status say its fetches are refused.
 */
class DashboardJourneyTest {
  static final Duration WAIT = Duration.ofSeconds(60); // a loaded 2-core machine
  static final Path SHOTS = Path.of("target", "dashboard-screenshots");

  @TempDir Path dir;

  @Test
  void theIntegrationGuideWorksEndToEndInTheDashboard() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String appDb = "journey_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg.execAsSuperuser("CREATE DATABASE " + appDb);
    pg.execAsSuperuser(
        appDb,
        "CREATE TABLE users (id int, email text); INSERT INTO users VALUES (1, 'a'), (2, 'b'),"
            + " (3, 'c'); GRANT ALL ON users TO PUBLIC");
    ApiServer.Handle api = ApiServer.start(ApiConfig.embedded(dir.resolve("api")));
    String base = "http://127.0.0.1:" + api.boundPort();
    Process proxy = null;
    int proxyPort = FreePorts.pick();
    try (Chromium chromium = Chromium.start(1280, 900)) {
      ChromeDriver d = chromium.driver();
      d.executeCdpCommand(
          "Browser.grantPermissions",
          Map.of(
              "origin",
              base,
              "permissions",
              List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

      // register → add database → copy its ID
      d.get(base + "/register");
      type(d, "input[name=workspace]", "acme");
      type(d, "input[name=email]", "journey-" + UUID.randomUUID() + "@example.com");
      type(d, "input[name=password]", "correct horse battery staple");
      click(d, "form button[type=submit]");
      waitText(d, "[data-testid=workspace-name]", "acme", WAIT);
      type(d, "form.add-db input[name=name]", "prod-users-db");
      click(d, "form.add-db button[type=submit]");
      waitText(d, "[data-testid=database-name]", "prod-users-db", WAIT);
      String shownId = visible(d, "[data-testid=database-id]").getText().trim();
      click(d, ".id-card button.copy");
      String databaseId = clipboard(d);
      assertEquals(shownId, databaseId, "the copy button copies the ID the page shows");
      String dbPage = d.getCurrentUrl();

      // API Keys → create → read it from the page (copy button)
      d.get(base + "/keys");
      type(d, "input[name=name]", "prod proxy");
      click(d, "form button[type=submit]");
      String shownKey = visible(d, "[data-testid=new-key]").getText().trim();
      click(d, "[data-testid=new-key-panel] button.copy");
      String key = clipboard(d);
      assertEquals(shownKey, key);
      assertTrue(key.startsWith("vtro_"), key);

      // Verify connection: nothing yet, then connected without a reload once the proxy starts
      d.get(dbPage);
      waitAttr(d, "[data-testid=verify-state]", "data-state", "none", WAIT);
      String databaseTab = d.getWindowHandle();
      proxy =
          startProxy(
              Map.of(
                  "VETRO_API_URL",
                  base,
                  "VETRO_API_KEY",
                  key,
                  "VETRO_DATABASE_ID",
                  databaseId,
                  "UPSTREAM_PG_HOST",
                  pg.host(),
                  "UPSTREAM_PG_PORT",
                  Integer.toString(pg.port()),
                  "PROXY_PG_LISTEN_HOST",
                  "127.0.0.1",
                  "PROXY_PG_LISTEN_PORT",
                  Integer.toString(proxyPort)));
      awaitPort(proxy, proxyPort);
      waitAttr(d, "[data-testid=verify-state]", "data-state", "connected", WAIT);
      visible(d, "[data-testid=proxy-row]");
      chromium.screenshot(SHOTS.resolve("journey-verify-connected.png"));

      // Queries (live) in a second tab; psql's DELETE through the proxy is blocked
      d.switchTo().newWindow(WindowType.TAB);
      d.get(base + "/queries?database=" + databaseId);
      waitText(d, "[data-testid=live-state]", "live", WAIT);
      String queriesTab = d.getWindowHandle();
      ProcessRunner.Result blocked = psql(pg, proxyPort, appDb, "DELETE FROM users");
      assertNotEquals(0, blocked.exitCode(), blocked.describe());
      assertTrue(blocked.stderr().contains("42501"), blocked.describe());
      assertTrue(blocked.stderr().contains("VETRO-001"), blocked.describe());
      long blockedAt = System.nanoTime();
      WebElement liveRow =
          new WebDriverWait(d, WAIT)
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("[data-testid=live-rows] tr[data-decision=BLOCKED]")));
      long liveMillis = (System.nanoTime() - blockedAt) / 1_000_000;
      System.out.println(
          "journey: blocked DELETE shown live " + liveMillis + " ms after psql returned");
      assertTrue(liveRow.getText().contains("DELETE FROM users"), liveRow.getText());
      assertTrue(liveRow.getText().contains("VETRO-001"), liveRow.getText());
      assertEquals(
          "3", pg.execAsSuperuser(appDb, "SELECT count(*) FROM users").get(0).get(0), "not run");
      chromium.screenshot(SHOTS.resolve("journey-queries-blocked.png"));

      // Observe: the same DELETE runs and shows as "would have been blocked"
      d.switchTo().window(databaseTab);
      click(d, "[data-testid=mode-observe]");
      waitText(d, "[data-testid=mode-saved]", "Observe", WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      ProcessRunner.Result ran;
      while (true) {
        ran = psql(pg, proxyPort, appDb, "DELETE FROM users");
        if (ran.succeeded()) {
          break;
        }
        assertTrue(ran.stderr().contains("42501"), ran.describe());
        if (System.nanoTime() > deadline) {
          fail("observe mode did not reach the proxy within " + WAIT + ": " + ran.describe());
        }
        Thread.sleep(500);
      }
      assertEquals(
          "0", pg.execAsSuperuser(appDb, "SELECT count(*) FROM users").get(0).get(0), "it ran");
      d.switchTo().window(queriesTab);
      WebElement would =
          new WebDriverWait(d, WAIT)
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("[data-testid=live-rows] [data-testid=would-have]")));
      assertEquals("would have been blocked", would.getText().trim());
      chromium.screenshot(SHOTS.resolve("journey-queries-observe.png"));

      // Revoke the key: the proxy's next policy fetch is refused, and the status says so
      d.switchTo().window(databaseTab);
      d.get(base + "/keys");
      click(d, "[data-testid=revoke]");
      click(d, "[data-testid=confirm-revoke]");
      waitText(d, "[data-testid=key-row]", "revoked", WAIT);
      d.get(dbPage);
      waitAttr(d, "[data-testid=verify-state]", "data-state", "refused", WAIT);
      assertTrue(
          visible(d, "[data-testid=verify-state]").getText().contains("revoked"),
          visible(d, "[data-testid=verify-state]").getText());
      chromium.screenshot(SHOTS.resolve("journey-verify-refused.png"));
      List<String> errors = chromium.consoleErrors();
      assertTrue(errors.isEmpty(), "console errors: " + errors);
    } finally {
      if (proxy != null) {
        proxy.destroy();
        if (!proxy.waitFor(60, TimeUnit.SECONDS)) {
          proxy.destroyForcibly();
        }
      }
      api.shutdown();
      pg.execAsSuperuser("DROP DATABASE IF EXISTS " + appDb + " WITH (FORCE)");
    }
  }

  private Process startProxy(Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "proxy"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("proxy.log").toFile());
    pb.environment().putAll(env);
    pb.environment().put("VETRO_DATA_DIR", dir.resolve("proxy").toString());
    pb.environment().put("VETRO_NODE_ID", "journey-proxy");
    // the guide's defaults are 15 s / 5 s; a test need not wait that long for each step
    pb.environment().put("VETRO_HEARTBEAT_SECONDS", "1");
    pb.environment().put("VETRO_POLICY_REFRESH_SECONDS", "1");
    return pb.start();
  }

  private void awaitPort(Process p, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail(
            "proxy exited with "
                + p.exitValue()
                + ":\n"
                + Files.readString(dir.resolve("proxy.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    fail("proxy did not listen within 120 s:\n" + Files.readString(dir.resolve("proxy.log")));
  }

  private static ProcessRunner.Result psql(PostgresServer pg, int port, String db, String sql) {
    Map<String, String> env =
        new java.util.HashMap<>(pg.libpqEnv(PostgresServer.SCRAM_USER, "disable"));
    env.put("PGPORT", Integer.toString(port));
    env.put("PGDATABASE", db);
    return ProcessRunner.of(Tools.psql().toString(), "-X", "-v", "VERBOSITY=verbose", "-c", sql)
        .env(env)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  /** What the page's copy button put on the clipboard. */
  private static String clipboard(ChromeDriver d) {
    Object text =
        d.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
    String s = String.valueOf(text);
    assertTrue(!s.startsWith("ERROR "), "clipboard not readable: " + s);
    return s.trim();
  }

  private static WebElement visible(ChromeDriver d, String css) {
    return new WebDriverWait(d, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static void type(ChromeDriver d, String css, String text) {
    WebElement e = visible(d, css);
    e.clear();
    e.sendKeys(text);
  }

  private static void click(ChromeDriver d, String css) {
    new WebDriverWait(d, WAIT)
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)))
        .click();
  }

  private static void waitText(ChromeDriver d, String css, String text, Duration within) {
    new WebDriverWait(d, within)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  private static void waitAttr(
      ChromeDriver d, String css, String attr, String value, Duration within) {
    new WebDriverWait(d, within)
        .until(ExpectedConditions.attributeToBe(By.cssSelector(css), attr, value));
  }
}
