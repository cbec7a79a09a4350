package dev.vetro.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.config.ClientLimits;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: the client write timeout and the idle timeout on every relay a session can take — the
 * direct relay (plain hops), the stream relay with plain hops (VETRO_PROXY_DIRECT_RELAY=false), and
 * the stream relay with TLS on the client hop, driven by a raw client that speaks the protocol over
 * the socket or over TLS.
 */
class SessionTimeoutsTest {

  enum Relay {
    DIRECT,
    STREAM_PLAIN,
    STREAM_TLS;

    ProxyServer start(ClientLimits limits) {
      return ProxyTestSupport.start(
          b -> {
            ProxyConfig.Builder builder = b.clientLimits(limits);
            if (this == STREAM_PLAIN) {
              builder.directRelay(false);
            } else if (this == STREAM_TLS) {
              ProxyTestSupport.withClientTls(builder);
            }
            return builder;
          });
    }

    RawClient connect(ProxyServer proxy) throws IOException {
      return this == STREAM_TLS
          ? RawClient.overTls(proxy.boundPort(), ProxyTestSupport.pg().caCertFile())
          : new RawClient(proxy.boundPort());
    }
  }

  private static void awaitNoConnections(ProxyServer proxy) throws InterruptedException {
    awaitNoConnections(proxy, Duration.ofSeconds(10));
  }

  private static void awaitNoConnections(ProxyServer proxy, Duration within)
      throws InterruptedException {
    for (long i = 0; i < within.toMillis() / 50 && proxy.openConnections() != 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(0, proxy.openConnections(), "the session ended");
  }

  /** The direct relay's case is ClientLimitsTest's. */
  @ParameterizedTest
  @EnumSource(
      value = Relay.class,
      names = {"STREAM_PLAIN", "STREAM_TLS"})
  void aClientThatStopsReadingALargeResultLosesItsSessionAndItsBackend(Relay relay)
      throws Exception {
    ProxyServer proxy =
        relay.start(ClientLimits.defaults().withClientWriteTimeout(Duration.ofSeconds(2)));
    String app = "stops-reading-" + relay + "-" + UUID.randomUUID();
    try (RawClient client = relay.connect(proxy)) {
      client.login(PostgresServer.TRUST_USER, app);
      // 8 GB of rows: far more than any buffer on the way; the client reads one and stops
      client.send(RawClient.query("select repeat('x', 8000) from generate_series(1, 1000000)"));
      assertEquals('T', client.read().type());
      SessionLifecycleTest.awaitBackends(app, 1);
      Thread.sleep(2_000); // the write timeout
      SessionLifecycleTest.awaitBackends(app, 0);
      awaitNoConnections(proxy);
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

  @ParameterizedTest
  @EnumSource(Relay.class)
  void anIdleSessionGetsFatal57P05AndItsBackendEnds(Relay relay) throws Exception {
    ProxyServer proxy = relay.start(ClientLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
    String app = "idle-" + relay + "-" + UUID.randomUUID();
    try (RawClient client = relay.connect(proxy)) {
      client.login(PostgresServer.TRUST_USER, app);
      long start = System.nanoTime(); // the idle clock started at the login's ReadyForQuery
      SessionLifecycleTest.awaitBackends(app, 1);
      List<RawClient.Message> rest = client.readToEnd(); // blocks until the proxy speaks
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(1, rest.size(), "the FATAL, then the end: " + rest);
      assertEquals('E', rest.get(0).type());
      assertEquals("FATAL", rest.get(0).fields().get('S'));
      assertEquals("57P05", rest.get(0).fields().get('C'));
      assertTrue(
          rest.get(0).fields().get('D').contains("PROXY_IDLE_TIMEOUT_SECONDS"),
          rest.get(0).fields().toString());
      assertTrue(
          waitedMillis >= 900,
          "a lower bound only: not before the timeout: " + waitedMillis + " ms");
      SessionLifecycleTest.awaitBackends(app, 0);
      client.close(); // as libpq does after a FATAL
      awaitNoConnections(proxy);
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  /**
   * Busy is not idle: a query that runs longer than the timeout, a pipelined one behind a quick
   * one, and a session idle inside a transaction (PostgreSQL's idle_in_transaction_session_timeout
   * is the setting for that) all keep their session; once the transaction ends the session idles
   * out.
   */
  @ParameterizedTest
  @EnumSource(Relay.class)
  void queriesInProgressAndOpenTransactionsAreNotIdle(Relay relay) throws Exception {
    ProxyServer proxy = relay.start(ClientLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
    String app = "busy-" + relay + "-" + UUID.randomUUID();
    try (RawClient client = relay.connect(proxy)) {
      client.login(PostgresServer.TRUST_USER, app);
      // two queries in one write: the first one's ReadyForQuery must not start the idle clock
      client.send(concat(RawClient.query("select 1"), RawClient.query("select pg_sleep(2.5)")));
      assertEquals('Z', last(client.readUntil('Z')).type());
      List<RawClient.Message> sleep = client.readUntil('Z');
      assertEquals('Z', last(sleep).type(), "the long query completes: " + sleep);
      client.send(RawClient.query("begin"));
      RawClient.Message begun = last(client.readUntil('Z'));
      assertEquals('T', (char) begun.payload()[0], "in a transaction");
      Thread.sleep(2_500);
      client.send(RawClient.query("select 2"));
      assertEquals('Z', last(client.readUntil('Z')).type(), "still served after 2.5 s in a tx");
      client.send(RawClient.query("commit"));
      assertEquals('I', (char) last(client.readUntil('Z')).payload()[0]);
      List<RawClient.Message> rest = client.readToEnd();
      assertEquals(1, rest.size(), rest.toString());
      assertEquals("57P05", rest.get(0).fields().get('C'));
      SessionLifecycleTest.awaitBackends(app, 0);
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  /**
   * A client that sends part of a message and stops is idle too, as with PostgreSQL; and one that
   * then does not close either (over TLS the proxy's close_notify does not close it) loses its
   * connection after the 10 s linger.
   */
  @ParameterizedTest
  @EnumSource(Relay.class)
  void aClientStuckHalfwayThroughAMessageIsIdle(Relay relay) throws Exception {
    ProxyServer proxy = relay.start(ClientLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
    String app = "half-" + relay + "-" + UUID.randomUUID();
    try (RawClient client = relay.connect(proxy)) {
      client.login(PostgresServer.TRUST_USER, app);
      byte[] query = RawClient.query("select 1");
      client.send(java.util.Arrays.copyOf(query, 7)); // type, length and two bytes of text
      List<RawClient.Message> rest = client.readToEnd();
      assertEquals(1, rest.size(), rest.toString());
      assertEquals("57P05", rest.get(0).fields().get('C'));
      SessionLifecycleTest.awaitBackends(app, 0);
      awaitNoConnections(proxy, Duration.ofSeconds(15)); // the client keeps its socket open
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  private static RawClient.Message last(List<RawClient.Message> messages) {
    return messages.get(messages.size() - 1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
