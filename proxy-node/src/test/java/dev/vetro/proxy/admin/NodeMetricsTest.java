package dev.vetro.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.Certificates;
import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real node counts, scraped from its /metrics and read with the Prometheus text parser:
 * bytes each way and upstream connect time for sessions of both relay drivers, upstream connect
 * failures, and TLS handshakes that fail on either hop.
 */
class NodeMetricsTest {
  @TempDir Path dir;

  @Test
  void bytesEachWayAndUpstreamConnectTimeAreCountedByBothRelayDrivers() throws Exception {
    // plain hops: the direct relay; client TLS: the stream relay
    try (ProxyServer direct = ProxyTestSupport.start(b -> b);
        ProxyServer stream =
            ProxyTestSupport.start(ClientTlsMode.REQUIRE, UpstreamSslMode.DISABLE)) {
      for (var node : Map.of(direct, "disable", stream, "require").entrySet()) {
        ProxyServer proxy = node.getKey();
        try (Connection c =
                ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, node.getValue());
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT repeat('x', 100000)")) {
          rs.next();
          assertEquals(100_000, rs.getString(1).length());
        }
        Map<String, MetricFamily> m = Scrape.metrics(proxy.adminPort());
        double toClient =
            Scrape.value(m, "vetro_proxy_bytes_total", "direction", "server_to_client");
        double toServer =
            Scrape.value(m, "vetro_proxy_bytes_total", "direction", "client_to_server");
        assertTrue(toClient >= 100_000, node.getValue() + ": server_to_client " + toClient);
        // the StartupMessage is replayed outside the phase; the query itself is counted
        assertTrue(toServer >= "SELECT repeat('x', 100000)".length(), "client_to_server");
        Histogram connect =
            (Histogram) Scrape.samples(m, "vetro_proxy_upstream_connect_seconds").get(0);
        assertTrue(connect.getSampleCount() >= 1, node.getValue() + ": no upstream connect timed");
        assertEquals(0, Scrape.value(m, "vetro_proxy_upstream_connect_failures_total"));
      }
    }
  }

  @Test
  void upstreamConnectFailuresAreCounted() throws Exception {
    int closedPort = FreePorts.pick(); // nothing listens there
    try (ProxyServer proxy =
        ProxyServer.start(
            ProxyConfig.builder(PostgresServer.HOST, closedPort)
                .shutdownDrain(Duration.ZERO)
                .build())) {
      assertThrows(
          SQLException.class,
          () -> ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable").close());
      Map<String, MetricFamily> m = Scrape.metrics(proxy.adminPort());
      assertEquals(1, Scrape.value(m, "vetro_proxy_upstream_connect_failures_total"));
    }
  }

  @Test
  void failedTlsHandshakesAreCountedByHop() throws Exception {
    try (ProxyServer proxy =
        ProxyTestSupport.start(ClientTlsMode.REQUIRE, UpstreamSslMode.DISABLE)) {
      // A client that asks for TLS, is told yes, and then speaks plain bytes.
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.boundPort())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(8);
        out.writeInt(80877103); // SSLRequest
        out.flush();
        assertEquals('S', s.getInputStream().read());
        out.write("this is not a TLS ClientHello, just text\n".repeat(4).getBytes());
        out.flush();
        s.setSoTimeout(10_000);
        while (s.getInputStream().read() >= 0) {
          // until the proxy closes
        }
      }
      awaitValue(proxy, "vetro_proxy_tls_handshake_failures_total", 1, "hop", "client");
    }
    // An upstream whose certificate the proxy cannot verify: a CA that did not sign it.
    Path otherCa = Certificates.ca("not the server's CA").writeCertificate(dir.resolve("ca.crt"));
    try (ProxyServer proxy =
        ProxyServer.start(
            ProxyTestSupport.config().upstreamSsl(UpstreamSslMode.VERIFY_FULL, otherCa).build())) {
      assertThrows(
          SQLException.class,
          () -> ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "disable").close());
      awaitValue(proxy, "vetro_proxy_tls_handshake_failures_total", 1, "hop", "upstream");
    }
  }

  /** The stream's end is seen just after the client's: the count may trail it by a moment. */
  private static void awaitValue(ProxyServer proxy, String name, double expected, String... labels)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    double last = Double.NaN;
    while (System.nanoTime() < deadline) {
      try {
        last = Scrape.value(Scrape.metrics(proxy.adminPort()), name, labels);
        if (last == expected) {
          return;
        }
      } catch (AssertionError notThereYet) {
        // the series appears with its first count
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " is " + last + ", expected " + expected);
  }
}
