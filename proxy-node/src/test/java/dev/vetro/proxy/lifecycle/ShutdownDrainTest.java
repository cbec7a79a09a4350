package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

/** What SIGTERM does (the same drain runs from the JVM shutdown hook). */
class ShutdownDrainTest {

  @Test
  void inFlightQueryCompletesWhileNewConnectionsAreRefused() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    int port = proxy.boundPort();
    CompletableFuture<Void> shutdown;
    try (Connection c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable");
        Statement s = c.createStatement()) {
      s.execute("set application_name = 'drain-me'");
      CompletableFuture<Integer> query =
          CompletableFuture.supplyAsync(
              () -> {
                try (ResultSet rs = s.executeQuery("select 7 from pg_sleep(2)")) {
                  rs.next();
                  return rs.getInt(1);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      awaitActive("drain-me");
      shutdown = CompletableFuture.runAsync(() -> proxy.shutdown(Duration.ofSeconds(60)));
      awaitRefused(port);
      assertEquals(7, query.get(30, TimeUnit.SECONDS), "the in-flight query finished normally");
    }
    // The only session closed, so the drain ends long before its 60 s.
    shutdown.get(30, TimeUnit.SECONDS);
    assertEquals(0, proxy.openConnections());
  }

  @Test
  void sessionsStillOpenAfterTheDrainGetAdminShutdownFatal() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "idle-at-shutdown");
      proxy.shutdown(Duration.ofMillis(200));
      List<RawClient.Message> rest = client.readToEnd();
      assertEquals(1, rest.size(), rest.toString());
      assertEquals('E', rest.get(0).type());
      assertEquals("FATAL", rest.get(0).fields().get('S'));
      assertEquals("57P01", rest.get(0).fields().get('C'));
    }
    SessionLifecycleTest.awaitBackends("idle-at-shutdown", 0);
  }

  @Test
  void idleClientThatKeepsItsSocketAfterTheAdminShutdownFatalDoesNotHoldTheDrain()
      throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    CompletableFuture<Integer> openAfterDrain = openAfterDrain(proxy);
    // A pooled connection: idle, it neither reads nor closes until the application next uses it.
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "idle-pooled-at-shutdown");
      proxy.shutdown(Duration.ofMillis(200));
      assertEquals(
          0, openAfterDrain.get(30, TimeUnit.SECONDS), "sessions the drain had to give up on");
      List<RawClient.Message> rest = client.readToEnd();
      assertEquals(1, rest.size(), rest.toString());
      assertEquals("57P01", rest.get(0).fields().get('C'));
    }
  }

  @Test
  void clientLingeringAfterItsOwnFatalDoesNotHoldTheDrain() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(b -> b);
    CompletableFuture<Integer> openAfterDrain = openAfterDrain(proxy);
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "lingering-at-shutdown");
      client.send(ByteBuffer.allocate(5).put((byte) 'z').putInt(4).array()); // no such message type
      assertEquals("08P01", client.read().fields().get('C'));
      // The client keeps its socket open: the proxy reads and drops its input meanwhile.
      proxy.shutdown(Duration.ofMillis(200));
      assertEquals(
          0, openAfterDrain.get(30, TimeUnit.SECONDS), "sessions the drain had to give up on");
    }
  }

  /** Runs in the shutdown phase after the drain: what is still open then, the drain gave up on. */
  private static CompletableFuture<Integer> openAfterDrain(ProxyServer proxy) {
    CompletableFuture<Integer> open = new CompletableFuture<>();
    CoordinatedShutdown.get(proxy.system())
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "test-open-after-drain",
            () -> {
              open.complete(proxy.openConnections());
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return open;
  }

  private static void awaitActive(String app) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (ProxyTestSupport.pg()
          .execAsSuperuser(
              "select count(*) from pg_stat_activity where application_name = '"
                  + app
                  + "' and state = 'active'")
          .get(0)
          .get(0)
          .equals("1")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("query never became active");
  }

  private static void awaitRefused(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        Thread.sleep(10);
      } catch (ConnectException e) {
        return;
      } catch (IOException e) {
        // keep trying
      }
    }
    assertThrows(
        ConnectException.class,
        () -> new Socket("127.0.0.1", port).close(),
        "listener still accepts");
    assertTrue(false);
  }
}
