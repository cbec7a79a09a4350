package dev.vetro.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.api.ApiClient;
import dev.vetro.api.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every dashboard page in a real Chromium against a real node: sign-up, databases, the database
 * page (mode, policy editor with a validation error next to its field, verify, integrate), keys,
 * queries (history, detail panel, charts) and rules, with no console error or CSP violation; and a
 * screenshot of each page at 1280 and 390 px, light and dark, under target/dashboard-screenshots.
 */
class DashboardPagesTest {
  static final String PASSWORD = "correct horse battery staple";

  @Test
  void everyPageWorksWithoutConsoleErrorsAndIsCapturedAtBothWidthsLightAndDark() throws Exception {
    int port = TestNode.shared().boundPort();
    String base = "http://127.0.0.1:" + port;
    String email = "pages-" + UUID.randomUUID() + "@example.com";
    String id;
    try (Browser b = new Browser(base, 1280, false)) {
      b.open("/databases");
      b.waitFor("form.auth");
      assertTrue(b.driver.getCurrentUrl().contains("/login"), "signed out goes to login");
      shotBoth(b, "login");
      b.open("/register");
      b.waitFor("input[name=workspace]");
      shotBoth(b, "register");

      b.register("acme", email, PASSWORD);
      assertEquals(email, b.waitFor("[data-testid=user-email]").getText());
      b.waitForText("#app", "No databases yet", Browser.WAIT);
      b.shot("databases-empty-1280");

      id = b.addDatabase("prod-users-db");
      assertTrue(id.matches("[0-9a-f-]{36}"), id);
      b.waitForText("[data-testid=verify-state]", "No proxy has reported yet", Browser.WAIT);
      String key = b.createKey("ci pipeline", "evaluate", "proxy", "admin");
      assertTrue(key.startsWith("vtro_"), key);
      b.waitFor("[data-testid=key-row]");
      shotBoth(b, "keys");

      seedDecisions(new ApiClient(port), id, key);

      // rename, then delete with the typed confirmation
      String scratch = b.addDatabase("scratch-db");
      b.type("#settings input[name=name]", "scratch-db-renamed");
      b.click("#settings form button[type=submit]");
      b.waitForText("[data-testid=database-name]", "scratch-db-renamed", Browser.WAIT);
      b.click("#settings button.danger");
      WebElement confirm = b.waitFor("dialog[open] input[name=confirm]");
      WebElement go = b.waitFor("dialog[open] button[type=submit]");
      confirm.sendKeys("scratch-db");
      assertFalse(go.isEnabled(), "the name must be typed exactly");
      confirm.sendKeys("-renamed");
      go.click();
      b.waitFor("form.add-db");
      b.waitFor("table a[href='/databases/" + id + "']");
      assertTrue(b.all("table a[href='/databases/" + scratch + "']").isEmpty(), "deleted");
      shotBoth(b, "databases");

      // database page: a bad role exception is reported beside its field, a good one saved
      b.open("/databases/" + id);
      b.waitFor("form.policy");
      b.type("textarea[name=role_exceptions]", "migrator: NOT-A-RULE");
      b.click("form.policy button[type=submit]");
      WebElement err = b.waitFor("textarea[name=role_exceptions] + .field-error");
      assertTrue(err.getText().contains("role_exceptions"), err.getText());
      b.type("textarea[name=role_exceptions]", "migrator: VETRO-001");
      b.click("form.policy button[type=submit]");
      b.waitForText("[data-testid=policy-saved]", "Saved as version", Browser.WAIT);
      b.click("[data-testid=mode-observe]");
      b.waitForText("[data-testid=mode-saved]", "Observe", Browser.WAIT);
      b.driver.findElement(By.cssSelector("details.snippet summary")).click();
      String snippet = b.waitFor("details.snippet pre").getText();
      assertTrue(snippet.contains("VETRO_DATABASE_ID: " + id), snippet);
      shotBoth(b, "database");

      // queries: history rows, the observe-mode row says what enforce would have done
      b.open("/queries?database=" + id);
      b.waitFor("[data-testid=history-rows] tr");
      WebElement would = b.waitFor("[data-testid=history-rows] [data-testid=would-have]");
      assertTrue(would.getText().contains("would have been blocked"), would.getText());
      would.click();
      WebElement detail = b.waitFor("[data-testid=detail]");
      assertTrue(detail.getText().contains("DeleteStmt > WhereClause = NULL"), detail.getText());
      assertTrue(detail.getText().contains("DELETE without WHERE"), detail.getText());
      b.waitFor(".charts .bars");
      shotBoth(b, "queries");

      b.open("/rules");
      b.waitFor("[data-testid=rule-list] details");
      int all = b.all("[data-testid=rule-list] details").size();
      b.type("input[type=search]", "VETRO-001");
      assertEquals(1, b.all("[data-testid=rule-list] details").size(), "search narrows " + all);
      b.driver.findElement(By.cssSelector("[data-testid=rule-list] details summary")).click();
      b.waitFor("[data-testid=rule-list] details[open] pre");
      shotBoth(b, "rules");

      List<String> errors = b.chromium.consoleErrors();
      assertTrue(errors.isEmpty(), "console errors (script, CSP): " + errors);
    }
    try (Browser dark = new Browser(base, 1280, true)) {
      dark.login(email, PASSWORD);
      for (String page :
          List.of("/databases", "/databases/" + id, "/keys", "/queries?database=" + id, "/rules")) {
        dark.open(page);
        dark.waitFor("#app h1");
        Thread.sleep(500); // let the first fetches draw
        String name = page.substring(1).replaceAll("\\?.*", "").replaceAll("/.*", "-detail");
        dark.shot(name.replace("databases-detail", "database") + "-1280-dark");
      }
      assertTrue(dark.chromium.consoleErrors().isEmpty(), dark.chromium.consoleErrors().toString());
    }
  }

  private static void shotBoth(Browser b, String name) throws InterruptedException {
    Thread.sleep(300); // late fetches (charts, status) settle
    b.shot(name + "-1280");
    b.chromium.viewport(390, 844);
    Thread.sleep(300);
    b.shot(name + "-390");
    b.chromium.viewport(1280, 900);
  }

  /** Decisions as the evaluation API and a proxy in observe mode would record them. */
  static void seedDecisions(ApiClient c, String databaseId, String key) {
    String bearer = "Bearer " + key;
    for (String sql :
        List.of("DELETE FROM users", "SELECT * FROM users WHERE id = 1", "DROP TABLE users")) {
      ApiClient.Resp r =
          c.post(
              "/api/v1/proxy/query",
              ApiClient.json(Map.of("query", sql, "database_id", databaseId)),
              bearer);
      assertEquals(200, r.status(), r.toString());
    }
    ApiClient.Resp ev =
        c.post(
            "/api/v1/proxy/events",
            ApiClient.json(
                Map.of(
                    "database_id",
                    databaseId,
                    "batch_id",
                    UUID.randomUUID().toString(),
                    "events",
                    List.of(
                        Map.of(
                            "decision", "ALLOWED",
                            "enforce_decision", "BLOCKED",
                            "rule_code", "VETRO-001",
                            "rule_codes", List.of("VETRO-001"),
                            "severity", "critical",
                            "message", "DELETE without WHERE",
                            "ast_node_path", "DeleteStmt > WhereClause = NULL",
                            "fingerprint", "0123456789abcdef",
                            "database_user", "app",
                            "statement", "DELETE FROM users")))),
            bearer);
    assertEquals(200, ev.status(), ev.toString());
    // history is a projection: wait until the four rows are listed
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      ApiClient.Resp list = c.get("/api/v1/databases/" + databaseId + "/decisions", bearer);
      if (list.status() == 200 && list.json().path("decisions").size() >= 4) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("the four seeded decisions were not listed within 30 s");
  }
}
