package dev.vetro.proxy.enforce;

import static dev.vetro.proxy.enforce.Wire.bind;
import static dev.vetro.proxy.enforce.Wire.concat;
import static dev.vetro.proxy.enforce.Wire.execute;
import static dev.vetro.proxy.enforce.Wire.parse;
import static dev.vetro.proxy.enforce.Wire.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.RawClient.Message;
import dev.vetro.proxy.events.StatementProtocol;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A statement prepared while the policy allowed it is judged again when it is bound after the
 * policy changed: the server would run what it holds without asking.
 */
class PreparedStatementRejudgeTest {
  private static final String TABLE = "enforce_rejudge";
  private static final String DELETE_ALL = "DELETE FROM " + TABLE;
  private static final String ALLOW_DELETE =
      "{\"version\": 1, \"rules\": {\"VETRO-001\": {\"enabled\": false}}}";
  private static final TestPolicies.SwappablePolicy policy =
      new TestPolicies.SwappablePolicy(ALLOW_DELETE);
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
    policy.set(ALLOW_DELETE);
    sink.clear();
    ProxyTestSupport.pg()
        .execAsSuperuser("TRUNCATE " + TABLE + "; INSERT INTO " + TABLE + " VALUES (1), (2)");
  }

  @Test
  void
      namedStatementPreparedWhileAllowedIsBlockedAtBindAfterThePolicyChangesAndRunsAgainWhenAllowed()
          throws IOException {
    try (RawClient client = login()) {
      assertEquals("1Z", types(ask(client, concat(parse("s_del", DELETE_ALL), sync()))));

      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      List<Message> blocked = ask(client, concat(bind("s_del"), execute(), sync()));
      assertEquals(
          "EZ", types(blocked), "the block's error, the Execute skipped, one ReadyForQuery");
      assertEquals("42501", blocked.get(0).fields().get('C'));
      assertEquals("blocked by VETRO-001: DELETE without WHERE", blocked.get(0).fields().get('M'));
      assertNoSentinel(blocked);
      assertEquals(2, rows(client), "nothing was deleted");
      assertEquals(
          "EZ", types(ask(client, concat(bind("s_del"), execute(), sync()))), "blocked every time");

      policy.set(ALLOW_DELETE); // the server still holds s_del: no Parse needed
      assertEquals("2CZ", types(ask(client, concat(bind("s_del"), execute(), sync()))));
      assertEquals(0, rows(client));
    }
    assertTrue(
        sink.events().stream()
            .anyMatch(
                e -> e.decision().blocked() && StatementProtocol.EXTENDED.equals(e.protocol())),
        "the block at Bind is recorded: " + sink.events());
  }

  @Test
  void unnamedStatementIsJudgedAgainTooAndTheBlockDoesNotDropIt() throws IOException {
    try (RawClient client = login()) {
      assertEquals("1Z", types(ask(client, concat(parse("", DELETE_ALL), sync()))));
      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      List<Message> blocked = ask(client, concat(bind(""), execute(), sync()));
      assertEquals("EZ", types(blocked));
      assertEquals("42501", blocked.get(0).fields().get('C'));
      policy.set(ALLOW_DELETE);
      assertEquals(
          "2CZ",
          types(ask(client, concat(bind(""), execute(), sync()))),
          "the sentinel named itself, so the client's unnamed statement survived the block");
      assertEquals(0, rows(client));
    }
  }

  @Test
  void statementAllowedUnderBothPoliciesRunsAndAClosedOneIsForgotten() throws IOException {
    try (RawClient client = login()) {
      assertEquals(
          "11Z",
          types(
              ask(
                  client,
                  concat(
                      parse("s_sel", "SELECT id FROM " + TABLE + " WHERE id = 1"),
                      parse("s_del", DELETE_ALL),
                      sync()))));
      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      assertEquals("2DCZ", types(ask(client, concat(bind("s_sel"), execute(), sync()))));
      // Closed, then prepared again under the new policy: the new Parse is judged (and blocked).
      assertEquals("3Z", types(ask(client, concat(Wire.closeStatement("s_del"), sync()))));
      List<Message> reparse = ask(client, concat(parse("s_del", DELETE_ALL), sync()));
      assertEquals("EZ", types(reparse));
      assertEquals("42501", reparse.get(0).fields().get('C'));
    }
  }

  @Test
  void pipelinedBindOfAStatementNowBlockedSkipsTheRestAsARealErrorWould() throws IOException {
    try (RawClient client = login()) {
      assertEquals(
          "11Z",
          types(
              ask(client, concat(parse("s_one", "SELECT 1"), parse("s_del", DELETE_ALL), sync()))));
      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      List<Message> answer =
          ask(
              client,
              concat(
                  bind("s_one"),
                  execute(),
                  bind("s_del"),
                  execute(),
                  bind("s_one"),
                  execute(),
                  sync()));
      assertEquals(
          "2DCEZ", types(answer), "earlier answers stay, later messages are skipped until Sync");
      assertEquals("42501", answer.get(3).fields().get('C'));
      assertEquals(
          "2DCZ",
          types(ask(client, concat(bind("s_one"), execute(), sync()))),
          "usable afterwards");
    }
  }

  @Test
  void statementForgottenBeyondTheCapIsRefusedAfterAPolicyChangeUntilPreparedAgain()
      throws IOException {
    try (RawClient client = login()) {
      int n = PreparedStatements.MAX_STATEMENTS + 5;
      byte[][] parses = new byte[n + 1][];
      for (int i = 0; i < n; i++) {
        parses[i] = parse("s_" + i, "SELECT " + i);
      }
      parses[n] = sync();
      assertEquals("1".repeat(n) + "Z", types(ask(client, concat(parses))));
      assertEquals(
          "2DCZ", types(ask(client, concat(bind("s_0"), execute(), sync()))), "same policy: runs");

      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      List<Message> refused = ask(client, concat(bind("s_0"), execute(), sync()));
      assertEquals("EZ", types(refused));
      assertEquals("42501", refused.get(0).fields().get('C'));
      assertTrue(
          refused.get(0).fields().get('M').contains("VETRO-PARSE-ERROR"),
          refused.get(0).fields().toString());
      assertEquals(
          "2DCZ",
          types(ask(client, concat(bind("s_" + (n - 1)), execute(), sync()))),
          "a remembered statement is judged again and runs");
      assertEquals(
          "1Z",
          types(ask(client, concat(Wire.closeStatement("s_0"), parse("s_0", "SELECT 0"), sync())))
              .replace("3", ""),
          "closed and prepared again");
      assertEquals("2DCZ", types(ask(client, concat(bind("s_0"), execute(), sync()))));
    }
  }

  @Test
  void pgjdbcServerPreparedStatementReusedAcrossAPolicyChangeIsBlockedWithoutReconnecting()
      throws SQLException {
    // prepareThreshold=1: a named server-side statement from the first execution on.
    String url =
        ProxyTestSupport.jdbcUrl(proxy, PostgresServer.TRUST_USER, "disable")
            + "&prepareThreshold=1";
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ? OR true");
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?)")) {
      policy.set(
          "{\"version\": 1, \"rules\": {\"VETRO-003\": {\"enabled\": false}, \"VETRO-090\": {\"enabled\": false}}}");
      delete.setInt(1, 1);
      assertEquals(2, delete.executeUpdate());
      insert.setInt(1, 3);
      assertEquals(1, insert.executeUpdate());
      assertTrue(
          delete.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare(), "server-prepared");

      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      SQLException e = assertThrows(SQLException.class, delete::executeUpdate);
      assertEquals("42501", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("blocked by VETRO-0"), e.getMessage());
      insert.setInt(1, 4);
      assertEquals(1, insert.executeUpdate(), "the session and its other statements go on");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
        rs.next();
        assertEquals(2, rs.getInt(1), "the blocked DELETE deleted nothing");
      }
    }
  }

  private static RawClient login() throws IOException {
    RawClient client = new RawClient(proxy.boundPort());
    client.login(PostgresServer.TRUST_USER, "rejudge");
    return client;
  }

  private static List<Message> ask(RawClient client, byte[] messages) throws IOException {
    client.send(messages);
    List<Message> got = new java.util.ArrayList<>();
    Message m;
    do {
      m = client.read();
      got.add(m);
    } while (m.type() != 'Z');
    return got;
  }

  private static int rows(RawClient client) throws IOException {
    List<Message> answer = ask(client, RawClient.query("SELECT count(*) FROM " + TABLE));
    assertEquals("TDCZ", types(answer));
    byte[] row = answer.get(1).payload(); // int16 columns, int32 length, text
    return Integer.parseInt(new String(row, 6, row.length - 6, StandardCharsets.UTF_8));
  }

  private static String types(List<Message> messages) {
    return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
  }

  private static void assertNoSentinel(List<Message> messages) {
    for (Message m : messages) {
      assertFalse(
          new String(m.payload(), StandardCharsets.UTF_8).contains("vetro_blocked_"),
          "a sentinel leaked");
    }
  }
}
