package dev.vetro.proxy.lifecycle;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * When the proxy cannot give the client a working upstream hop, the client gets a FATAL
 * ErrorResponse that says why, instead of a hang or a bare close.
 */
class UpstreamFailureTest {

  private static SQLException loginFails(
      UnaryOperator<ProxyConfig.Builder> config, String user, String sslmode) {
    ProxyServer proxy = ProxyServer.start(config.apply(ProxyTestSupport.config()).build());
    try {
      String url = ProxyTestSupport.jdbcUrl(proxy, user, sslmode) + "&connectTimeout=20";
      return assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  private static ProxyConfig.Builder upstreamAt(int port, ProxyConfig.Builder b) {
    return ProxyConfig.builder(PostgresServer.HOST, port).shutdownDrain(Duration.ofSeconds(1));
  }

  @Test
  void upstreamThatRefusesConnectionsIsNamedInAFatalError() {
    int closedPort = FreePorts.pick();
    SQLException e =
        loginFails(b -> upstreamAt(closedPort, b), PostgresServer.TRUST_USER, "disable");
    assertEquals("08001", e.getSQLState());
    assertTrue(
        e.getMessage()
            .contains(
                "vetro: cannot reach upstream PostgreSQL at 127.0.0.1:"
                    + closedPort
                    + ": Connection refused"),
        e.getMessage());
  }

  @Test
  void upstreamThatAnswersNToSslRequestIsNamedInAFatalError() throws Exception {
    try (ServerSocket fake = new ServerSocket(0)) {
      Thread server = answerSslRequest(fake, new byte[] {'N'});
      SQLException e =
          loginFails(
              b -> upstreamAt(fake.getLocalPort(), b).upstreamSsl(UpstreamSslMode.REQUIRE, null),
              PostgresServer.TRUST_USER,
              "disable");
      server.join(10_000);
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("does not accept TLS"), e.getMessage());
    }
  }

  @Test
  void upstreamThatSendsPlaintextAfterAcceptingTlsIsRefused() throws Exception {
    // CVE-2021-23222: bytes after 'S' would be read as if they were the TLS session's.
    try (ServerSocket fake = new ServerSocket(0)) {
      Thread server = answerSslRequest(fake, new byte[] {'S', 'E', 0, 0, 0, 4});
      SQLException e =
          loginFails(
              b -> upstreamAt(fake.getLocalPort(), b).upstreamSsl(UpstreamSslMode.REQUIRE, null),
              PostgresServer.TRUST_USER,
              "disable");
      server.join(10_000);
      assertEquals("08001", e.getSQLState());
      assertTrue(
          e.getMessage().contains("unencrypted bytes after accepting SSLRequest"), e.getMessage());
    }
  }

  @Test
  void upstreamCertificateFromAnUntrustedCaFailsVerifyFull() throws Exception {
    Path otherCa = Files.createTempFile("other-ca", ".crt");
    Certificates.ca("Not the server's CA").writeCertificate(otherCa);
    SQLException e =
        loginFails(
            b -> b.upstreamSsl(UpstreamSslMode.VERIFY_FULL, otherCa),
            PostgresServer.TRUST_USER,
            "disable");
    assertEquals("08001", e.getSQLState());
    assertTrue(
        e.getMessage().contains("TLS handshake with upstream PostgreSQL at 127.0.0.1:"),
        e.getMessage());
  }

  @Test
  void plainClientIsToldThatTheProxyRequiresTls() {
    SQLException e =
        loginFails(b -> ProxyTestSupport.withClientTls(b), PostgresServer.TRUST_USER, "disable");
    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
  }

  @Test
  void clientTlsModeRequireAcceptsVerifyFullClients() throws Exception {
    ProxyServer proxy = ProxyTestSupport.start(ClientTlsMode.REQUIRE, UpstreamSslMode.DISABLE);
    try (var c = ProxyTestSupport.connect(proxy, PostgresServer.TRUST_USER, "verify-full")) {
      assertTrue(c.isValid(5));
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  /** A stand-in server for the one exchange PostgreSQL cannot be made to get wrong. */
  private static Thread answerSslRequest(ServerSocket socket, byte[] answer) {
    Thread t =
        new Thread(
            () -> {
              try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                byte[] request = in.readNBytes(8);
                if (request.length == 8) {
                  OutputStream out = s.getOutputStream();
                  out.write(answer);
                  out.flush();
                  in.read(); // wait for the proxy to give up
                }
              } catch (IOException ignored) {
                // the proxy closed: expected
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
