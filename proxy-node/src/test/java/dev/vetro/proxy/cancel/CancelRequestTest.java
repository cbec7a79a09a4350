package dev.vetro.proxy.cancel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * pgjdbc's Statement.cancel() opens a new connection to the proxy with a CancelRequest; the proxy
 * must deliver it to the server with the key of the session it names. Without that, the 30 s sleep
 * would finish normally and no 57014 would be raised.
 */
class CancelRequestTest {

  @ParameterizedTest(name = "upstream {0}")
  @EnumSource(
      value = UpstreamSslMode.class,
      names = {"DISABLE", "REQUIRE"})
  void statementCancelThroughProxyCancelsTheRunningQuery(UpstreamSslMode upstream)
      throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(ClientTlsMode.DISABLE, upstream);
    try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.SCRAM_USER, "disable");
        Statement s = c.createStatement()) {
      awaitRegistered(proxy, 1);
      s.execute("set application_name = 'cancel-me'");
      ExecutorService runner = Executors.newSingleThreadExecutor();
      CompletableFuture<SQLException> outcome =
          CompletableFuture.supplyAsync(
              () -> assertThrows(SQLException.class, () -> s.execute("select pg_sleep(30)")),
              runner);
      runner.shutdown();
      awaitActiveQuery("cancel-me");
      s.cancel();
      SQLException e = outcome.get(25, TimeUnit.SECONDS);
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(c.isValid(5), "the session survives a cancelled query");
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @ParameterizedTest(name = "upstream {0}")
  @EnumSource(
      value = UpstreamSslMode.class,
      names = {"DISABLE"})
  void sessionKeyIsForgottenWhenTheSessionEnds(UpstreamSslMode upstream) throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(ClientTlsMode.DISABLE, upstream);
    try {
      try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable")) {
        awaitRegistered(proxy, 1);
      }
      awaitRegistered(proxy, 0);
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  /** Session actors register keys asynchronously (lifecycle events are fire-and-forget). */
  private static void awaitRegistered(ProxyServer proxy, int expected) throws InterruptedException {
    for (int i = 0; i < 200 && proxy.cancelRegistry().size() != expected; i++) {
      Thread.sleep(25);
    }
    assertEquals(expected, proxy.cancelRegistry().size(), "registered cancel keys");
  }

  private static void awaitActiveQuery(String applicationName) throws InterruptedException {
    String sql =
        "select count(*) from pg_stat_activity where application_name = '"
            + applicationName
            + "' and state = 'active' and query like 'select pg_sleep%'";
    for (int i = 0; i < 200; i++) {
      if (ProxyTestSupport.pg().execAsSuperuser(sql).get(0).get(0).equals("1")) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the query never became active");
  }
}
