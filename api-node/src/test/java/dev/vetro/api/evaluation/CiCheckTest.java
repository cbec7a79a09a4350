package dev.vetro.api.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class CiCheckTest {

  @Test
  void transactionBlockIsTrackedAcrossStatements() {
    assertTrue(CiCheck.transactionAfter("BEGIN", false));
    assertTrue(CiCheck.transactionAfter("start transaction", false));
    assertTrue(CiCheck.transactionAfter("ROLLBACK TO SAVEPOINT s1", true));
    assertFalse(CiCheck.transactionAfter("COMMIT", true));
    assertTrue(CiCheck.transactionAfter("SELECT 1", true));
  }

  @Test
  void concurrentIndexInsideAnExplicitTransactionIsReported() {
    CiCheck check = new CiCheck(PolicyEngine.create(EngineOptions.defaults()));
    String sql =
        "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\nCREATE INDEX CONCURRENTLY j ON t (b);\n";
    CiCheck.Report r =
        check.run(
            List.of(new CiCheck.SourceFile("m.sql", sql)),
            "postgres",
            null,
            Policy.defaults().compile());
    assertEquals(4, r.statements());
    CiCheck.Result inside = r.results().get(1);
    CiCheck.Result outside = r.results().get(3);
    assertTrue(
        inside.violations().stream().anyMatch(v -> v.code().equals("VETRO-027")),
        inside.toString());
    assertFalse(
        outside.violations().stream().anyMatch(v -> v.code().equals("VETRO-027")),
        outside.toString());
    assertEquals(2, inside.line());
  }
}
