package dev.vetro.proxy.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * cert_user may only log in over hostssl with a client certificate whose CN is cert_user. The
 * certificate is the proxy's (UPSTREAM_PG_SSLCERT/KEY): the client itself presents none.
 */
class MutualTlsUpstreamTest {

  private static String plainClientUrl(ProxyServer proxy) {
    // No sslcert in the client's URL: only the proxy's upstream certificate can satisfy the server.
    return "jdbc:postgresql://127.0.0.1:"
        + proxy.boundPort()
        + "/"
        + PostgresServer.DATABASE
        + "?user="
        + PostgresServer.CERT_USER
        + "&sslmode=disable";
  }

  @Test
  void certUserLogsInWithTheProxysClientCertificate() throws Exception {
    PostgresServer pg = ProxyTestSupport.pg();
    ProxyServer proxy =
        ProxyTestSupport.start(
            b ->
                b.upstreamSsl(UpstreamSslMode.VERIFY_FULL, pg.caCertFile())
                    .upstreamClientCertificate(
                        pg.clientCertFile(PostgresServer.CERT_USER),
                        pg.clientKeyFile(PostgresServer.CERT_USER)));
    try (Connection c = DriverManager.getConnection(plainClientUrl(proxy));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_user, (select client_dn from pg_stat_ssl where pid = pg_backend_pid())")) {
      rs.next();
      assertEquals(PostgresServer.CERT_USER, rs.getString(1));
      String dn = rs.getString(2);
      assertTrue(dn.endsWith("/CN=" + PostgresServer.CERT_USER), dn);
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void certUserIsRefusedByTheServerWhenTheProxyHasNoCertificate() {
    PostgresServer pg = ProxyTestSupport.pg();
    ProxyServer proxy =
        ProxyTestSupport.start(b -> b.upstreamSsl(UpstreamSslMode.VERIFY_FULL, pg.caCertFile()));
    try {
      SQLException e =
          assertThrows(
              SQLException.class, () -> DriverManager.getConnection(plainClientUrl(proxy)).close());
      assertEquals("28000", e.getSQLState(), e.getMessage()); // the server's own refusal, relayed
    } finally {
      proxy.shutdown(Duration.ofSeconds(1));
    }
  }
}
