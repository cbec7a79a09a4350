package dev.vetro.proxy.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGStatement;

/**
 * pgjdbc's everyday features through every route: prepared statements, batches, transactions,
 * notifications.
 */
class JdbcStatementsThroughProxyTest {
  private static final String ROUTES = "dev.vetro.proxy.clients.Route#all";
  private static ProxyFleet fleet;

  @BeforeAll
  static void startProxies() {
    fleet = ProxyFleet.start();
  }

  @AfterAll
  static void stopProxies() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void serverPreparedStatementIsReusedAcrossExecutions(Route route) throws Exception {
    try (Connection c = fleet.connect(route, "prepareThreshold=1");
        PreparedStatement ps =
            c.prepareStatement("select ?::int * 3, ?::text || '-' || current_user")) {
      ServerFacts.assertSessionMatches(c, route);
      for (int i = 1; i <= 5; i++) {
        ps.setInt(1, i * 7);
        ps.setString(2, "run" + i);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(i * 21, rs.getInt(1));
          assertEquals("run" + i + "-" + route.user(), rs.getString(2));
        }
      }
      assertTrue(
          ps.unwrap(PGStatement.class).isUseServerPrepare(),
          "pgjdbc should use a named server statement");
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*) from pg_prepared_statements"
                      + " where not from_sql and statement = 'select $1::int * 3, $2::text || ''-'' || current_user'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the protocol-level prepared statement lives in the backend");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void batchOfThousandInsertsLandsEveryRow(Route route) throws Exception {
    int rows = 1_000;
    List<String> values = new ArrayList<>();
    try (Connection c = fleet.connect(route)) {
      try (Statement s = c.createStatement()) {
        s.execute("create temp table batch_t (id int primary key, v text not null)");
      }
      try (PreparedStatement ps = c.prepareStatement("insert into batch_t (id, v) values (?, ?)")) {
        for (int id = 1; id <= rows; id++) {
          String v = "value-" + id + "-" + Integer.toHexString(id * 40503);
          values.add(v);
          ps.setInt(1, id);
          ps.setString(2, v);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        int[] ones = new int[rows];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, counts, "one row per batch entry");
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*), sum(id), md5(string_agg(v, ',' order by id)) from batch_t")) {
        rs.next();
        assertEquals(rows, rs.getInt(1));
        assertEquals((long) rows * (rows + 1) / 2, rs.getLong(2));
        assertEquals(
            md5(String.join(",", values)), rs.getString(3), "row contents survive the trip");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void commitIsVisibleToOthersAndRollbackIsNot(Route route) throws Exception {
    String table = "clients_tx_" + route.slug();
    try (Connection writer = fleet.connect(route);
        Connection reader = fleet.connect(route)) {
      // Cleanup goes straight to the server: a firewall policy may refuse DROP from clients.
      ProxyFleet.pg().execAsSuperuser("drop table if exists " + table);
      try (Statement s = writer.createStatement()) {
        s.execute("create table " + table + " (v text)");
      }
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        s.executeUpdate("insert into " + table + " values ('rolled back')");
        writer.rollback();
        s.executeUpdate("insert into " + table + " values ('committed')");
        assertEquals(
            List.of(), values(reader, table), "uncommitted work is invisible to another session");
        writer.commit();
      }
      assertEquals(List.of("committed"), values(reader, table));
    } finally {
      ProxyFleet.pg().execAsSuperuser("drop table if exists " + table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(ROUTES)
  void listenerReceivesNotificationWithPayload(Route route) throws Exception {
    String channel = "clients_" + route.slug();
    String payload = "payload for " + route.slug() + " \u00e9\u20ac";
    try (Connection listener = fleet.connect(route);
        Connection notifier = fleet.connect(route)) {
      try (Statement s = listener.createStatement()) {
        s.execute("listen " + channel);
      }
      int notifierPid = ServerFacts.backendPid(notifier);
      try (PreparedStatement ps = notifier.prepareStatement("select pg_notify(?, ?)")) {
        ps.setString(1, channel);
        ps.setString(2, payload);
        ps.execute();
      }
      PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertNotNull(received, "no notification within 10 s");
      assertEquals(1, received.length);
      assertEquals(channel, received[0].getName());
      assertEquals(payload, received[0].getParameter());
      assertEquals(notifierPid, received[0].getPID());
    }
  }

  private static List<String> values(Connection c, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select v from " + table + " order by v")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String md5(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%032x", new BigInteger(1, digest));
  }
}
