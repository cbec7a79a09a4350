package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two hops live and die together. */
class SessionLifecycleTest {
  static ProxyServer proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyTestSupport.start(b -> b);
  }

  @AfterAll
  static void stop() {
    proxy.shutdown(Duration.ofSeconds(1));
  }

  static int backendsNamed(String applicationName) {
    return Integer.parseInt(
        ProxyTestSupport.pg()
            .execAsSuperuser(
                "select count(*) from pg_stat_activity where application_name = '"
                    + applicationName
                    + "'")
            .get(0)
            .get(0));
  }

  static void awaitBackends(String applicationName, int expected) throws InterruptedException {
    for (int i = 0; i < 200 && backendsNamed(applicationName) != expected; i++) {
      Thread.sleep(50);
    }
    assertEquals(expected, backendsNamed(applicationName), "backends named " + applicationName);
  }

  @Test
  void clientThatVanishesTakesItsUpstreamBackendWithIt() throws Exception {
    String app = "vanish-" + UUID.randomUUID();
    RawClient client = new RawClient(proxy.boundPort());
    List<RawClient.Message> login = client.login(PostgresServer.TRUST_USER, app);
    assertEquals('Z', login.get(login.size() - 1).type());
    assertEquals(1, backendsNamed(app));
    client.closeAbruptly();
    awaitBackends(app, 0);
  }

  @Test
  void clientThatClosesPolitelyTakesItsUpstreamBackendWithIt() throws Exception {
    String app = "close-" + UUID.randomUUID();
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, app);
      assertEquals(1, backendsNamed(app));
    }
    awaitBackends(app, 0);
  }

  @Test
  void backendTerminatedByServerReachesTheClientAsItsFatalThenClose() throws Exception {
    String app = "terminated-" + UUID.randomUUID();
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, app);
      ProxyTestSupport.pg()
          .execAsSuperuser(
              "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
                  + app
                  + "'");
      List<RawClient.Message> rest = client.readToEnd();
      assertEquals(1, rest.size(), "one message then EOF: " + rest);
      assertEquals("57P01", rest.get(0).fields().get('C'));
    }
    awaitNoOpenConnections();
  }

  @Test
  void pgjdbcConnectionWhoseBackendIsTerminatedFailsCleanly() throws Exception {
    try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
        Statement s = c.createStatement()) {
      s.execute("set application_name = 'jdbc-terminated'");
      ProxyTestSupport.pg()
          .execAsSuperuser(
              "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'jdbc-terminated'");
      SQLException e = assertThrows(SQLException.class, () -> s.execute("select 1"));
      assertTrue(
          e.getSQLState().startsWith("57P01") || e.getSQLState().startsWith("08"), e.getSQLState());
    }
  }

  /** The tests of this class run one after another and close what they open. */
  private static void awaitNoOpenConnections() throws InterruptedException {
    for (int i = 0; i < 200 && proxy.openConnections() != 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(0, proxy.openConnections(), "client connections the proxy still holds");
  }
}
