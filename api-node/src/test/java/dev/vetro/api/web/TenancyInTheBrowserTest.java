package dev.vetro.api.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vetro.api.ApiClient;
import dev.vetro.api.Tenant;
import dev.vetro.api.TestNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Tenancy through the pages: a second user's session sees none of the first workspace (list,
 * database page, queries), and a cross-site form POST riding on the victim's cookie is refused.
 */
class TenancyInTheBrowserTest {

  @Test
  void aSecondUsersSessionSeesNoneOfTheFirstWorkspace() {
    Tenant a = TestNode.tenantA();
    Tenant b = TestNode.tenantB();
    String base = TestNode.client().base();
    try (Browser browser = new Browser(base, 1280, false)) {
      browser.login(b.email(), b.password());
      browser.open("/databases");
      browser.waitFor("table a[href='/databases/" + b.databaseId() + "']");
      String list = browser.waitFor("#app").getText();
      assertFalse(list.contains(a.databaseId()), list);
      assertFalse(list.contains("tenant-a-db"), list);

      browser.open("/databases/" + a.databaseId());
      browser.waitForText("#app", "No database with ID", Browser.WAIT);
      assertFalse(browser.waitFor("#app").getText().contains("tenant-a-db"));

      browser.open("/queries?database=" + a.databaseId());
      browser.waitForText("#app", "No database with ID", Browser.WAIT);
      assertFalse(browser.waitFor("#app").getText().contains("tenant-a-db"));
      assertTrue(
          browser.chromium.consoleErrors().isEmpty(), browser.chromium.consoleErrors().toString());
    }
  }

  @Test
  void aForgedCrossSiteFormPostIsRefused() throws Exception {
    Tenant b = TestNode.tenantB();
    ApiClient c = TestNode.client();
    String base = c.base();
    // The attacker's page: another port of the same host, so the same *site* (SameSite=Strict
    // still sends the cookie); text/plain forms can carry a JSON body.
    String page =
        "<!doctype html><form method=post enctype=text/plain action='"
            + base
            + "/api/v1/databases'><input type=hidden name='{\"name\":\"forged-db\",\"x\":\"'"
            + " value='\"}'><button id=go>Win a prize</button></form>";
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext(
        "/",
        ex -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    attacker.start();
    try (Browser browser = new Browser(base, 1280, false)) {
      browser.login(b.email(), b.password());
      browser.driver.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
      browser.click("#go");
      browser.waitForText("body", "cross-site request refused", Browser.WAIT);
    } finally {
      attacker.stop(0);
    }
    String dbs = c.get("/api/v1/databases", b.cookie()).body();
    assertFalse(dbs.contains("forged-db"), dbs);
  }
}
