package dev.vetro.proxy;

import dev.vetro.proxy.config.ClientTlsMode;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.config.UpstreamSslMode;
import dev.vetro.testkit.Certificates;
import dev.vetro.testkit.IssuedCertificate;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Starts proxies in front of the testkit's shared PostgreSQL. The proxy's own certificate is issued
 * by the same test CA as the server's, so a client's {@code sslrootcert} works for both.
 */
public final class ProxyTestSupport {
  private static Path proxyCert;
  private static Path proxyKey;

  private ProxyTestSupport() {}

  public static PostgresServer pg() {
    return PostgresServer.shared();
  }

  /** Plain client hop, plain upstream, free port on 127.0.0.1. */
  public static ProxyConfig.Builder config() {
    return ProxyConfig.builder(PostgresServer.HOST, pg().port())
        .shutdownDrain(Duration.ofSeconds(5));
  }

  public static ProxyServer start(UnaryOperator<ProxyConfig.Builder> customize) {
    return ProxyServer.start(customize.apply(config()).build());
  }

  public static ProxyServer start(ClientTlsMode client, UpstreamSslMode upstream) {
    return start(
        b -> {
          if (client == ClientTlsMode.REQUIRE) {
            withClientTls(b);
          }
          return b.upstreamSsl(
              upstream, upstream == UpstreamSslMode.VERIFY_FULL ? pg().caCertFile() : null);
        });
  }

  /** PROXY_TLS_MODE=require with a certificate for localhost / 127.0.0.1 from the test CA. */
  public static ProxyConfig.Builder withClientTls(ProxyConfig.Builder builder) {
    ensureProxyCertificate();
    return builder.clientTls(ClientTlsMode.REQUIRE, proxyCert, proxyKey);
  }

  public static synchronized void ensureProxyCertificate() {
    if (proxyCert != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("vetro-proxy-tls");
      IssuedCertificate cert =
          pg().certificateAuthority()
              .issue("localhost", List.of("localhost"), List.of("127.0.0.1"), false);
      proxyCert = cert.writeCertificate(dir.resolve("proxy.crt"));
      proxyKey = cert.writePrivateKey(dir.resolve("proxy.key"), Certificates.KeyFormat.PKCS1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String jdbcUrl(ProxyServer proxy, String user, String sslmode) {
    return pg().jdbcUrl(user, sslmode, PostgresServer.HOST, proxy.boundPort());
  }

  public static Connection connect(ProxyServer proxy, String user, String sslmode)
      throws SQLException {
    return DriverManager.getConnection(jdbcUrl(proxy, user, sslmode));
  }

  /** libpq key/value string pointing at the proxy instead of the server. */
  public static String libpq(ProxyServer proxy, String user, String sslmode) {
    return pg().libpqConnectionString(user, sslmode)
        .replace(" port=" + pg().port() + " ", " port=" + proxy.boundPort() + " ");
  }
}
