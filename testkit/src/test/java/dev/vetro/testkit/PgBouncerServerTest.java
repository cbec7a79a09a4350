package dev.vetro.testkit;

import static dev.vetro.testkit.PostgresServerAuthTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pgbouncer in session mode in front of the SCRAM upstream, with no cleartext password stored. */
class PgBouncerServerTest {
  private static PgBouncerServer bouncer;

  @BeforeAll
  static void start() {
    bouncer = PgBouncerServer.start(PostgresServer.shared());
  }

  @AfterAll
  static void stop() {
    if (bouncer != null) {
      bouncer.close();
    }
  }

  @Test
  void jdbcThroughPgBouncerReachesTheUpstreamAsTheSameUser() throws SQLException {
    try (Connection c = DriverManager.getConnection(bouncer.jdbcUrl(PostgresServer.SCRAM_USER))) {
      assertEquals(PostgresServer.SCRAM_USER, single(c, "SELECT current_user"));
      assertEquals(
          Integer.toString(bouncer.upstream().port()), single(c, "SELECT inet_server_port()"));
    }
  }

  @Test
  void psqlThroughPgBouncerRunsAQuery() {
    ProcessRunner.Result result =
        ProcessRunner.of(Tools.psql().toString(), "-X", "-tAc", "SELECT 1")
            .env(bouncer.upstream().libpqEnv(PostgresServer.SCRAM_USER, "disable"))
            .env("PGPORT", Integer.toString(bouncer.port()))
            .timeout(Duration.ofSeconds(60))
            .run()
            .requireSuccess();
    assertEquals("1", result.stdout().strip());
  }

  @Test
  void wrongPasswordIsRejectedByPgBouncer() {
    String url =
        bouncer.jdbcUrl(PostgresServer.SCRAM_USER).replace(PostgresServer.SCRAM_PASSWORD, "wrong");
    SQLException failure =
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    // pgbouncer 1.18 answers a failed SCRAM exchange with SQLSTATE 08P01, not PostgreSQL's 28P01.
    assertTrue(failure.getMessage().contains("authentication failed"), failure.getMessage());
  }

  @Test
  void authFileHoldsVerifiersNeverPasswords() throws Exception {
    String authFile = Files.readString(bouncer.configFile().resolveSibling("userlist.txt"));
    assertTrue(authFile.contains("\"scram_user\" \"SCRAM-SHA-256$"), authFile);
    for (String password : PostgresServer.ROLES.values()) {
      assertFalse(authFile.contains(password), "cleartext password in the auth file");
    }
    String ini = Files.readString(bouncer.configFile());
    assertTrue(ini.contains("pool_mode = session"), ini);
  }

  @Test
  void md5AuthTypeAlsoServesMd5AndScramUsersAndCloseStopsIt() throws Exception {
    Path dir;
    try (PgBouncerServer md5 =
        PgBouncerServer.start(
            PostgresServer.shared(), PgBouncerServer.Options.defaults().withAuthType("md5"))) {
      dir = md5.configFile().getParent();
      for (String user : new String[] {PostgresServer.MD5_USER, PostgresServer.SCRAM_USER}) {
        try (Connection c = DriverManager.getConnection(md5.jdbcUrl(user))) {
          assertEquals(user, single(c, "SELECT current_user"));
        }
      }
    }
    assertFalse(Files.exists(dir), dir + " still exists after close");
  }
}
