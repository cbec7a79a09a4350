package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A result far larger than the socket buffers, against a client that reads late, goes away, or is
 * still reading when the drain ends: rows arrive whole and in order, and the session ends.
 */
class LargeResultLifecycleTest {
  private static final int WIDTH = 8_000;

  private static String rows(int n) {
    return "select repeat('x', " + WIDTH + ") from generate_series(1, " + n + ")";
  }

  /** A DataRow of one column of WIDTH 'x': anything else means bytes were lost or spliced. */
  private static void assertWholeRow(RawClient.Message m) {
    assertEquals('D', m.type());
    ByteBuffer p = ByteBuffer.wrap(m.payload());
    assertEquals(1, p.getShort());
    assertEquals(WIDTH, p.getInt());
    for (int i = 0; i < WIDTH; i++) {
      if (p.get() != 'x') {
        throw new AssertionError("byte " + i + " of a row is not 'x'");
      }
    }
  }

  @Test
  void clientThatReadsLateGetsEveryRowOfAResultLargerThanTheSocketBuffers() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "late-reader");
      int n = 5_000; // 40 MB
      client.send(RawClient.query(rows(n)));
      Thread.sleep(500); // the proxy meets a full client buffer and must stop reading the server
      assertEquals('T', client.read().type());
      for (int i = 0; i < n; i++) {
        assertWholeRow(client.read());
      }
      assertEquals('C', client.read().type());
      assertEquals('Z', client.read().type());
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
    assertEquals(0, proxy.openConnections());
  }

  @Test
  void clientThatVanishesMidResultTakesItsBackendAndSessionWithIt() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    String app = "vanish-mid-result-" + UUID.randomUUID();
    try {
      RawClient client = new RawClient(proxy.boundPort());
      client.login(PostgresServer.TRUST_USER, app);
      client.send(RawClient.query(rows(1_000_000))); // 8 GB: still running when the client goes
      assertEquals('T', client.read().type());
      for (int i = 0; i < 10; i++) {
        assertWholeRow(client.read());
      }
      client.closeAbruptly();
      SessionLifecycleTest.awaitBackends(app, 0);
      for (int i = 0; i < 200 && proxy.openConnections() != 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, proxy.openConnections(), "client connections the proxy still holds");
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void drainEndingASessionMidResultNeverSplicesItsFatalIntoARow() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    String app = "drain-mid-result-" + UUID.randomUUID();
    CompletableFuture<Void> shutdown;
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, app);
      client.send(RawClient.query(rows(1_000_000)));
      assertEquals('T', client.read().type());
      assertWholeRow(client.read());
      shutdown = CompletableFuture.runAsync(() -> proxy.shutdown(Duration.ofMillis(100)));
      List<RawClient.Message> rest = client.readToEnd();
      assertTrue(rest.size() > 1, "rows kept coming until the drain ended: " + rest.size());
      // The last read may have hit the close mid-row; everything before it is whole.
      for (RawClient.Message m : rest.subList(0, rest.size() - 1)) {
        assertWholeRow(m);
      }
      RawClient.Message last = rest.get(rest.size() - 1);
      if (last.type() == 'E') {
        assertEquals("57P01", last.fields().get('C'));
      } else {
        assertWholeRow(last);
      }
    }
    shutdown.get(60, TimeUnit.SECONDS);
    SessionLifecycleTest.awaitBackends(app, 0);
  }
}
