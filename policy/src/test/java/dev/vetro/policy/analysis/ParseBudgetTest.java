package dev.vetro.policy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * JSqlParser needs seconds for a 50,000-row INSERT with expressions (measured: 2–10 s; no corpus
 * statement exceeds 100 ms, see docs/policy-engine.md). Past the budget the statement must become a
 * parse error instead of holding the caller.
 */
class ParseBudgetTest {

  private static String hugeInsert() {
    StringBuilder sb = new StringBuilder("INSERT INTO t (a, b, c, d) VALUES ");
    for (int i = 0; i < 50_000; i++) {
      sb.append(i == 0 ? "" : ",").append('(').append(i).append(",'x', now(), (1 + 2) * 3)");
    }
    return sb.toString();
  }

  @Test
  void statementThatMakesJSqlParserSlowBecomesAParseErrorAndStillNamesTheRowCount() {
    PolicyEngine engine =
        PolicyEngine.create(EngineOptions.defaults().withParseBudget(Duration.ofMillis(50)));
    Decision d =
        engine.evaluate(
            hugeInsert(),
            EvalContext.postgres("app"),
            Policy.fromJson("{\"max_query_bytes\": 10000000}").compile());
    assertEquals(Verdict.BLOCKED, d.decision(), d::toJson);
    assertTrue(
        d.violations().stream()
            .anyMatch(
                v ->
                    v.code().equals("VETRO-PARSE-ERROR")
                        && v.message().contains("time budget of 50 ms exceeded")),
        d::toJson);
    assertTrue(
        d.violations().stream()
            .anyMatch(v -> v.code().equals("VETRO-061") && v.message().contains("50000 rows")),
        d::toJson);
  }

  @Test
  void aTimedOutStatementIsNotCachedSoALaterRunIsJudgedAfresh() {
    PolicyEngine engine =
        PolicyEngine.create(EngineOptions.defaults().withParseBudget(Duration.ofMillis(50)));
    engine.evaluate(
        hugeInsert(),
        EvalContext.postgres("app"),
        Policy.fromJson("{\"max_query_bytes\": 10000000}").compile());
    assertEquals(0, engine.cache().size());
  }
}
