package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.decision.Verdict;
import dev.vetro.proxy.events.StatementProtocol;
import org.junit.jupiter.api.Test;

/**
 * The exact-text memo in front of the engine never answers for another policy, role or session
 * state.
 */
class DecisionMemoTest {
  private final TestPolicies.SwappablePolicy policy =
      new TestPolicies.SwappablePolicy("{\"role_exceptions\": {\"migrator\": [\"VETRO-001\"]}}");
  private final TestPolicies.RecordingSink sink = new TestPolicies.RecordingSink();
  private final Enforcement enforcement = Enforcement.create(policy, sink);
  private final SessionFacts app = new SessionFacts("1", "app", "db", null);
  private final SessionFacts migrator = new SessionFacts("2", "migrator", "db", null);

  @Test
  void repeatedTextUnderANewPolicyIsJudgedByTheNewPolicy() {
    assertTrue(judge("DELETE FROM t", app).blocked());
    assertTrue(judge("DELETE FROM t", app).blocked());
    policy.set("{\"rules\": {\"VETRO-001\": {\"enabled\": false}}}");
    assertFalse(judge("DELETE FROM t", app).blocked());
  }

  @Test
  void repeatedTextIsJudgedPerRole() {
    assertTrue(judge("DELETE FROM t", app).blocked());
    assertFalse(judge("DELETE FROM t", migrator).blocked());
    assertTrue(judge("DELETE FROM t", app).blocked());
  }

  @Test
  void repeatedTextIsJudgedPerTransactionState() {
    String concurrently = "CREATE INDEX CONCURRENTLY i ON t (a)";
    assertEquals(
        Verdict.ALLOWED,
        enforcement.judgeSql(concurrently, app, true, false, StatementProtocol.SIMPLE).decision());
    assertEquals(
        "VETRO-027",
        enforcement.judgeSql(concurrently, app, true, true, StatementProtocol.SIMPLE).ruleCode());
  }

  @Test
  void memoHitsAreStillRecordedInObserveMode() {
    policy.set(TestPolicies.OBSERVE_DEFAULTS);
    judge("SELECT 1", app);
    judge("SELECT 1", app);
    assertEquals(2, sink.events().size());
  }

  @Test
  void aTextIsMemoizedOnlyWhenItComesBack() {
    DecisionMemo memo = new DecisionMemo();
    var decision = judge("SELECT 1", app);
    memo.put(new DecisionMemo.Key("SELECT 1 /* once */", null, "app", true, false), decision);
    assertEquals(0, memo.size());
    memo.put(new DecisionMemo.Key("SELECT 2", null, "app", true, false), decision);
    memo.put(new DecisionMemo.Key("SELECT 2", null, "app", true, false), decision);
    assertEquals(1, memo.size());
  }

  private dev.vetro.policy.decision.Decision judge(String sql, SessionFacts facts) {
    return enforcement.judgeSql(sql, facts, true, false, StatementProtocol.EXTENDED);
  }
}
