package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.admin.Scrape;
import dev.vetro.testkit.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy configured with a control plane that has never answered, and no last-known-good copy,
 * serves no statement: new sessions get a FATAL naming the control plane and /readyz is false; once
 * the API answers, sessions are judged by its policy.
 */
class FailClosedTest {
  @TempDir Path dataDir;

  @Test
  void newSessionsGetAFatalNamingTheControlPlaneUntilItAnswers() throws Exception {
    try (TestControlPlane api = TestControlPlane.startOnFreePort()) {
      api.stop();
      Map<String, String> env = api.env("db-1", dataDir);
      env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
      env.put("VETRO_POLICY_FIRST_FETCH_WAIT_SECONDS", "0");
      env.put("VETRO_HEARTBEAT_SECONDS", "3600");
      ProxyServer proxy = TestNodes.start(ProxyTestSupport.config(), env);
      try {
        String url = ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable");
        SQLException refused =
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals("57P03", refused.getSQLState(), refused.getMessage());
        assertTrue(
            refused.getMessage().contains(api.env("db-1", dataDir).get("VETRO_API_URL")),
            refused.getMessage());
        HttpResponse<String> ready = Scrape.get(proxy.adminPort(), "/readyz");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("no policy in force"), ready.body());

        api.start();
        TestNodes.eventually(
            "/readyz once the API answers",
            Duration.ofSeconds(30),
            () -> {
              try {
                return Scrape.get(proxy.adminPort(), "/readyz").statusCode() == 200;
              } catch (Exception e) {
                return false;
              }
            });
        try (Connection c = DriverManager.getConnection(url);
            Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      } finally {
        proxy.shutdown(Duration.ZERO);
      }
    }
  }
}
