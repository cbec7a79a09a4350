package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.testkit.PostgresServer;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pgjdbc (its own protocol implementation, extended protocol by default) against blocks. */
class PgJdbcEnforcementTest {
  private static final String TABLE = "enforce_jdbc";
  private static final TestPolicies.SwappablePolicy policy =
      new TestPolicies.SwappablePolicy(TestPolicies.ENFORCE_DEFAULTS);
  private static final TestPolicies.RecordingSink sink = new TestPolicies.RecordingSink();
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); GRANT ALL ON "
                + TABLE
                + " TO "
                + PostgresServer.TRUST_USER
                + ", "
                + PostgresServer.SCRAM_USER);
    proxy = TestPolicies.proxy(policy, sink);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void reset() {
    policy.set(TestPolicies.ENFORCE_DEFAULTS);
    ProxyTestSupport.pg().execAsSuperuser("TRUNCATE " + TABLE);
  }

  @Test
  void blockedStatementFailsWithSqlState42501AndTheConnectionStaysUsable() throws SQLException {
    try (Connection c = connect(PostgresServer.TRUST_USER);
        Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM " + TABLE));
      assertEquals("42501", e.getSQLState());
      assertTrue(
          e.getMessage().contains("blocked by VETRO-001: DELETE without WHERE"), e.getMessage());
      assertEquals(1, s.executeUpdate("INSERT INTO " + TABLE + " VALUES (1)"));
      assertEquals(1, count(s, "id = 1"));
    }
  }

  @Test
  void blockInsideTransactionMeansCommitDoesNotCommitTheEarlierInsert() throws SQLException {
    try (Connection c = connect(PostgresServer.TRUST_USER);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO " + TABLE + " VALUES (2)");
      assertEquals(
          "42501",
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM " + TABLE))
              .getSQLState());
      // The server answers COMMIT of the failed transaction with ROLLBACK (pgjdbc only throws for
      // that with raiseExceptionOnSilentRollback); the row is what tells.
      c.commit();
      c.setAutoCommit(true);
      assertEquals(0, count(s, "id = 2"));
    }
  }

  @Test
  void batchWithOneBlockedStatementBehavesAsWithARealServerError() throws SQLException {
    BatchUpdateException blocked = runBatch("DELETE FROM " + TABLE, 10);
    BatchUpdateException real = runBatch("INSERT INTO " + TABLE + " VALUES (1 / 0)", 20);
    assertEquals("42501", blocked.getSQLState(), blocked.getMessage());
    assertTrue(blocked.getMessage().contains("blocked by VETRO-001"), blocked.getMessage());
    assertEquals("22012", real.getSQLState());
    assertArrayEquals(
        real.getUpdateCounts(), blocked.getUpdateCounts(), "same per-statement outcome");
    try (Connection c = connect(PostgresServer.TRUST_USER);
        Statement s = c.createStatement()) {
      assertEquals(
          count(s, "id BETWEEN 20 AND 29"),
          count(s, "id BETWEEN 10 AND 19"),
          "same rows left behind");
    }
  }

  private BatchUpdateException runBatch(String failing, int base) throws SQLException {
    try (Connection c = connect(PostgresServer.TRUST_USER);
        Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO " + TABLE + " VALUES (" + base + ")");
      s.addBatch("INSERT INTO " + TABLE + " VALUES (" + (base + 1) + ")");
      s.addBatch(failing);
      s.addBatch("INSERT INTO " + TABLE + " VALUES (" + (base + 2) + ")");
      BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
      assertEquals(
          1,
          s.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + (base + 9) + ")"),
          "usable after");
      return e;
    }
  }

  @Test
  void preparedStatementsAreReusableAroundABlock() throws SQLException {
    try (Connection c = connect(PostgresServer.TRUST_USER);
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?)");
        PreparedStatement deleteAll =
            c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ? OR true")) {
      for (int i = 0; i < 4; i++) { // past prepareThreshold: a named server-side statement
        insert.setInt(1, 100 + i);
        assertEquals(1, insert.executeUpdate());
      }
      for (int i = 0; i < 3; i++) { // the blocked one stays blocked each time it is used
        deleteAll.setInt(1, 100);
        assertEquals(
            "42501", assertThrows(SQLException.class, deleteAll::executeUpdate).getSQLState());
        insert.setInt(1, 200 + i);
        assertEquals(1, insert.executeUpdate());
      }
      try (Statement s = c.createStatement()) {
        assertEquals(7, count(s, "id >= 100"));
      }
    }
  }

  @Test
  void roleExceptionLetsTheExemptRoleRunWhatOthersCannot() throws SQLException {
    policy.set("{\"role_exceptions\": {\"" + PostgresServer.TRUST_USER + "\": [\"VETRO-001\"]}}");
    try (Connection exempt = connect(PostgresServer.TRUST_USER);
        Statement s = exempt.createStatement()) {
      s.executeUpdate("INSERT INTO " + TABLE + " VALUES (5)");
      assertEquals(1, s.executeUpdate("DELETE FROM " + TABLE));
    }
    try (Connection other = connect(PostgresServer.SCRAM_USER);
        Statement s = other.createStatement()) {
      assertEquals(
          "42501",
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM " + TABLE))
              .getSQLState());
    }
  }

  @Test
  void copyInAndOutStreamThroughTheEnforcingProxy() throws SQLException, java.io.IOException {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 5000; i++) {
      rows.append(1000 + i).append('\n');
    }
    try (Connection c = connect(PostgresServer.TRUST_USER)) {
      org.postgresql.copy.CopyManager copy =
          c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
      assertEquals(
          5000,
          copy.copyIn("COPY " + TABLE + " FROM STDIN", new java.io.StringReader(rows.toString())));
      java.io.StringWriter out = new java.io.StringWriter();
      assertEquals(
          5000,
          copy.copyOut(
              "COPY (SELECT id FROM " + TABLE + " WHERE id > 1000 ORDER BY id) TO STDOUT", out));
      assertEquals(rows.toString(), out.toString());
    }
  }

  private static Connection connect(String user) throws SQLException {
    return DriverManager.getConnection(ProxyTestSupport.jdbcUrl(proxy, user, "disable"));
  }

  private static int count(Statement s, String where) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE " + where)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
