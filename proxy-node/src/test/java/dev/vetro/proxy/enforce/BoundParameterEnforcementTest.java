package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.RawClient.Message;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 7: a DELETE/UPDATE whose WHERE depends only on bound parameters is judged at each
 * Bind with the values the client sent. Binding true used to empty the table through the extended
 * protocol; now that Bind is blocked (42501, the session goes on), and binding false runs.
 */
class BoundParameterEnforcementTest {
  private static final String TABLE = "enforce_bound";
  private static final int BOOL_OID = 16;
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
                + PostgresServer.TRUST_USER);
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
    sink.clear();
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "TRUNCATE " + TABLE + "; INSERT INTO " + TABLE + " SELECT generate_series(1, 3)");
  }

  @Test
  void pgjdbcBindingTrueIsBlockedOnEveryBindAndFalseRuns() throws SQLException {
    // prepareThreshold=1: from the second execution pgjdbc binds a named server-side statement
    try (Connection c = connect("1");
        PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE ?");
        Statement s = c.createStatement()) {
      for (int round = 0; round < 4; round++) {
        delete.setBoolean(1, true);
        SQLException e = assertThrows(SQLException.class, delete::executeUpdate);
        assertEquals("42501", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("VETRO-003"), e.getMessage());
        assertEquals(3, count(s));
        delete.setBoolean(1, false);
        assertEquals(0, delete.executeUpdate(), "round " + round);
      }
      assertEquals(3, count(s));
    }
  }

  @Test
  void pgjdbcBinaryIntegerAndNullAreJudgedByValue() throws SQLException {
    // pgjdbc sends int4 in binary format; prepareThreshold=-1 prepares server-side at once
    try (Connection c = connect("-1");
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM " + TABLE + " WHERE ?::int IS NOT NULL");
        PreparedStatement update =
            c.prepareStatement("UPDATE " + TABLE + " SET id = id + 10 WHERE ? = ?");
        Statement s = c.createStatement()) {
      delete.setInt(1, 5);
      assertEquals("42501", assertThrows(SQLException.class, delete::executeUpdate).getSQLState());
      delete.setNull(1, Types.INTEGER);
      assertEquals(0, delete.executeUpdate());
      update.setInt(1, 7);
      update.setInt(2, 7);
      assertEquals("42501", assertThrows(SQLException.class, update::executeUpdate).getSQLState());
      update.setInt(1, 7);
      update.setInt(2, 8);
      assertEquals(0, update.executeUpdate());
      assertEquals(3, count(s));
      // an ordinary keyed statement in the same session is untouched
      try (PreparedStatement keyed = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
        keyed.setInt(1, 2);
        assertEquals(1, keyed.executeUpdate());
      }
      assertEquals(2, count(s));
    }
  }

  @Test
  void rawBinaryBooleanIsOneByte() throws IOException, SQLException {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.login(PostgresServer.TRUST_USER, "bound-raw");
      byte[] parse = parse("del", "DELETE FROM " + TABLE + " WHERE $1", BOOL_OID);
      assertEquals("1Z", types(ask(client, Wire.concat(parse, Wire.sync()))));
      List<Message> blocked =
          ask(client, Wire.concat(bindBinary("del", new byte[] {1}), Wire.execute(), Wire.sync()));
      assertEquals("EZ", types(blocked));
      assertEquals("42501", blocked.get(0).fields().get('C'));
      List<Message> ran =
          ask(client, Wire.concat(bindBinary("del", new byte[] {0}), Wire.execute(), Wire.sync()));
      assertEquals("2CZ", types(ran));
    }
    try (Connection c = connect("5");
        Statement s = c.createStatement()) {
      assertEquals(3, count(s));
    }
  }

  @Test
  void nodePostgresTextValuesAreJudgedByValue() {
    String script =
        """
        const { Client } = require('pg');
        const out = (k, v) => console.log(`${k}=${v}`);
        const t = process.env.TABLE;
        (async () => {
          const c = new Client();
          await c.connect();
          for (const v of [true, 'yes', 7]) {
            const text = v === 7 ? `DELETE FROM ${t} WHERE $1::int IS NOT NULL` : `DELETE FROM ${t} WHERE $1`;
            try { await c.query({ text, values: [v] }); out(`bound_${v}`, 'none'); }
            catch (e) { out(`bound_${v}`, e.code); }
          }
          out('bound_false', (await c.query({ text: `DELETE FROM ${t} WHERE $1`, values: [false] })).rowCount);
          out('named_false', (await c.query({ name: 'd', text: `DELETE FROM ${t} WHERE $1`, values: [false] })).rowCount);
          try { await c.query({ name: 'd', text: `DELETE FROM ${t} WHERE $1`, values: [true] }); out('named_true', 'none'); }
          catch (e) { out('named_true', e.code); }
          out('rows', (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
          await c.end();
        })().catch(e => { console.error(e); process.exit(1); });
        """;
    ProcessRunner.Result r =
        Tools.nodeWithPg()
            .script(script)
            .env(
                Map.of(
                    "PGHOST",
                    PostgresServer.HOST,
                    "PGPORT",
                    Integer.toString(proxy.boundPort()),
                    "PGUSER",
                    PostgresServer.TRUST_USER,
                    "PGDATABASE",
                    PostgresServer.DATABASE,
                    "PGSSLMODE",
                    "disable",
                    "TABLE",
                    TABLE))
            .timeout(Duration.ofSeconds(60))
            .run();
    assertEquals(0, r.exitCode(), r.describe());
    Map<String, String> got =
        r.stdout()
            .lines()
            .filter(l -> l.contains("="))
            .collect(Collectors.toMap(l -> l.split("=", 2)[0], l -> l.split("=", 2)[1]));
    assertEquals(
        Map.of(
            "bound_true", "42501",
            "bound_yes", "42501",
            "bound_7", "42501",
            "bound_false", "0",
            "named_false", "0",
            "named_true", "42501",
            "rows", "3"),
        got);
  }

  @Test
  void observeModeRunsTheBindAndRecordsWhatEnforceWouldHaveDone() throws SQLException {
    policy.set(TestPolicies.OBSERVE_DEFAULTS);
    try (Connection c = connect("1");
        PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE ?");
        Statement s = c.createStatement()) {
      delete.setBoolean(1, false);
      assertEquals(0, delete.executeUpdate());
      delete.setBoolean(1, true);
      assertEquals(3, delete.executeUpdate());
      assertEquals(0, count(s));
    }
    List<DecisionEvent> deletes =
        sink.events().stream().filter(e -> e.redactedSql().startsWith("DELETE")).toList();
    assertEquals(2, deletes.size(), deletes.toString());
    assertEquals(Verdict.ALLOWED, deletes.get(0).decision().decision());
    assertEquals(Verdict.FLAGGED, deletes.get(1).decision().decision());
    assertEquals(Verdict.BLOCKED, deletes.get(1).decision().enforceDecision());
    assertEquals("VETRO-003", deletes.get(1).decision().ruleCode());
  }

  private static Connection connect(String prepareThreshold) throws SQLException {
    Properties p = new Properties();
    p.setProperty("prepareThreshold", prepareThreshold);
    return DriverManager.getConnection(
        ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable"), p);
  }

  private static int count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static byte[] parse(String name, String sql, int... types) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, name);
    cstring(b, sql);
    ByteBuffer t = ByteBuffer.allocate(2 + 4 * types.length).putShort((short) types.length);
    for (int type : types) {
      t.putInt(type);
    }
    b.writeBytes(t.array());
    return RawClient.typed('P', b.toByteArray());
  }

  /** Bind of one binary parameter to the unnamed portal, text results. */
  private static byte[] bindBinary(String statement, byte[] value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, "");
    cstring(b, statement);
    ByteBuffer rest = ByteBuffer.allocate(2 + 2 + 2 + 4 + value.length + 2);
    rest.putShort((short) 1).putShort((short) 1); // one format code: binary
    rest.putShort((short) 1).putInt(value.length).put(value);
    rest.putShort((short) 0);
    b.writeBytes(rest.array());
    return RawClient.typed('B', b.toByteArray());
  }

  private static void cstring(ByteArrayOutputStream b, String s) {
    b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    b.write(0);
  }

  private static List<Message> ask(RawClient client, byte[] messages) throws IOException {
    client.send(messages);
    List<Message> got = new ArrayList<>();
    Message m;
    do {
      m = client.read();
      got.add(m);
    } while (m.type() != 'Z');
    return got;
  }

  private static String types(List<Message> messages) {
    return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
  }
}
