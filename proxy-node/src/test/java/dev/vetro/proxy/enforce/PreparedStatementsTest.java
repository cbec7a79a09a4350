package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedStatementsTest {
  private final CompiledPolicy first = Policy.fromJson("{\"version\": 1}").compile();
  private final CompiledPolicy second = Policy.fromJson("{\"version\": 2}").compile();

  @Test
  void boundedByNamesWithTheLeastRecentlyBoundForgottenFirst() {
    PreparedStatements s = new PreparedStatements();
    for (int i = 0; i < PreparedStatements.MAX_STATEMENTS; i++) {
      s.prepared("s" + i, "SELECT " + i, first);
    }
    assertNotNull(s.get("s0")); // bound again: now the most recent
    s.prepared("one-more", "SELECT 0", first);
    assertEquals(PreparedStatements.MAX_STATEMENTS, s.size());
    assertNotNull(s.get("s0"));
    assertNull(s.get("s1"), "the least recently used went");
    assertTrue(
        s.unknownNameIsSafe(first), "forgotten under the policy in force: judged under it already");
    assertFalse(
        s.unknownNameIsSafe(second), "after a change a forgotten statement cannot be re-judged");
  }

  @Test
  void theSameTextParsedAgainLeavesTheSameStateAsAFreshEntry() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("", "SELECT 1", first);
    s.prepared("x", "SELECT 2", first);
    long chars = s.chars();
    s.prepared("", "SELECT 1", first); // again, as pgbench -M extended does per transaction
    assertEquals(chars, s.chars());
    assertEquals(2, s.size());
    assertTrue(s.settledUnder(first));
    assertNull(s.get("").replaced);
    // Blocked at a Bind, then allowed by a later Parse of the same text: a clean entry again.
    s.rejudged(s.get(""), first, true);
    assertFalse(s.settledUnder(first));
    s.prepared("", "SELECT 1", first);
    assertFalse(s.get("").blocked);
    assertTrue(s.settledUnder(first));
    // Under another policy: judged under that one from now on.
    s.prepared("", "SELECT 1", second);
    assertEquals(second, s.get("").judgedUnder);
    assertEquals(chars, s.chars());
  }

  @Test
  void boundedByTextSoOneHugeStatementIsForgottenRatherThanKept() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("small", "SELECT 1", first);
    s.prepared(
        "huge", "SELECT '" + "x".repeat((int) PreparedStatements.MAX_TEXT_CHARS) + "'", first);
    assertNull(s.get("huge"));
    assertTrue(s.chars() <= PreparedStatements.MAX_TEXT_CHARS);
    assertFalse(s.unknownNameIsSafe(second));
  }

  @Test
  void aStatementForgottenWhileBlockedIsNeverSafe() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("del", "DELETE FROM t", first);
    s.rejudged(s.get("del"), first, true);
    s.prepared(
        "huge", "x".repeat((int) PreparedStatements.MAX_TEXT_CHARS), first); // pushes both out
    assertFalse(s.unknownNameIsSafe(first));
  }

  @Test
  void bindsNeedNoLookOnlyWhileEveryStatementIsAllowedUnderThePolicyInForce() {
    PreparedStatements s = new PreparedStatements();
    assertTrue(s.settledUnder(first), "nothing prepared");
    s.prepared("a", "SELECT 1", first);
    s.prepared("b", "SELECT 2", first);
    assertTrue(s.settledUnder(first));
    assertFalse(
        s.settledUnder(second),
        "after a change, Binds are read until each statement is judged again");
    s.rejudged(s.get("a"), second, false);
    assertFalse(s.settledUnder(second), "b is still from the old policy");
    s.rejudged(s.get("b"), second, true);
    assertFalse(s.settledUnder(second), "b is blocked now: its Binds must be refused");
    s.closed("b");
    assertTrue(s.settledUnder(second));
  }

  @Test
  void closeAndUnnamedReplacementFreeTheirText() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("", "SELECT 1", first);
    s.prepared("", "SELECT 22", first);
    assertNull(s.get("").replaced, "the unnamed statement is replaced, not kept twice");
    s.prepared("n", "SELECT 333", first);
    s.closed("n");
    s.parseBlocked(""); // the server drops the unnamed statement before the sentinel fails
    assertEquals(0, s.size());
    assertEquals(0, s.chars());
    assertTrue(s.isEmpty());
  }

  @Test
  void secondParseOfANameKeepsTheTextTheServerMayStillHold() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("n", "SELECT 1", first);
    s.prepared(
        "n", "DELETE FROM t", first); // 42P05 upstream unless the client deallocated n in SQL
    assertEquals("SELECT 1", s.get("n").replaced);
    assertEquals("DELETE FROM t", s.get("n").sql);
  }

  @Test
  void aStatementJudgedAtBindKeepsEveryBindReadUntilItIsGone() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("a", "SELECT 1", first);
    assertTrue(s.settledUnder(first));
    s.prepared("del", "DELETE FROM t WHERE $1", List.of(16), first);
    assertFalse(s.settledUnder(first), "WHERE $1: each Bind's values decide");
    s.rejudged(s.get("del"), first, false);
    assertFalse(s.settledUnder(first), "allowed for one value says nothing of the next");
    s.closed("del");
    assertTrue(s.settledUnder(first));
    s.prepared("", "DELETE FROM t WHERE $1", List.of(), first);
    assertFalse(s.settledUnder(first));
    s.prepared("", "SELECT 2", first); // the unnamed statement is replaced
    assertTrue(s.settledUnder(first));
  }

  @Test
  void aSecondParseOverAStatementJudgedAtBindStillJudgesTheOldOneAtBind() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("n", "DELETE FROM t WHERE $1", List.of(16), first);
    s.prepared("n", "SELECT 1", first); // 42P05 upstream: the server keeps the DELETE
    assertTrue(s.get("n").judgedAtBind());
    assertEquals(List.of(16), s.get("n").replacedBindTypes);
    assertFalse(s.settledUnder(first));
  }

  @Test
  void aForgottenStatementJudgedAtBindIsNeverSafe() {
    PreparedStatements s = new PreparedStatements();
    s.prepared("del", "DELETE FROM t WHERE $1", List.of(), first);
    s.prepared("huge", "x".repeat((int) PreparedStatements.MAX_TEXT_CHARS), first);
    assertNull(s.get("del"));
    assertFalse(s.unknownNameIsSafe(first), "its next Bind might bind true");
    assertFalse(s.settledUnder(first));
  }
}
