package dev.vetro.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineIgnoresTest {

  private static final CheckPipeline PIPELINE =
      new CheckPipeline(PolicyEngine.create(EngineOptions.defaults()));

  private static List<StatementResult> check(String file) {
    return PIPELINE
        .run(
            List.of(new CheckInput("m.sql", file)),
            EvalContext.postgres(null),
            Policy.defaults().compile())
        .results();
  }

  private static StatementResult last(String file) {
    List<StatementResult> r = check(file);
    return r.get(r.size() - 1);
  }

  @Test
  void aDirectiveWithAReasonOnTheLineBeforeSuppressesItsCodes() {
    StatementResult r =
        last(
            "SELECT 1;\n  -- vetro:ignore VETRO-001, VETRO-042 nightly reset of a scratch table\n"
                + "DELETE FROM scratch;\n");
    assertEquals(Verdict.ALLOWED, r.decision(), r.toString());
    assertEquals(List.of("VETRO-001"), r.ignored());
  }

  @Test
  void aDirectiveForAnotherCodeSuppressesNothing() {
    StatementResult r = last("-- vetro:ignore VETRO-010 wrong rule\nDELETE FROM t;\n");
    assertEquals(Verdict.BLOCKED, r.decision());
    assertTrue(r.ignored().isEmpty());
  }

  @Test
  void textInsideAStringThatLooksLikeADirectiveSuppressesNothing() {
    // line 2 is inside the literal; a line-based reader would take it for a directive
    StatementResult r =
        last(
            "INSERT INTO notes VALUES ('\n-- vetro:ignore VETRO-001 sneaky\n'); DELETE FROM users;\n");
    assertEquals(3, r.line());
    assertEquals(Verdict.BLOCKED, r.decision(), r.toString());
    assertTrue(r.ignored().isEmpty());
  }

  @Test
  void textInsideADollarQuotedBodySuppressesNothing() {
    StatementResult r =
        last("SELECT $$\n-- vetro:ignore VETRO-010 sneaky\n$$; DROP TABLE users;\n");
    assertEquals(Verdict.BLOCKED, r.decision(), r.toString());
  }

  @Test
  void aDirectiveAfterCodeOnItsLineIsNotADirective() {
    StatementResult r = last("SELECT 1; -- vetro:ignore VETRO-001 trailing\nDELETE FROM users;\n");
    assertEquals(Verdict.BLOCKED, r.decision(), r.toString());
  }

  @Test
  void aDirectiveSeparatedByABlankLineDoesNotReachTheStatement() {
    StatementResult r = last("-- vetro:ignore VETRO-001 too far away\n\nDELETE FROM users;\n");
    assertEquals(Verdict.BLOCKED, r.decision());
  }

  @Test
  void aDirectiveWithoutAReasonIsReportedAndSuppressesNothing() {
    StatementResult r = last("-- vetro:ignore VETRO-001\nDELETE FROM users;\n");
    assertEquals(Verdict.BLOCKED, r.decision());
    assertTrue(
        r.violations().stream()
            .anyMatch(
                v -> v.code().equals("VETRO-IGNORE-NO-REASON") && v.action() == Verdict.FLAGGED),
        r.toString());
  }
}
