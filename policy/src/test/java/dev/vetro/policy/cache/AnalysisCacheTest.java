package dev.vetro.policy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.policy.lexer.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AnalysisCacheTest {

  private final PolicyEngine engine =
      PolicyEngine.create(EngineOptions.defaults().withCacheEntries(100));
  private final CompiledPolicy policy = Policy.defaults().compile();
  private final EvalContext ctx = EvalContext.postgres("app");

  @Test
  void tautologyAndItsNegationShareAFingerprintButNotADecision() {
    var a = engine.evaluate("DELETE FROM t WHERE 1 = 2", ctx, policy);
    var b = engine.evaluate("DELETE FROM t WHERE 1 = 1", ctx, policy);
    var c = engine.evaluate("DELETE FROM t WHERE 1 = 2", ctx, policy);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertEquals(Verdict.ALLOWED, a.decision());
    assertEquals(Verdict.BLOCKED, b.decision());
    assertEquals(Verdict.ALLOWED, c.decision());
  }

  @Test
  void literalIndependentStatementsAreServedFromTheCacheWithChangingLiterals() {
    for (int i = 0; i < 50; i++) {
      engine.evaluate(
          "UPDATE pgbench_accounts SET abalance = abalance + " + i + " WHERE aid = " + i,
          ctx,
          policy);
    }
    assertEquals(1, engine.cache().size());
    assertTrue(engine.cache().hits() >= 49);
  }

  @Test
  void unterminatedStringNeverReusesTheAnalysisOfItsTerminatedTwin() {
    assertEquals(Verdict.ALLOWED, engine.evaluate("SELECT 'abc'", ctx, policy).decision());
    assertEquals(Verdict.BLOCKED, engine.evaluate("SELECT 'abc", ctx, policy).decision());
  }

  @Test
  void backslashModeIsPartOfTheKey() {
    String sql = "SELECT 'a\\'; DROP TABLE t; --'";
    var off = new EvalContext(Dialect.POSTGRES, "app", false, false);
    assertEquals(Verdict.ALLOWED, engine.evaluate(sql, off, policy).decision());
    assertEquals(Verdict.BLOCKED, engine.evaluate(sql, ctx, policy).decision());
  }

  @Test
  void roleAndTransactionStateApplyAfterTheCache() {
    CompiledPolicy p =
        Policy.fromJson("{\"role_exceptions\": {\"migrator\": [\"VETRO-015\"]}}").compile();
    String sql = "ALTER TABLE u DROP COLUMN c";
    assertEquals(Verdict.BLOCKED, engine.evaluate(sql, ctx, p).decision());
    assertEquals(
        Verdict.ALLOWED, engine.evaluate(sql, EvalContext.postgres("migrator"), p).decision());
    String idx = "CREATE INDEX CONCURRENTLY i ON t (a)";
    assertEquals(Verdict.ALLOWED, engine.evaluate(idx, ctx, policy).decision());
    assertEquals(
        Verdict.FLAGGED,
        engine
            .evaluate(idx, new EvalContext(Dialect.POSTGRES, "app", true, true), policy)
            .decision());
  }

  @Test
  void sizeStaysBoundedUnderManyDistinctStatements() {
    for (int i = 0; i < 1_000; i++) {
      engine.evaluate("SELECT c" + i + " FROM t WHERE id = 1", ctx, policy);
    }
    assertTrue(engine.cache().size() <= 100, "size " + engine.cache().size());
  }

  @Test
  void concurrentCallersGetTheSameDecisions() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Verdict>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String sql = i % 2 == 0 ? "DELETE FROM t WHERE id = " + i : "DELETE FROM t";
        futures.add(pool.submit(() -> engine.evaluate(sql, ctx, policy).decision()));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertEquals(i % 2 == 0 ? Verdict.ALLOWED : Verdict.BLOCKED, futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
