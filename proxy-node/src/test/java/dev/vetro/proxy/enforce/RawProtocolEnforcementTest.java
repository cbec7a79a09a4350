package dev.vetro.proxy.enforce;

import static dev.vetro.proxy.enforce.Wire.bind;
import static dev.vetro.proxy.enforce.Wire.concat;
import static dev.vetro.proxy.enforce.Wire.describeStatement;
import static dev.vetro.proxy.enforce.Wire.execute;
import static dev.vetro.proxy.enforce.Wire.parse;
import static dev.vetro.proxy.enforce.Wire.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.RawClient;
import dev.vetro.proxy.RawClient.Message;
import dev.vetro.proxy.events.DecisionEvent;
import dev.vetro.proxy.events.StatementProtocol;
import dev.vetro.testkit.PostgresServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly which messages a client gets for blocked Query / Parse / FunctionCall / replication. */
class RawProtocolEnforcementTest {
  private static final String TABLE = "enforce_raw";
  private static final String DELETE_ALL = "DELETE FROM " + TABLE;
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
  }

  @Test
  void blockedQueryAnswersVetroErrorThenReadyForQueryAndTheSessionGoesOn() throws IOException {
    try (RawClient client = login()) {
      List<Message> answer = ask(client, RawClient.query(DELETE_ALL));
      assertEquals("EZ", types(answer));
      Map<Character, String> error = answer.get(0).fields();
      assertEquals("ERROR", error.get('S'));
      assertEquals("42501", error.get('C'));
      assertEquals("blocked by VETRO-001: DELETE without WHERE", error.get('M'));
      assertTrue(error.get('D').contains("DeleteStmt > WhereClause = NULL"), error.toString());
      assertNotNull(error.get('H'));
      assertNoSentinel(answer);
      assertEquals('I', status(answer));

      List<Message> next = ask(client, RawClient.query("SELECT 41 + 1"));
      assertEquals("TDCZ", types(next));
      assertEquals(
          "42", new String(next.get(1).payload(), 6, 2, java.nio.charset.StandardCharsets.UTF_8));
    }
    DecisionEvent event =
        sink.events().stream().filter(e -> e.decision().blocked()).findFirst().orElseThrow();
    assertEquals(StatementProtocol.SIMPLE, event.protocol());
    assertEquals(PostgresServer.TRUST_USER, event.databaseUser());
    assertEquals("raw-enforce", event.applicationName());
    assertEquals(DELETE_ALL, event.redactedSql());
    assertEquals("db-test", event.databaseId());
  }

  @Test
  void blockInsideTransactionFailsItAndCommitRollsTheEarlierInsertBack() throws IOException {
    try (RawClient client = login()) {
      assertEquals('T', status(ask(client, RawClient.query("BEGIN"))));
      assertEquals(
          'T', status(ask(client, RawClient.query("INSERT INTO " + TABLE + " VALUES (501)"))));
      List<Message> blocked = ask(client, RawClient.query(DELETE_ALL));
      assertEquals("EZ", types(blocked));
      assertEquals('E', status(blocked), "the server's own status: transaction failed");
      List<Message> commit = ask(client, RawClient.query("COMMIT"));
      assertEquals("CZ", types(commit));
      assertEquals("ROLLBACK", cstring(commit.get(0).payload()));
      assertEquals('I', status(commit));
    }
    assertEquals(
        List.of(List.of("0")),
        ProxyTestSupport.pg().execAsSuperuser("SELECT count(*) FROM " + TABLE + " WHERE id = 501"));
  }

  @Test
  void multiStatementQueryWithOneBlockedStatementRunsNothingOfIt() throws IOException {
    try (RawClient client = login()) {
      List<Message> answer =
          ask(client, RawClient.query("INSERT INTO " + TABLE + " VALUES (502); " + DELETE_ALL));
      assertEquals("EZ", types(answer));
      assertEquals("42501", answer.get(0).fields().get('C'));
    }
    assertEquals(
        List.of(List.of("0")),
        ProxyTestSupport.pg().execAsSuperuser("SELECT count(*) FROM " + TABLE + " WHERE id = 502"));
  }

  @Test
  void blockedParseAnswersErrorAndTheRestIsSkippedUntilSyncWithOneReadyForQuery()
      throws IOException {
    try (RawClient client = login()) {
      client.send(
          concat(
              parse("", "SELECT 1"),
              bind(""),
              execute(),
              parse("", DELETE_ALL),
              bind(""),
              execute(),
              parse("", "SELECT 2"),
              bind(""),
              execute(),
              sync()));
      List<Message> answer = untilReady(client);
      assertEquals("12DCEZ", types(answer), "earlier messages answered, later ones skipped");
      assertEquals("blocked by VETRO-001: DELETE without WHERE", answer.get(4).fields().get('M'));
      assertNoSentinel(answer);
      assertEquals("TDCZ", types(ask(client, RawClient.query("SELECT 3"))));
    }
    assertEquals(
        StatementProtocol.EXTENDED,
        sink.events().stream()
            .filter(e -> e.decision().blocked())
            .findFirst()
            .orElseThrow()
            .protocol());
  }

  @Test
  void blockedStatementNameGetsTheBlockErrorOnLaterBindAndDescribeUntilReparsed()
      throws IOException {
    try (RawClient client = login()) {
      assertEquals("EZ", types(ask(client, concat(parse("s_del", DELETE_ALL), sync()))));

      List<Message> reuse = ask(client, concat(bind("s_del"), execute(), sync()));
      assertEquals("EZ", types(reuse));
      assertEquals("blocked by VETRO-001: DELETE without WHERE", reuse.get(0).fields().get('M'));
      List<Message> describe = ask(client, concat(describeStatement("s_del"), sync()));
      assertEquals("42501", describe.get(0).fields().get('C'));

      List<Message> other = ask(client, concat(bind("never_prepared"), sync()));
      assertEquals(
          "26000", other.get(0).fields().get('C'), "a real error is relayed as the server sent it");

      assertEquals("1Z", types(ask(client, concat(parse("s_del", "SELECT 7"), sync()))));
      List<Message> allowed = ask(client, concat(bind("s_del"), execute(), sync()));
      assertEquals("2DCZ", types(allowed));
    }
  }

  @Test
  void sentinelSkippedAfterAnEarlierErrorLeavesNothingBehind() throws IOException {
    try (RawClient client = login()) {
      client.send(
          concat(
              parse("", "SELECT 1/0"),
              bind(""),
              execute(),
              parse("", DELETE_ALL),
              bind(""),
              execute(),
              sync()));
      List<Message> answer = untilReady(client);
      assertEquals("1EZ", types(answer), "the division fails at Bind (planning folds it)");
      assertEquals("22012", answer.get(1).fields().get('C'));
      // The next block is still matched to its own error, not to the skipped one.
      List<Message> next = ask(client, RawClient.query("TRUNCATE " + TABLE));
      assertEquals("blocked by VETRO-011: TRUNCATE", next.get(0).fields().get('M'));
    }
  }

  @Test
  void fastPathCallOfAnUnidentifiableFunctionIsBlockedAsErrorThenReadyForQuery()
      throws IOException {
    int int4pl = 177;
    try (RawClient client = login()) {
      List<Message> blocked = ask(client, Wire.functionCall(int4pl, 2, 3));
      assertEquals("EZ", types(blocked));
      assertEquals("42501", blocked.get(0).fields().get('C'));
      assertTrue(
          blocked.get(0).fields().get('M').startsWith("blocked by VETRO-PARSE-ERROR"),
          blocked.get(0).fields().toString());

      policy.set("{\"parse_error\": \"allow\"}");
      List<Message> allowed = ask(client, Wire.functionCall(int4pl, 2, 3));
      assertEquals("VZ", types(allowed));
      assertEquals(5, java.nio.ByteBuffer.wrap(allowed.get(0).payload()).getInt(4));
    }
    assertEquals(StatementProtocol.FUNCTION_CALL, sink.events().get(0).protocol());
  }

  @Test
  void fastPathLargeObjectCallsAreJudgedAsTheirSqlAndAllowed() throws IOException {
    int loCreat = 957;
    int loUnlink = 964;
    try (RawClient client = login()) {
      List<Message> created = ask(client, Wire.functionCall(loCreat, -1));
      assertEquals("VZ", types(created));
      int oid = java.nio.ByteBuffer.wrap(created.get(0).payload()).getInt(4);
      assertEquals("VZ", types(ask(client, Wire.functionCall(loUnlink, oid))));
    }
  }

  @Test
  void policyChangeReachesARunningSessionAtItsNextStatement() throws IOException {
    try (RawClient client = login()) {
      assertEquals("EZ", types(ask(client, RawClient.query(DELETE_ALL + " WHERE false OR true"))));
      policy.set(
          "{\"version\": 9, \"rules\": {\"VETRO-003\": {\"enabled\": false}, \"VETRO-090\": {\"enabled\": false}}}");
      List<Message> after = ask(client, RawClient.query(DELETE_ALL + " WHERE false OR true"));
      assertEquals("CZ", types(after), "same session, new policy");
      policy.set(TestPolicies.ENFORCE_DEFAULTS);
      assertEquals("EZ", types(ask(client, RawClient.query(DELETE_ALL + " WHERE false OR true"))));
    }
  }

  @Test
  void observeModeLetsTheStatementRunAndRecordsWhatEnforceWouldHaveDone() throws IOException {
    policy.set(TestPolicies.OBSERVE_DEFAULTS);
    try (RawClient client = login()) {
      List<Message> answer = ask(client, RawClient.query(DELETE_ALL + " WHERE id = -1 OR 1 = 1"));
      assertEquals("CZ", types(answer));
      assertEquals("TDCZ", types(ask(client, RawClient.query("SELECT 1"))));
    }
    List<DecisionEvent> events = sink.events();
    DecisionEvent delete =
        events.stream().filter(e -> e.redactedSql().startsWith("DELETE")).findFirst().orElseThrow();
    assertEquals(Verdict.FLAGGED, delete.decision().decision());
    assertEquals(Verdict.BLOCKED, delete.decision().enforceDecision());
    assertEquals(2L, delete.policyVersion());
    assertEquals(
        "DELETE FROM " + TABLE + " WHERE id = -? OR ? = ?",
        delete.redactedSql().replace("- ?", "-?"));
    assertTrue(
        events.stream().anyMatch(e -> e.decision().decision() == Verdict.ALLOWED),
        "observe mode records allowed statements too: " + events);
  }

  @Test
  void statementAbovePolicyMaxQueryBytesIsBlockedAndTheSessionGoesOn() throws IOException {
    policy.set("{\"max_query_bytes\": 4096}");
    try (RawClient client = login()) {
      String big = "SELECT '" + "x".repeat(5000) + "'";
      List<Message> answer = ask(client, RawClient.query(big));
      assertEquals("EZ", types(answer));
      assertTrue(
          answer.get(0).fields().get('M').startsWith("blocked by VETRO-QUERY-TOO-LARGE"),
          answer.get(0).fields().toString());
      assertEquals("TDCZ", types(ask(client, RawClient.query("SELECT 1"))));
    }
  }

  @Test
  void replicationStartupIsRefusedWithFatal42501() throws IOException {
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.send(
          RawClient.startupMessage(
              Map.of(
                  "user",
                  PostgresServer.TRUST_USER,
                  "database",
                  "vetro_test",
                  "replication",
                  "database")));
      List<Message> answer = client.readToEnd();
      assertEquals("E", types(answer));
      assertEquals("FATAL", answer.get(0).fields().get('S'));
      assertEquals("42501", answer.get(0).fields().get('C'));
      assertTrue(
          answer.get(0).fields().get('M').startsWith("blocked by VETRO-071"),
          answer.get(0).fields().toString());
    }
    assertEquals(StatementProtocol.REPLICATION, sink.events().get(0).protocol());
  }

  @Test
  void replicationStartupOfAnExemptRoleReachesTheServer() throws IOException {
    policy.set("{\"role_exceptions\": {\"" + PostgresServer.TRUST_USER + "\": [\"VETRO-071\"]}}");
    try (RawClient client = new RawClient(proxy.boundPort())) {
      client.send(
          RawClient.startupMessage(
              Map.of(
                  "user",
                  PostgresServer.TRUST_USER,
                  "database",
                  "vetro_test",
                  "replication",
                  "database")));
      Message first = client.read();
      // The server decides now: it logs the role in, or refuses it for its own reason.
      assertFalse(
          first.type() == 'E' && first.fields().get('M').startsWith("blocked by"),
          first.fields().toString());
    }
  }

  private RawClient login() throws IOException {
    RawClient client = new RawClient(proxy.boundPort());
    client.login(PostgresServer.TRUST_USER, "raw-enforce");
    return client;
  }

  private List<Message> ask(RawClient client, byte[] messages) throws IOException {
    client.send(messages);
    return untilReady(client);
  }

  private List<Message> untilReady(RawClient client) {
    List<Message> got = new ArrayList<>();
    try {
      Message m;
      do {
        m = client.read();
        got.add(m);
      } while (m.type() != 'Z');
      return got;
    } catch (IOException e) {
      throw new AssertionError("connection ended after " + types(got), e);
    }
  }

  private static String types(List<Message> messages) {
    return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
  }

  private static char status(List<Message> answer) {
    return (char) answer.get(answer.size() - 1).payload()[0];
  }

  private static String cstring(byte[] payload) {
    int end = 0;
    while (payload[end] != 0) {
      end++;
    }
    return new String(payload, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void assertNoSentinel(List<Message> messages) {
    for (Message m : messages) {
      assertFalse(
          new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8)
              .contains("vetro_blocked_"),
          () ->
              "a sentinel leaked: "
                  + m.type()
                  + " "
                  + new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
