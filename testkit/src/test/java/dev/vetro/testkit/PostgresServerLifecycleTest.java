package dev.vetro.testkit;

import static dev.vetro.testkit.PostgresServerAuthTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * Own servers: options reach the server, close stops it and removes its files, failures say why.
 */
class PostgresServerLifecycleTest {

  @Test
  void sharedServerIsOnePerJvm() {
    assertSame(PostgresServer.shared(), PostgresServer.shared());
  }

  @Test
  void ownServerWithEcKeyAndSettingsRunsBesideTheSharedOneAndCloseRemovesIt() throws Exception {
    PostgresServer shared = PostgresServer.shared();
    Path base;
    int port;
    try (PostgresServer own =
        PostgresServer.start(
            PostgresServer.Options.defaults()
                .withServerKeyType(Certificates.KeyType.EC)
                .withMaxConnections(40)
                .withSetting("work_mem", "'7MB'"))) {
      assertNotEquals(shared.port(), own.port());
      base = own.dataDir().getParent();
      port = own.port();
      try (Connection c = own.connect(PostgresServer.SCRAM_USER, "verify-full")) {
        assertEquals("7MB", single(c, "SHOW work_mem"));
        assertEquals("40", single(c, "SHOW max_connections"));
      }
      assertEquals(
          "EC", Pem.readCertificates(own.serverCertFile()).get(0).getPublicKey().getAlgorithm());
    }
    assertFalse(Files.exists(base), base + " still exists after close");
    assertThrows(
        ConnectException.class,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(PostgresServer.HOST, port), 2000);
          }
        });
    assertEquals("1", PostgresServer.shared().execAsSuperuser("SELECT 1").get(0).get(0));
  }

  @Test
  void missingBinariesFailWithTheMissingPathAndTheFix() {
    PostgresStartException failure =
        assertThrows(
            PostgresStartException.class,
            () ->
                PostgresServer.start(
                    PostgresServer.Options.defaults().withBinDir(Path.of("/nonexistent/pg/bin"))));
    assertTrue(failure.getMessage().contains("/nonexistent/pg/bin/initdb"), failure.getMessage());
    assertTrue(failure.getMessage().contains("VETRO_PG_BIN"), failure.getMessage());
  }

  @Test
  void badSettingFailsWithTheServerLogInTheMessage() {
    PostgresStartException failure =
        assertThrows(
            PostgresStartException.class,
            () ->
                PostgresServer.start(
                    PostgresServer.Options.defaults().withSetting("no_such_setting_xyz", "1")));
    assertTrue(failure.getMessage().contains("no_such_setting_xyz"), failure.getMessage());
  }

  @Test
  void superuserSqlErrorsNameTheStatement() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> PostgresServer.shared().execAsSuperuser("SELECT * FROM no_such_table_here"));
    assertTrue(failure.getMessage().contains("no_such_table_here"), failure.getMessage());
  }

  @Test
  void unknownRolesAndImpossibleOptionsAreRefusedPrecisely() {
    PostgresServer pg = PostgresServer.shared();
    IllegalArgumentException role =
        assertThrows(IllegalArgumentException.class, () -> pg.password("nobody"));
    assertTrue(
        role.getMessage().contains("nobody") && role.getMessage().contains("scram_user"),
        role.getMessage());
    IllegalArgumentException cert =
        assertThrows(
            IllegalArgumentException.class, () -> pg.clientKeyFile(PostgresServer.MD5_USER));
    assertTrue(cert.getMessage().contains("md5_user"), cert.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PostgresServer.Options.defaults().withMaxConnections(1));
  }

  @Test
  void connectionStringsForAnotherEndpointKeepTheCredentials() {
    PostgresServer pg = PostgresServer.shared();
    String jdbc = pg.jdbcUrl(PostgresServer.CERT_USER, "verify-full", "127.0.0.1", 6543);
    assertTrue(jdbc.startsWith("jdbc:postgresql://127.0.0.1:6543/vetro_test?"), jdbc);
    assertTrue(jdbc.contains("sslkey=" + pg.clientKeyFile(PostgresServer.CERT_USER)), jdbc);
    String dsn = pg.libpqConnectionString(PostgresServer.SCRAM_USER, "require", "127.0.0.1", 6543);
    assertTrue(
        dsn.contains(" port=6543 ") && dsn.contains("password=" + PostgresServer.SCRAM_PASSWORD),
        dsn);
  }
}
