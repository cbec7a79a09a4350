package dev.vetro.testkit;

import static dev.vetro.testkit.PostgresServerAuthTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against the test CA, and certificate authentication for cert_user. */
class PostgresServerTlsTest {
  private final PostgresServer pg = PostgresServer.shared();

  @Test
  void verifyFullAgainstTheTestCaGivesAnEncryptedSession() throws SQLException {
    try (Connection c = pg.connect(PostgresServer.SCRAM_USER, "verify-full")) {
      assertEquals(
          "true", single(c, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
    }
  }

  @Test
  void verifyFullFailsWhenTheServerIsNotSignedByTheGivenCa(@TempDir Path dir) {
    Path otherCa = Certificates.ca("Some Other CA").writeCertificate(dir.resolve("other-ca.crt"));
    String url =
        pg.jdbcUrl(PostgresServer.SCRAM_USER, "verify-full")
            .replace("sslrootcert=" + pg.caCertFile(), "sslrootcert=" + otherCa);
    SQLException failure =
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    assertTrue(
        String.valueOf(failure.getMessage()).toLowerCase().contains("ssl"), failure.getMessage());
  }

  @Test
  void serverCertificateNamesLocalhostAndLoopbackAddress() throws Exception {
    var server = Pem.readCertificates(pg.serverCertFile()).get(0);
    var names = server.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
    assertTrue(names.contains("localhost"), names.toString());
    assertTrue(names.contains("127.0.0.1"), names.toString());
    server.verify(Pem.readCertificates(pg.caCertFile()).get(0).getPublicKey());
  }

  @Test
  void certUserLogsInWithItsClientCertificate() throws SQLException {
    try (Connection c = pg.connect(PostgresServer.CERT_USER, "verify-full")) {
      assertEquals(PostgresServer.CERT_USER, single(c, "SELECT current_user"));
    }
    assertTrue(
        pg.logTail(2_000_000).contains("method=cert"), "no cert authentication in the server log");
  }

  @Test
  void certUserIsRefusedWithAnotherUsersCertificateFromTheSameCa(@TempDir Path dir) {
    IssuedCertificate other =
        pg.certificateAuthority().issue(PostgresServer.SCRAM_USER, List.of(), List.of(), true);
    Path cert = other.writeCertificate(dir.resolve("other.crt"));
    Path key = other.writePrivateKey(dir.resolve("other.key"), Certificates.KeyFormat.PKCS8);
    String url =
        pg.jdbcUrl(PostgresServer.CERT_USER, "verify-full")
            .replace("sslcert=" + pg.clientCertFile(PostgresServer.CERT_USER), "sslcert=" + cert)
            .replace("sslkey=" + pg.clientKeyFile(PostgresServer.CERT_USER), "sslkey=" + key);
    SQLException failure =
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    assertEquals("28000", failure.getSQLState(), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("certificate authentication failed"), failure.getMessage());
  }

  @Test
  void certUserIsRefusedOverPlainTcpEvenWithItsPassword() {
    SQLException failure =
        assertThrows(
            SQLException.class,
            () ->
                DriverManager.getConnection(pg.jdbcUrl(PostgresServer.CERT_USER, "disable"))
                    .close());
    assertEquals("28000", failure.getSQLState(), failure.getMessage());
  }

  @Test
  void clientKeyIsPrivateToItsOwner() throws Exception {
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(pg.clientKeyFile(PostgresServer.CERT_USER))));
    assertTrue(
        Files.readString(pg.clientKeyFile(PostgresServer.CERT_USER))
            .startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(
        List.of("CN=cert_user", "O=Vetro tests"),
        List.of(
            Pem.readCertificates(pg.clientCertFile(PostgresServer.CERT_USER))
                .get(0)
                .getSubjectX500Principal()
                .getName()
                .split(",")));
  }
}
