package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.config.ClientLimits;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: what a client connection may hold is bounded. Too many connections get PostgreSQL's
 * 53300, a connection that never completes its startup is closed, and a client that stops reading a
 * large result loses its session and its backend.
 */
class ClientLimitsTest {

  private static ProxyServer proxy(ClientLimits limits) {
    return ProxyTestSupport.start(b -> b.clientLimits(limits));
  }

  @Test
  void connectionsOverTheLimitGetTooManyClientsAndANormalClientConnectsOnceOneEnds()
      throws Exception {
    ProxyServer proxy = proxy(ClientLimits.defaults().withMaxConnections(3));
    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable"));
      }
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable"));
      assertEquals("53300", refused.getSQLState(), refused.getMessage());
      try (RawClient raw = new RawClient(proxy.boundPort())) {
        raw.send(
            RawClient.startupMessage(
                Map.of("user", PostgresServer.TRUST_USER, "database", "postgres")));
        RawClient.Message error = raw.read();
        assertEquals('E', error.type());
        assertEquals("53300", error.fields().get('C'));
        assertEquals("sorry, too many clients already", error.fields().get('M'));
      }
      open.remove(0).close();
      Connection again = null;
      for (int i = 0; i < 100 && again == null; i++) { // the proxy sees the close a moment later
        try {
          again = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
        } catch (SQLException e) {
          assertEquals("53300", e.getSQLState());
          Thread.sleep(50);
        }
      }
      assertTrue(again != null, "a client connects once a session has ended");
      open.add(again);
      try (Statement s = again.createStatement();
          ResultSet rs = s.executeQuery("select 41 + 1")) {
        rs.next();
        assertEquals(42, rs.getInt(1));
      }
    } finally {
      for (Connection c : open) {
        c.close();
      }
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void aConnectionThatSendsNoStartupPacketIsClosedAfterTheStartupTimeout() throws Exception {
    ProxyServer proxy = proxy(ClientLimits.defaults().withStartupTimeout(Duration.ofSeconds(1)));
    try (RawClient silent = new RawClient(proxy.boundPort())) {
      RawClient.Message error = silent.read(); // blocks until the proxy speaks (20 s at most)
      assertEquals('E', error.type());
      assertEquals("57014", error.fields().get('C'));
      assertThrows(IOException.class, silent::read, "then the connection is closed");
      for (int i = 0; i < 100 && proxy.openConnections() != 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, proxy.openConnections());
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClientStuckInTheStartupAfterItsStartupMessageIsClosedToo() throws Exception {
    ProxyServer proxy = proxy(ClientLimits.defaults().withStartupTimeout(Duration.ofSeconds(1)));
    String app = "stuck-in-auth-" + UUID.randomUUID();
    try (RawClient client = new RawClient(proxy.boundPort())) {
      // the scram role is asked for a password, which never comes
      client.send(
          RawClient.startupMessage(
              Map.of(
                  "user",
                  PostgresServer.SCRAM_USER,
                  "database",
                  "postgres",
                  "application_name",
                  app)));
      assertEquals('R', client.read().type());
      RawClient.Message error = client.read();
      assertEquals('E', error.type());
      assertEquals("57014", error.fields().get('C'));
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClientThatStopsReadingALargeResultLosesItsSessionAndItsBackend() throws Exception {
    ProxyServer proxy =
        proxy(ClientLimits.defaults().withClientWriteTimeout(Duration.ofSeconds(2)));
    String app = "stops-reading-" + UUID.randomUUID();
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, app);
      // 8 GB of rows: far more than any buffer on the way; the client reads one and stops
      client.send(RawClient.query("select repeat('x', 8000) from generate_series(1, 1000000)"));
      assertEquals('T', client.read().type());
      SessionLifecycleTest.awaitBackends(app, 1);
      Thread.sleep(2_000); // the write timeout
      SessionLifecycleTest.awaitBackends(app, 0);
      for (int i = 0; i < 200 && proxy.openConnections() != 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, proxy.openConnections(), "the session ended");
      // what the client still finds in its buffer ends with the connection's reset or end
      assertThrows(
          IOException.class,
          () -> {
            while (true) {
              client.read();
            }
          });
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }
}
