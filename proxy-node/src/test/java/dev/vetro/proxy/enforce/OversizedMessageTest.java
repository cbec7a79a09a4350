package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.wiring.PolicyWiring;
import dev.vetro.testkit.PostgresServer;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A judged message above PROXY_MAX_MESSAGE_BYTES ends its own session with FATAL 54000 that says
 * what to do; every other session of the node goes on (its open transaction included).
 */
class OversizedMessageTest {
  private static final int LIMIT = 64 * 1024;
  private static final String TABLE = "enforce_oversized";
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
                + PostgresServer.TRUST_USER);
    proxy =
        ProxyServer.start(
            ProxyTestSupport.config().maxMessageBytes(LIMIT).build(),
            PolicyWiring.of(
                new TestPolicies.SwappablePolicy(TestPolicies.ENFORCE_DEFAULTS),
                new TestPolicies.RecordingSink()));
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void oversizedQueryEndsOnlyItsSessionWithFatal54000NamingTheLimitAndTheFix() throws Exception {
    try (Connection other = connect();
        Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.executeUpdate("INSERT INTO " + TABLE + " VALUES (1)");

      List<RawClient.Message> got;
      try (RawClient client = new RawClient(proxy.boundPort())) {
        client.login(PostgresServer.TRUST_USER, "oversized");
        client.send(ByteBuffer.allocate(5 + 100).put((byte) 'Q').putInt(20_000_000).array());
        got = client.readToEnd();
      }
      assertEquals(1, got.size(), "one FATAL, then the connection closes: " + got);
      Map<Character, String> fatal = got.get(0).fields();
      assertEquals("FATAL", fatal.get('S'));
      assertEquals("54000", fatal.get('C'));
      assertEquals(
          "vetro: frontend message 'Q' of 20000000 bytes exceeds the limit of " + LIMIT,
          fatal.get('M'));
      assertTrue(fatal.get('D').contains("PROXY_MAX_MESSAGE_BYTES"), fatal.toString());
      assertTrue(fatal.get('H').contains("raise PROXY_MAX_MESSAGE_BYTES"), fatal.toString());

      s.executeUpdate("INSERT INTO " + TABLE + " VALUES (2)");
      other.commit();
      assertEquals(2, count(s), "the other session's transaction went on and committed");
      assertEquals(
          "42501",
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM " + TABLE))
              .getSQLState(),
          "and is still judged");
      other.rollback();
    }
  }

  @Test
  void bindAboveTheLimitStreamsThroughWhileNoPreparedStatementNeedsJudgingAgain() throws Exception {
    // A Bind is read whole only after a policy change (to judge its statement again); the rest of
    // the time a large parameter passes as it would without the proxy.
    try (Connection big = connect();
        PreparedStatement ps = big.prepareStatement("SELECT length(?::bytea)")) {
      ps.setBytes(1, new byte[LIMIT * 2]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertEquals(LIMIT * 2, rs.getInt(1));
      }
      try (Statement s = big.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the session goes on");
      }
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable"));
  }

  private static int count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE id IN (1, 2)")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
