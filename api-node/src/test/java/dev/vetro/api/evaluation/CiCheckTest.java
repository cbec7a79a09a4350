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

  private static final CiCheck CHECK = new CiCheck(PolicyEngine.create(EngineOptions.defaults()));

  private static CiCheck.Report run(String sql) {
    return CHECK.run(
        List.of(new CiCheck.SourceFile("m.sql", sql)),
        "postgres",
        null,
        Policy.defaults().compile());
  }

  @Test
  void concurrentIndexInsideAnExplicitTransactionIsReported() {
    CiCheck.Report r =
        run(
            "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n"
                + "CREATE INDEX CONCURRENTLY j ON t (b);\n");
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

  @Test
  void aCommentBeforeCommitDoesNotHideTheEndOfTheBlock() {
    // whitespace splitting read "/*" as the first word here and kept the block open
    CiCheck.Report r = run("BEGIN;\n/* done */ COMMIT;\nCREATE INDEX CONCURRENTLY j ON t (b);\n");
    assertFalse(
        r.results().get(2).violations().stream().anyMatch(v -> v.code().equals("VETRO-027")),
        r.toString());
  }

  @Test
  void inlineIgnoreWithAReasonIsHonouredByTheApi() {
    CiCheck.Report r =
        run("-- vetro:ignore VETRO-001 staging reset script, reviewed in #42\nDELETE FROM t;\n");
    CiCheck.Result only = r.results().get(0);
    assertEquals("ALLOWED", only.decision(), only.toString());
    assertEquals(List.of("VETRO-001"), only.ignored());
    assertTrue(r.passed());
  }
}
