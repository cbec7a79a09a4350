package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.protocol.backend.ErrorResponse;
import dev.vetro.protocol.frontend.FrontendCodec;
import dev.vetro.protocol.frontend.Parse;
import dev.vetro.protocol.frontend.Query;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The per-session bookkeeping between a sentinel going up and its error coming back. */
class SentinelBookkeepingTest {
  private final TestPolicies.RecordingSink sink = new TestPolicies.RecordingSink();
  private final SessionEnforcement state =
      new SessionEnforcement(
          Enforcement.create(new TestPolicies.SwappablePolicy(TestPolicies.ENFORCE_DEFAULTS), sink),
          new SessionFacts("1", "app", "db", "test"));

  @Test
  void eachSentinelErrorIsRewrittenToItsOwnBlockAndSkippedOnesAreDropped() {
    String first = state.block(decision("VETRO-001", "DELETE without WHERE"));
    String second = state.block(decision("VETRO-011", "TRUNCATE"));
    assertEquals(2, state.pendingSentinels());
    // The first sentinel was skipped by the server (an earlier error); the second one's comes back.
    ErrorResponse replaced = state.replacementFor(syntaxError(second));
    assertEquals("blocked by VETRO-011: TRUNCATE", replaced.message());
    assertEquals("42501", replaced.sqlState());
    assertEquals(0, state.pendingSentinels(), "older entries go with it: " + first);
  }

  @Test
  void sentinelOneIsNotTakenForSentinelTwelve() {
    String[] sentinels = new String[12];
    for (int i = 0; i < 12; i++) {
      sentinels[i] = state.block(decision("VETRO-0" + (10 + i), "rule " + i));
    }
    assertTrue(sentinels[11].startsWith(sentinels[0].substring(0, sentinels[0].length() - 1)));
    assertEquals(
        "blocked by VETRO-010: rule 0", state.replacementFor(syntaxError(sentinels[0])).message());
    assertEquals(11, state.pendingSentinels());
  }

  @Test
  void pendingSentinelsOfAPipelineAreDroppedAtTheReadyForQueryThatEndsIt() {
    state.readyForQuery(); // the startup's
    state.block(decision("VETRO-001", "DELETE without WHERE")); // answered by the next RFQ
    state.readyRequested(); // its Sync
    state.block(decision("VETRO-011", "TRUNCATE")); // in the next pipeline
    state.readyForQuery();
    assertEquals(1, state.pendingSentinels());
    state.readyRequested();
    state.readyForQuery();
    assertEquals(0, state.pendingSentinels());
  }

  @Test
  void aSentinelErrorWithoutPendingEntryIsStillNeverShownAsIs() {
    String sentinel = state.block(decision("VETRO-001", "DELETE without WHERE"));
    state.replacementFor(syntaxError(sentinel));
    ErrorResponse again = state.replacementFor(syntaxError(sentinel));
    assertNotNull(again);
    assertEquals("42501", again.sqlState());
  }

  @Test
  void realErrorsAreNotRewritten() {
    state.block(decision("VETRO-001", "DELETE without WHERE"));
    assertNull(
        state.replacementFor(
            new ServerError("42601", "syntax error at or near \"vetro_blocked_x_1\"")));
    assertNull(state.replacementFor(new ServerError("22012", "division by zero")));
    assertNull(
        state.replacementFor(
            new ServerError("26000", "prepared statement \"other\" does not exist")));
  }

  @Test
  void blockedStatementNamesAreRewrittenUntilAnAllowedParseReusesThem() {
    state.blockedStatement("s1", decision("VETRO-001", "DELETE without WHERE"));
    state.blockedStatement("", decision("VETRO-081", "DO block"));
    assertEquals(
        "blocked by VETRO-001: DELETE without WHERE",
        state
            .replacementFor(new ServerError("26000", "prepared statement \"s1\" does not exist"))
            .message());
    assertEquals(
        "blocked by VETRO-081: DO block",
        state
            .replacementFor(new ServerError("26000", "unnamed prepared statement does not exist"))
            .message());
    state.allowedStatement("s1");
    assertNull(
        state.replacementFor(new ServerError("26000", "prepared statement \"s1\" does not exist")));
    assertEquals(1, state.blockedStatementNames());
  }

  @Test
  void blockedStatementNamesAreBounded() {
    for (int i = 0; i < BlockedStatements.MAX_NAMES + 50; i++) {
      state.blockedStatement("s" + i, decision("VETRO-001", "DELETE without WHERE"));
    }
    assertEquals(BlockedStatements.MAX_NAMES, state.blockedStatementNames());
    assertNull(
        state.replacementFor(new ServerError("26000", "prepared statement \"s0\" does not exist")),
        "the oldest name was pushed out");
  }

  @Test
  void sentinelsDifferPerSessionAndFailInTheParser() {
    String mine = state.block(decision("VETRO-001", "DELETE without WHERE"));
    String other = new Sentinels().next();
    assertNotEquals(
        mine.substring(0, mine.lastIndexOf('_')), other.substring(0, other.lastIndexOf('_')));
    assertTrue(mine.matches("vetro_blocked_[0-9a-f]{16}_[0-9]+"), mine);
  }

  @Test
  void sentinelMessagesAreWellFormedAndKeepTheClientsStatementName() {
    byte[] name = "st\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    ByteString parsePayload =
        ByteString.fromArray(name)
            .concat(ByteString.fromArray(new byte[] {0}))
            .concat(ByteString.fromString("DELETE FROM t"))
            .concat(ByteString.fromArray(new byte[] {0, 0, 1, 0, 0, 0, 23}));
    Parse parse = Parse.decode(parsePayload, StandardCharsets.ISO_8859_1);
    assertEquals("st\u00e9", parse.name());
    assertEquals("DELETE FROM t", parse.query());
    assertEquals(List.of(23), parse.parameterTypes());
    ByteString nameBytes = parsePayload.take(name.length + 1);
    ByteString sentinelParse = SentinelMessages.parseNamedAs(parsePayload, "vetro_blocked_ab_1");
    assertEquals(nameBytes, sentinelParse.slice(5, 5 + nameBytes.length()));
    assertEquals(
        sentinelParse.length() - 1,
        sentinelParse.drop(1).iterator().getInt(java.nio.ByteOrder.BIG_ENDIAN));
    ByteString utf8Named =
        SentinelMessages.parse(ByteString.fromString("s1\u0000"), "vetro_blocked_ab_2");
    assertEquals(
        new Parse("s1", "vetro_blocked_ab_2", List.of()),
        FrontendCodec.decode((byte) 'P', utf8Named.drop(5)));
    assertEquals(
        new Query("vetro_blocked_ab_3"),
        FrontendCodec.decode((byte) 'Q', SentinelMessages.query("vetro_blocked_ab_3").drop(5)));
  }

  @Test
  void fastPathCallsOfKnownFunctionsReadAsTheirSql() {
    assertEquals("SELECT pg_catalog.lowrite($1, $2)", FunctionCalls.asSql(955, 2));
    assertEquals("SELECT pg_catalog.lo_creat($1)", FunctionCalls.asSql(957, 1));
    assertNull(FunctionCalls.asSql(177, 2));
  }

  @Test
  void serverErrorFieldsAreReadInTheClientEncoding() {
    ErrorResponse error =
        ErrorResponse.of("ERROR", "42P01", "relation \"tabl\u00e9\" does not exist");
    ByteString latin1 = BlockedErrors.encode(error, StandardCharsets.ISO_8859_1);
    ServerError read = ServerError.read(latin1.drop(5), StandardCharsets.ISO_8859_1);
    assertEquals(new ServerError("42P01", "relation \"tabl\u00e9\" does not exist"), read);
    assertEquals(
        latin1.length(), error.encode().length() - 1, "one byte for \u00e9 instead of two");
  }

  @Test
  void sessionCountsWhatWasJudgedForItsActor() {
    state.counted(decision("VETRO-001", "DELETE without WHERE"));
    state.counted(
        new Decision(Verdict.ALLOWED, null, null, null, null, null, List.of(), "f", null));
    state.counted(
        new Decision(Verdict.ALLOWED, null, null, null, null, null, List.of(), "g", null));
    state.blockedStatement("s1", decision("VETRO-001", "DELETE without WHERE"));
    assertEquals(new dev.vetro.proxy.session.JudgedCounts(2, 0, 1, 1), state.judgedCounts());
  }

  private static Decision decision(String code, String message) {
    return new Decision(
        Verdict.BLOCKED, code, "X > Y", "critical", message, "fix it", List.of(), "f", null);
  }

  private static ServerError syntaxError(String sentinel) {
    return new ServerError("42601", "syntax error at or near \"" + sentinel + "\"");
  }
}
