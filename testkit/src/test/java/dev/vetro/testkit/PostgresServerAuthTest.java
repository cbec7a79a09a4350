package dev.vetro.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each role logs in over TCP with the method its name promises, and only with it. */
class PostgresServerAuthTest {
  private final PostgresServer pg = PostgresServer.shared();

  @Test
  void superuserRunsSqlAndServerIsPostgres15() {
    List<List<String>> rows =
        pg.execAsSuperuser("SELECT current_user, current_setting('server_version_num')");
    assertEquals(PostgresServer.SUPERUSER, rows.get(0).get(0));
    assertTrue(rows.get(0).get(1).startsWith("15"), "server_version_num " + rows.get(0).get(1));
  }

  @Test
  void eachPasswordRoleIsLoggedWithItsOwnAuthenticationMethod() throws SQLException {
    assertAuthenticatedWith(PostgresServer.PASSWORD_USER, "password");
    assertAuthenticatedWith(PostgresServer.MD5_USER, "md5");
    assertAuthenticatedWith(PostgresServer.SCRAM_USER, "scram-sha-256");
    assertAuthenticatedWith(PostgresServer.SUPERUSER, "scram-sha-256");
  }

  @Test
  void md5RoleStoresAnMd5VerifierAndScramRoleAScramOne() {
    List<List<String>> rows =
        pg.execAsSuperuser(
            "SELECT rolname, left(rolpassword, 14) FROM pg_authid WHERE rolname IN ('md5_user', 'scram_user') ORDER BY 1");
    assertEquals("md5_user", rows.get(0).get(0));
    assertTrue(rows.get(0).get(1).startsWith("md5"), rows.toString());
    assertEquals("scram_user", rows.get(1).get(0));
    assertEquals("SCRAM-SHA-256$", rows.get(1).get(1));
  }

  @Test
  void hbaRulesNameOneMethodPerRole() {
    List<List<String>> rows =
        pg.execAsSuperuser(
            "SELECT array_to_string(user_name, ','), auth_method FROM pg_hba_file_rules WHERE type LIKE 'host%' "
                + "AND error IS NULL ORDER BY line_number");
    assertTrue(rows.contains(List.of("trust_user", "trust")), rows.toString());
    assertTrue(rows.contains(List.of("password_user", "password")), rows.toString());
    assertTrue(rows.contains(List.of("md5_user", "md5")), rows.toString());
    assertTrue(rows.contains(List.of("scram_user", "scram-sha-256")), rows.toString());
    assertTrue(rows.contains(List.of("cert_user", "cert")), rows.toString());
  }

  @Test
  void wrongPasswordIsRejectedForEveryPasswordMethod() {
    for (String user :
        List.of(
            PostgresServer.SUPERUSER,
            PostgresServer.PASSWORD_USER,
            PostgresServer.MD5_USER,
            PostgresServer.SCRAM_USER)) {
      String url =
          pg.jdbcUrl(user, "disable").replace("password=" + pg.password(user), "password=wrong");
      SQLException failure =
          assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(), user);
      assertEquals("28P01", failure.getSQLState(), user + ": " + failure.getMessage());
    }
  }

  @Test
  void trustRoleIgnoresThePassword() throws SQLException {
    String url =
        pg.jdbcUrl(PostgresServer.TRUST_USER, "disable")
            .replace(PostgresServer.TRUST_PASSWORD, "wrong");
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(PostgresServer.TRUST_USER, single(c, "SELECT current_user"));
    }
  }

  @Test
  void everyRoleCanCreateTablesInTheTestDatabase() throws SQLException {
    try (Connection c = pg.connect(PostgresServer.SCRAM_USER, "disable");
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE t_auth (id int)");
      s.execute("CREATE TABLE IF NOT EXISTS scram_user_owned (id int)");
      assertEquals(PostgresServer.DATABASE, single(c, "SELECT current_database()"));
    }
  }

  private void assertAuthenticatedWith(String user, String method) throws SQLException {
    String marker = "marker_" + user + "_" + System.nanoTime();
    try (Connection c =
        DriverManager.getConnection(pg.jdbcUrl(user, "disable") + "&ApplicationName=" + marker)) {
      assertEquals(user, single(c, "SELECT current_user"));
      assertEquals(
          "f", single(c, "SELECT ssl::text::char FROM pg_stat_ssl WHERE pid = pg_backend_pid()"));
    }
    String log = pg.logTail(2_000_000);
    String expected = "connection authenticated: identity=\"" + user + "\" method=" + method;
    assertTrue(log.contains(expected), "server log lacks '" + expected + "'");
  }

  static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      assertTrue(r.next(), "no row from " + sql);
      return r.getString(1);
    }
  }
}
